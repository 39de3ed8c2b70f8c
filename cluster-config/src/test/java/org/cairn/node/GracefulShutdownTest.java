package org.cairn.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.cairn.dicom.dict.UID;
import org.cairn.dicom.testing.GeneratedFiles;
import org.cairn.net.dimse.Status;
import org.cairn.scu.AssociationRequest;
import org.cairn.scu.DicomClient;
import org.cairn.scu.DimseResponse;
import org.cairn.scu.ScuAssociation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node sent SIGTERM while an instance is arriving finishes storing it, answers success, then stops. */
class GracefulShutdownTest {

    @Test
    void inFlightInstanceIsFinishedBeforeTheNodeStops(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("multiframe.dcm");
        GeneratedFiles.multiFrame(big, 800); // about 420 MB: still arriving when the node is told to stop
        try (NodeProcess node = NodeProcess.start(dir.resolve("data"), dir.resolve("node.log"), "256m");
             DicomClient client = DicomClient.create()) {
            ScuAssociation a = client.connect("127.0.0.1", node.dicomPort, AssociationRequest.to("CAIRN")
                .propose(UID.EnhancedCTImageStorage, UID.ExplicitVRLittleEndian)).toCompletableFuture().get(30, TimeUnit.SECONDS);
            CompletableFuture<DimseResponse> store = a.store(big).toCompletableFuture();
            Thread.sleep(300);
            assertThat(store).as("still in flight when the node is asked to stop").isNotDone();
            node.process.destroy(); // SIGTERM
            assertThat(store.get(120, TimeUnit.SECONDS).status()).as(Files.readString(node.log)).isEqualTo(Status.SUCCESS);
            a.release().toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertThat(node.process.waitFor(60, TimeUnit.SECONDS)).as("stopped once the association ended").isTrue();
            assertThat(Files.readString(node.log)).contains("Cairn stopping");
        }
    }
}
