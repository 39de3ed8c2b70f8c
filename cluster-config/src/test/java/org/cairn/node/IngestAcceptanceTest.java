package org.cairn.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomException;
import org.cairn.dicom.DicomFile;
import org.cairn.dicom.DicomReader;
import org.cairn.dicom.Uids;
import org.cairn.dicom.dict.Tag;
import org.cairn.dicom.dict.UidDictionary;
import org.cairn.dicom.testing.PeerNormalization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4, acceptance 1 and 2: a node started as a process takes the whole corpus from DCMTK's dcmsend
 * (--decompress-never); every readable instance comes back from the file endpoint with its data set unchanged,
 * the broken ones are refused, the node keeps running, and after a restart everything is still there.
 */
class IngestAcceptanceTest {
    /** The journal the node uses: embedded H2 here; {@code IngestAcceptanceOnPostgresTest} runs the same on PostgreSQL. */
    protected Map<String, String> journalEnvironment() throws Exception {
        return Map.of();
    }

    protected String[] profile() {
        return new String[0];
    }

    @Test
    void corpusThroughDcmsendComesBackUnchangedAndSurvivesARestart(@TempDir Path dir) throws Exception {
        Path corpus = Path.of(System.getProperty("cairn.corpus"));
        Path log = dir.resolve("node.log");
        Map<String, String> environment = journalEnvironment();
        NodeProcess node = NodeProcess.start(dir.resolve("data"), log, "512m", environment, profile());
        Map<String, List<DataSet>> bySop = new HashMap<>();
        Map<String, DataSet> anyBySop = new HashMap<>();
        try {
            Process send = new ProcessBuilder("dcmsend", "-aec", "CAIRN", "--decompress-never", "--no-halt", "+sd", "+r",
                "127.0.0.1", Integer.toString(node.dicomPort), corpus.toString()).redirectErrorStream(true).start();
            send.getOutputStream().close();
            String out = new String(send.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(send.waitFor(5, TimeUnit.MINUTES)).isTrue();
            assertThat(out).doesNotContain("Association Aborted");

            try (Stream<Path> walk = Files.walk(corpus)) {
                for (Path f : walk.filter(Files::isRegularFile).toList()) {
                    try {
                        DicomFile df = DicomReader.read(f);
                        String sopClass = df.dataSet().getString(Tag.SOPClassUID);
                        if (df.fileMeta() == null || sopClass == null
                            || !UidDictionary.storageSopClasses().contains(sopClass)
                            || !sopClass.equals(df.fileMeta().getString(Tag.MediaStorageSOPClassUID))) {
                            continue; // dcmsend does not send these, or sends them with another SOP class
                        }
                        bySop.computeIfAbsent(df.dataSet().getString(Tag.SOPInstanceUID), k -> new ArrayList<>())
                            .add(df.dataSet());
                    } catch (DicomException | IOException broken) {
                        // truncated corpus files: refused, checked through the summary below
                    }
                }
            }
            assertThat(bySop).hasSizeGreaterThan(80);
            List<String> missing = new ArrayList<>();
            int refusedForBadUids = 0;
            for (Map.Entry<String, List<DataSet>> e : bySop.entrySet()) {
                DataSet any = e.getValue().get(0);
                String path = "/api/studies/" + any.getString(Tag.StudyInstanceUID) + "/series/"
                    + any.getString(Tag.SeriesInstanceUID) + "/instances/" + e.getKey() + "/file";
                HttpResponse<byte[]> file = node.get(path);
                boolean wellFormed = Stream.of(Tag.StudyInstanceUID, Tag.SeriesInstanceUID, Tag.SOPInstanceUID)
                    .allMatch(tag -> Uids.isValid(any.getString(tag)));
                if (!wellFormed) {
                    // e.g. octave-dicom/rtstruct.dcm: components with leading zeros (PS3.5 9.1); refused, not stored
                    assertThat(file.statusCode()).as("refused " + e.getKey()).isEqualTo(404);
                    refusedForBadUids++;
                    continue;
                }
                if (file.statusCode() != 200) {
                    missing.add(e.getKey() + " " + file.statusCode());
                    continue;
                }
                DataSet stored = DicomReader.read(file.body()).dataSet();
                // Several corpus files share a SOP Instance UID: the first sent is kept, the others refused. dcmsend
                // sends its own encoding of what it parsed, so values are compared, not bytes.
                assertThat(e.getValue().stream().map(PeerNormalization::normalized))
                    .as(e.getKey()).contains(PeerNormalization.normalized(stored));
                anyBySop.put(e.getKey(), stored);
            }
            assertThat(missing).as("valid instances not stored").isEmpty();
            assertThat(refusedForBadUids).isEqualTo(1);
            assertThat(new String(node.get("/health").body(), StandardCharsets.UTF_8)).contains("\"UP\"");
            String metrics = "";
            long deadline = System.currentTimeMillis() + 30_000;
            while (!metrics.contains("cairn_ingest_refusals_total") && System.currentTimeMillis() < deadline) {
                Thread.sleep(500);
                var response = node.get("/metrics");
                metrics = response.statusCode() == 200 ? new String(response.body(), StandardCharsets.UTF_8) : "";
            }
            assertThat(metrics).as("ingest metrics").contains("cairn_ingest_instances_total")
                .contains("cairn_ingest_bytes_total").contains("cairn_ingest_refusals_total{status=\"C000\"}")
                .contains("cairn_ingest_latency_seconds_count");
        } finally {
            assertThat(node.stop()).as("stops on SIGTERM").isTrue();
        }

        try (NodeProcess again = NodeProcess.start(dir.resolve("data"), log, "512m", environment, profile())) {
            for (Map.Entry<String, DataSet> e : anyBySop.entrySet()) {
                DataSet ds = e.getValue();
                HttpResponse<byte[]> file = again.get("/api/studies/" + ds.getString(Tag.StudyInstanceUID)
                    + "/series/" + ds.getString(Tag.SeriesInstanceUID) + "/instances/" + e.getKey() + "/file");
                assertThat(file.statusCode()).as("after restart: " + e.getKey()).isEqualTo(200);
                assertThat(DicomReader.read(file.body()).dataSet()).isEqualTo(ds);
            }
        }
    }
}
