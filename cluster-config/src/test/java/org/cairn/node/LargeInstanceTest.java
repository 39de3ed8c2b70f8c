package org.cairn.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.cairn.dicom.DicomWriter;
import org.cairn.dicom.TransferSyntax;
import org.cairn.dicom.dict.UID;
import org.cairn.dicom.testing.GeneratedFiles;
import org.cairn.net.dimse.Status;
import org.cairn.scu.AssociationRequest;
import org.cairn.scu.DicomClient;
import org.cairn.scu.DimseResponse;
import org.cairn.scu.ScuAssociation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4, acceptance 5: a generated 1 GB multi-frame instance is stored by a node with a 256 MB heap while four
 * other associations store CT slices; nothing runs out of memory and everything is acknowledged.
 */
class LargeInstanceTest {
    static final int FRAMES = 2048; // 2048 x 512 x 512 x 2 bytes = 1 GiB of pixel data

    @Test
    void oneGigabyteInstanceWithA256MbHeapWhileOthersStore(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("multiframe-1g.dcm");
        GeneratedFiles.multiFrame(big, FRAMES);
        try (NodeProcess node = NodeProcess.start(dir.resolve("data"), dir.resolve("node.log"), "256m");
             DicomClient client = DicomClient.create()) {
            ScuAssociation large = client.connect("127.0.0.1", node.dicomPort, AssociationRequest.to("CAIRN")
                .propose(UID.EnhancedCTImageStorage, UID.ExplicitVRLittleEndian)).toCompletableFuture().get(30, TimeUnit.SECONDS);
            CompletableFuture<DimseResponse> bigStore = large.store(big).toCompletableFuture();
            List<CompletableFuture<Integer>> slices = new ArrayList<>();
            for (int a = 0; a < 4; a++) {
                int association = a;
                slices.add(CompletableFuture.supplyAsync(() -> storeSlices(client, node.dicomPort, association)));
            }
            for (CompletableFuture<Integer> s : slices) {
                assertThat(s.get(5, TimeUnit.MINUTES)).as("CT slices acknowledged").isEqualTo(20);
            }
            DimseResponse response = bigStore.get(10, TimeUnit.MINUTES);
            assertThat(response.status()).as(Files.readString(node.log)).isEqualTo(Status.SUCCESS);
            large.release().toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertThat(Files.readString(node.log)).doesNotContain("OutOfMemoryError");
            assertThat(node.get("/health").statusCode()).isEqualTo(200);
            // The stored file is Cairn's File Meta plus the data set as received: more than the 1 GiB of pixel data
            var study = new com.fasterxml.jackson.databind.ObjectMapper().readTree(node.get("/api/studies/2.25.1").body());
            long size = study.get("series").get(0).get("instances").get(0).get("size").asLong();
            assertThat(size).isBetween((long) FRAMES * 512 * 512 * 2, Files.size(big) + 1024);
        }
    }

    private static int storeSlices(DicomClient client, int port, int association) {
        try {
            ScuAssociation a = client.connect("127.0.0.1", port, AssociationRequest.to("CAIRN")
                .propose(UID.CTImageStorage, UID.ExplicitVRLittleEndian)).toCompletableFuture().get(30, TimeUnit.SECONDS);
            int acknowledged = 0;
            for (int i = 0; i < 20; i++) {
                String study = "2.25.77." + association;
                byte[] slice = DicomWriter.toBytes(CrashSafetyTest.instance(study, study + ".1." + i, i),
                    TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
                if (a.store(UID.CTImageStorage, study + ".1." + i, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, slice)
                    .toCompletableFuture().get(5, TimeUnit.MINUTES).status() == Status.SUCCESS) {
                    acknowledged++;
                }
            }
            a.release().toCompletableFuture().get(30, TimeUnit.SECONDS);
            return acknowledged;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
