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
}
