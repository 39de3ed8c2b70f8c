package org.cairn.scu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.cairn.association.DicomNodeFixture;
import org.cairn.association.VerificationService;
import org.cairn.net.dimse.Status;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Cairn's SCU against Cairn's own acceptor: echoes, release, and a rejection it reports. */
class ScuAgainstCairnTest {
    static DicomClient client;

    @BeforeAll
    static void client() {
        client = DicomClient.create();
    }

    @AfterAll
    static void close() {
        client.close();
    }

    static ScuAssociation open(int port, AssociationRequest request) throws Exception {
        return client.connect("127.0.0.1", port, request).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void echoesCairnAndReleases() throws Exception {
        try (DicomNodeFixture node = new DicomNodeFixture(Map.of(), new VerificationService())) {
            ScuAssociation a = open(node.port(), AssociationRequest.to("CAIRN").verification());
            for (int i = 0; i < 5; i++) {
                assertThat(a.echo().toCompletableFuture().get(10, TimeUnit.SECONDS)).isEqualTo(Status.SUCCESS);
            }
            a.release().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThatThrownBy(() -> open(node.port(), AssociationRequest.to("WRONG").verification()))
                .hasCauseInstanceOf(ScuException.class).hasMessageContaining("result 1, source 1, reason 7");
        }
    }

    /** Answers C-ECHO after a delay, from another thread, and records how many requests were outstanding at once. */
    static final class SlowEcho implements org.cairn.association.DimseService {
        final java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors.newScheduledThreadPool(1);
        final java.util.concurrent.atomic.AtomicInteger outstanding = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger mostOutstanding = new java.util.concurrent.atomic.AtomicInteger();
        final boolean answer;

        SlowEcho(boolean answer) {
            this.answer = answer;
        }

        @Override
        public java.util.Set<String> sopClasses() {
            return java.util.Set.of(org.cairn.dicom.dict.UID.Verification);
        }

        @Override
        public org.cairn.association.DataSetConsumer onCommand(org.cairn.association.DimseContext context,
                                                               org.cairn.dicom.DataSet command) {
            mostOutstanding.accumulateAndGet(outstanding.incrementAndGet(), Math::max);
            if (answer) {
                timer.schedule(() -> {
                    outstanding.decrementAndGet();
                    context.respond(org.cairn.net.dimse.Commands.response(command, Status.SUCCESS, false), null);
                }, 20, TimeUnit.MILLISECONDS);
            }
            return null;
        }
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {8, 0})
    void asynchronousWindowKeepsSeveralRequestsInFlight(int asked) throws Exception {
        SlowEcho slow = new SlowEcho(true);
        try (DicomNodeFixture node = new DicomNodeFixture(Map.of("cairn.dicom.max-operations-invoked", 4), slow)) {
            ScuAssociation a = open(node.port(), AssociationRequest.to("CAIRN").verification().maxOperationsInvoked(asked));
            assertThat(a.accept().userInformation().asyncOperations().maxInvoked()).isEqualTo(4);
            java.util.List<java.util.concurrent.CompletableFuture<Integer>> echoes = new java.util.ArrayList<>();
            for (int i = 0; i < 40; i++) {
                echoes.add(a.echo().toCompletableFuture());
            }
            for (var e : echoes) {
                assertThat(e.get(30, TimeUnit.SECONDS)).isEqualTo(Status.SUCCESS);
            }
            assertThat(slow.mostOutstanding.get()).as("requests in flight at once").isEqualTo(4);
            a.release().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } finally {
            slow.timer.shutdownNow();
        }
    }

    @Test
    void unansweredRequestTripsTheDimseTimeout() throws Exception {
        SlowEcho silent = new SlowEcho(false);
        try (DicomNodeFixture node = new DicomNodeFixture(Map.of(), silent)) {
            ScuAssociation a = open(node.port(), AssociationRequest.to("CAIRN").verification()
                .dimseTimeout(java.time.Duration.ofMillis(300)));
            assertThatThrownBy(() -> a.echo().toCompletableFuture().get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(ScuException.class).hasMessageContaining("no response to message 1 within 300 ms");
            long deadline = System.currentTimeMillis() + 5_000;
            while (node.server.openAssociations() > 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(node.server.openAssociations()).as("the abort ended the association at the acceptor").isZero();
        } finally {
            silent.timer.shutdownNow();
        }
    }
}
