package org.cairn.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.cairn.dicom.DataElement;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomWriter;
import org.cairn.dicom.TransferSyntax;
import org.cairn.dicom.Values;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.Tag;
import org.cairn.dicom.dict.UID;
import org.cairn.net.dimse.Status;
import org.cairn.scu.AssociationRequest;
import org.cairn.scu.DicomClient;
import org.cairn.scu.ScuAssociation;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4, acceptance 3: the node is killed with SIGKILL while 500 instances arrive over 4 associations; after a
 * restart every instance that got a success response is there and its bytes hash to its name, and recovery leaves
 * no temporary files and no blob that no journaled instance refers to.
 */
class CrashSafetyTest {
    /** The journal the node uses: embedded H2 here; {@code CrashSafetyOnPostgresTest} runs the same on PostgreSQL. */
    protected Map<String, String> journalEnvironment() throws Exception {
        return Map.of();
    }

    protected String[] profile() {
        return new String[0];
    }

    static final int ASSOCIATIONS = 4;
    static final int PER_ASSOCIATION = 125;
    static final int STUDIES = 10;
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    // three kills per journal (the kill point varies with the seed); the change feed, the three-node cluster and the
    // Cassandra ingest acceptance tests kill nodes mid-ingest as well
    @RepeatedTest(3)
    void acknowledgedInstancesSurviveSigkill() throws Exception {
        Path data = dir.resolve("data");
        Map<String, String> environment = journalEnvironment();
        NodeProcess node = NodeProcess.start(data, dir.resolve("node.log"), "512m", environment, profile());
        Map<String, String> acknowledged = new ConcurrentHashMap<>(); // SOP Instance UID -> study
        AtomicInteger acks = new AtomicInteger();
        long seed = System.nanoTime();
        try (DicomClient client = DicomClient.create()) {
            List<CompletableFuture<Void>> senders = new ArrayList<>();
            for (int a = 0; a < ASSOCIATIONS; a++) {
                int association = a;
                senders.add(CompletableFuture.runAsync(() -> send(client, node, association, seed, acknowledged, acks)));
            }
            long deadline = System.currentTimeMillis() + 60_000;
            int killAt = 60 + (int) (seed % 200);
            while (acks.get() < killAt && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
            node.kill(); // SIGKILL, mid-stream
            for (CompletableFuture<Void> s : senders) {
                s.handle((ok, failure) -> null).get(60, TimeUnit.SECONDS);
            }
        }
        assertThat(acknowledged).as("some instances were acknowledged before the kill").isNotEmpty();

        try (NodeProcess again = NodeProcess.start(data, dir.resolve("node.log"), "512m", environment, profile())) {
            Set<String> referenced = new HashSet<>();
            for (int s = 0; s < STUDIES; s++) {
                String study = studyUid(seed, s);
                HttpResponse<byte[]> response = again.get("/api/studies/" + study);
                if (response.statusCode() == 404) {
                    continue;
                }
                JsonNode body = json.readTree(response.body());
                for (JsonNode series : body.get("series")) {
                    for (JsonNode instance : series.get("instances")) {
                        referenced.add(instance.get("digest").asText());
                        String sop = instance.get("sopInstanceUid").asText();
                        byte[] file = again.get("/api/studies/" + study + "/series/"
                            + series.get("seriesInstanceUid").asText() + "/instances/" + sop + "/file").body();
                        assertThat(sha256(file)).as("bytes of " + sop).isEqualTo(instance.get("digest").asText());
                        acknowledged.remove(sop);
                    }
                }
            }
            assertThat(acknowledged).as("acknowledged but lost").isEmpty();
            try (Stream<Path> tmp = Files.list(data.resolve("blobs/tmp"))) {
                assertThat(tmp.count()).as("temporary files after recovery").isZero();
            }
            try (Stream<Path> blobs = Files.walk(data.resolve("blobs/sha256"))) {
                Set<String> onDisk = new HashSet<>();
                blobs.filter(Files::isRegularFile).forEach(p -> onDisk.add(p.getFileName().toString()));
                assertThat(onDisk).as("blobs no journaled instance refers to").isEqualTo(referenced);
            }
        }
    }

    private void send(DicomClient client, NodeProcess node, int association, long seed, Map<String, String> acknowledged,
                      AtomicInteger acks) {
        try {
            ScuAssociation a = client.connect("127.0.0.1", node.dicomPort, AssociationRequest.to("CAIRN")
                .propose(UID.CTImageStorage, UID.ExplicitVRLittleEndian)).toCompletableFuture().get(30, TimeUnit.SECONDS);
            for (int i = 0; i < PER_ASSOCIATION; i++) {
                int n = association * PER_ASSOCIATION + i;
                String study = studyUid(seed, n % STUDIES);
                String sop = study + ".1." + n;
                byte[] bytes = DicomWriter.toBytes(instance(study, sop, n), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
                if (a.store(UID.CTImageStorage, sop, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, bytes)
                    .toCompletableFuture().get(30, TimeUnit.SECONDS).status() == Status.SUCCESS) {
                    acknowledged.put(sop, study);
                    acks.incrementAndGet();
                }
            }
        } catch (Exception killed) {
            // the node died under us: what was acknowledged before is what counts
        }
    }

    static String studyUid(long seed, int study) {
        return "2.25." + Math.abs(seed % 1_000_000_000L) + "." + (study + 1);
    }

    static DataSet instance(String study, String sop, int n) {
        DataSet ds = new DataSet()
            .putString(Tag.SOPClassUID, Vr.UI, UID.CTImageStorage)
            .putString(Tag.SOPInstanceUID, Vr.UI, sop)
            .putString(Tag.Modality, Vr.CS, "CT")
            .putString(Tag.PatientName, Vr.PN, "Crash^Test")
            .putString(Tag.PatientID, Vr.LO, "CRASH")
            .putString(Tag.StudyInstanceUID, Vr.UI, study)
            .putString(Tag.SeriesInstanceUID, Vr.UI, study + ".1")
            .putString(Tag.InstanceNumber, Vr.IS, Integer.toString(n));
        byte[] pixels = new byte[64 * 64 * 2];
        for (int i = 0; i < pixels.length; i += 2) {
            Values.putUint16(pixels, i, (i + n) & 0xFFF, false);
        }
        return ds.put(DataElement.of(Tag.PixelData, Vr.OW, pixels));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
