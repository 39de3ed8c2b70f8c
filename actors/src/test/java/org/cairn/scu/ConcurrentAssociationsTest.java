package org.cairn.scu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.cairn.association.DicomNodeFixture;
import org.cairn.association.VerificationService;
import org.cairn.net.dimse.Status;
import org.junit.jupiter.api.Test;

/**
 * Acceptance 4 of the network issue: 500 concurrent associations each doing 10 C-ECHOs succeed, one over the limit
 * is rejected as transient, and the heap an open association costs is measured.
 */
class ConcurrentAssociationsTest {
    static final int ASSOCIATIONS = 500;

    @Test
    void fiveHundredAssociationsEchoTenTimesAndOneMoreIsTurnedAway() throws Exception {
        try (DicomNodeFixture node = new DicomNodeFixture(Map.of("cairn.dicom.max-associations", ASSOCIATIONS,
                 "cairn.dicom.max-associations-per-calling-ae", ASSOCIATIONS), new VerificationService());
             DicomClient client = DicomClient.create()) {
            long before = usedHeapAfterGc();
            List<CompletableFuture<ScuAssociation>> opening = new ArrayList<>();
            for (int i = 0; i < ASSOCIATIONS; i++) {
                opening.add(client.connect("127.0.0.1", node.port(), AssociationRequest.to("CAIRN").verification())
                    .toCompletableFuture());
            }
            List<ScuAssociation> open = new ArrayList<>();
            for (CompletableFuture<ScuAssociation> f : opening) {
                open.add(f.get(60, TimeUnit.SECONDS));
            }
            assertThat(node.server.openAssociations()).isEqualTo(ASSOCIATIONS);
            long perAssociation = (usedHeapAfterGc() - before) / ASSOCIATIONS;
            System.out.printf("heap per open association (server and client side in one JVM): %,d bytes%n",
                perAssociation);

            List<CompletableFuture<Integer>> echoes = new ArrayList<>();
            for (ScuAssociation a : open) {
                CompletableFuture<Integer> chain = CompletableFuture.completedFuture(Status.SUCCESS);
                for (int i = 0; i < 10; i++) {
                    chain = chain.thenCompose(previous -> previous != Status.SUCCESS
                        ? CompletableFuture.completedFuture(previous) : a.echo().toCompletableFuture());
                }
                echoes.add(chain);
            }
            for (CompletableFuture<Integer> e : echoes) {
                assertThat(e.get(60, TimeUnit.SECONDS)).isEqualTo(Status.SUCCESS);
            }

            ExecutionException overLimit = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> client.connect("127.0.0.1", node.port(), AssociationRequest.to("CAIRN").verification())
                    .toCompletableFuture().get(30, TimeUnit.SECONDS));
            assertThat(overLimit.getCause()).hasMessageContaining("result 2, source 3, reason 2");

            List<CompletableFuture<Void>> releases = new ArrayList<>();
            open.forEach(a -> releases.add(a.release().toCompletableFuture()));
            for (CompletableFuture<Void> r : releases) {
                r.get(60, TimeUnit.SECONDS);
            }
            long deadline = System.currentTimeMillis() + 10_000;
            while (node.server.openAssociations() > 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(node.server.openAssociations()).isZero();
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime r = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return r.totalMemory() - r.freeMemory();
    }
}
