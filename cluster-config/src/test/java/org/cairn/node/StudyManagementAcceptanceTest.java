package org.cairn.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomReader;
import org.cairn.dicom.dict.Tag;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 7's study management on a node process: a corrected Patient Name is what C-FIND, QIDO-RS, WADO-RS, C-GET,
 * the ZIP download and the router send, with both values in the study's history; a deleted study is gone from all
 * of them until restored; a purge removes its blobs and lets it be stored again; an anonymized copy is a new study.
 * {@code StudyManagementAcceptanceOnPostgresTest} runs the same with the journal and views on PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StudyManagementAcceptanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    Path dir;
    Path corpus;
    NodeProcess node;
    LoopbackStorescp destination;
    String study;
    String series;
    String originalName;

    /** The node's journal: embedded H2 here. */
    protected java.util.Map<String, String> journalEnvironment() throws Exception {
        return java.util.Map.of();
    }

    protected String[] profile() {
        return new String[0];
    }

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("cairn-study-management");
        corpus = Path.of(System.getProperty("cairn.corpus"));
        destination = LoopbackStorescp.start(Files.createDirectories(dir.resolve("storescp")), "ROUTED");
        Path config = Files.writeString(dir.resolve("cairn.conf"), "cairn.retrieve.destinations { ROUTED { "
            + "host = \"127.0.0.1\", port = " + destination.port + " } }\n");
        List<String> options = new ArrayList<>(List.of("--config", config.toString()));
        options.addAll(List.of(profile()));
        node = NodeProcess.start(dir.resolve("data"), dir.resolve("node.log"), "512m", journalEnvironment(),
            options.toArray(String[]::new));
        DataSet ct = DicomReader.read(corpus.resolve("pydicom/CT_small.dcm")).dataSet();
        study = ct.getString(Tag.StudyInstanceUID);
        series = ct.getString(Tag.SeriesInstanceUID);
        originalName = ct.getString(Tag.PatientName);
        storescu(corpus.resolve("pydicom/CT_small.dcm"));
        eventually(() -> assertThat(qidoNames()).containsExactly(originalName));
    }

    @AfterAll
    void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        if (destination != null) {
            destination.close();
        }
    }

    @Test
    @Order(1)
    void aCorrectedPatientNameIsServedEverywhereAndKeptInTheHistory() throws Exception {
        assertThat(seriesMetadataName()).as("series metadata, now cached").isEqualTo(originalName);
        HttpResponse<String> change = send("POST", "/api/studies/" + study + "/attributes",
            "{\"changes\": {\"PatientName\": \"Corrected^Patient\", \"AccessionNumber\": \"ACC-77\"},"
                + " \"reason\": \"registration error\"}");
        assertThat(change.statusCode()).as(change.body()).isEqualTo(200);
        JsonNode event = JSON.readTree(change.body()).get("event");
        assertThat(event.get("type").asText()).isEqualTo("AttributesChanged");
        assertThat(event.get("by").asText()).isEqualTo("admin");

        eventually(() -> assertThat(qidoNames()).containsExactly("Corrected^Patient"));
        List<DataSet> found = Findscu.run(dir, node.dicomPort, List.of("-S", "-aec", "CAIRN"),
            List.of("QueryRetrieveLevel=STUDY", "StudyInstanceUID=" + study, "PatientName", "AccessionNumber"));
        assertThat(found).singleElement().satisfies(d -> {
            assertThat(d.getString(Tag.PatientName)).isEqualTo("Corrected^Patient");
            assertThat(d.getString(Tag.AccessionNumber)).isEqualTo("ACC-77");
        });
        assertThat(Findscu.run(dir, node.dicomPort, List.of("-S", "-aec", "CAIRN"),
            List.of("QueryRetrieveLevel=STUDY", "PatientName=Corrected*"))).hasSize(1);

        HttpResponse<byte[]> wado = HTTP.send(node.request("/dicom-web/studies/" + study)
            .header("Accept", "multipart/related; type=\"application/dicom\"").build(),
            HttpResponse.BodyHandlers.ofByteArray());
        assertThat(wado.statusCode()).isEqualTo(200);
        List<byte[]> parts = MultipartBodies.parts(wado.headers().firstValue("Content-Type").orElseThrow(), wado.body());
        assertThat(parts).singleElement().satisfies(part -> {
            DataSet served = DicomReader.read(part).dataSet();
            assertThat(served.getString(Tag.PatientName)).isEqualTo("Corrected^Patient");
            assertThat(served.getString(Tag.AccessionNumber)).isEqualTo("ACC-77");
        });
        eventually(() -> assertThat(seriesMetadataName()).as("the cached series metadata follows the correction")
            .isEqualTo("Corrected^Patient"));
        HttpResponse<byte[]> metadata = node.get("/dicom-web/studies/" + study + "/metadata");
        assertThat(JSON.readTree(metadata.body()).get(0).get("00100010").get("Value").get(0).get("Alphabetic").asText())
            .isEqualTo("Corrected^Patient");

        Path got = Files.createTempDirectory(dir, "get");
        Process get = new ProcessBuilder("getscu", "-S", "-aec", "CAIRN", "-od", got.toString(), "-k",
            "QueryRetrieveLevel=STUDY", "-k", "StudyInstanceUID=" + study, "127.0.0.1",
            Integer.toString(node.dicomPort)).redirectErrorStream(true).start();
        get.getInputStream().readAllBytes();
        assertThat(get.waitFor(60, TimeUnit.SECONDS)).isTrue();
        try (Stream<Path> files = Files.list(got)) {
            assertThat(files.toList()).singleElement().satisfies(f ->
                assertThat(DicomReader.read(f).dataSet().getString(Tag.PatientName)).isEqualTo("Corrected^Patient"));
        }

        JsonNode history = JSON.readTree(node.get("/api/studies/" + study + "/history").body()).get("events");
        assertThat(history).extracting(e -> e.get("type").asText()).containsExactly("InstanceStored",
            "AttributesChanged");
        JsonNode changes = history.get(1).get("details").get("changes");
        assertThat(changes.get(0).get("attribute").asText()).isEqualTo("PatientName");
        assertThat(changes.get(0).get("before").asText()).isEqualTo(originalName);
        assertThat(changes.get(0).get("after").asText()).isEqualTo("Corrected^Patient");
        assertThat(history.get(1).get("details").get("reason").asText()).isEqualTo("registration error");
    }

    @Test
    @Order(2)
    void badCorrectionsAreRefusedWithTheReason() throws Exception {
        HttpResponse<String> bad = send("POST", "/api/studies/" + study + "/attributes",
            "{\"changes\": {\"StudyDate\": \"2024-13-45\", \"SOPInstanceUID\": \"1.2\"}}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("SOPInstanceUID");
        assertThat(send("POST", "/api/studies/1.2.3.4.5/attributes", "{\"changes\": {\"PatientName\": \"X\"}}")
            .statusCode()).isEqualTo(404);
    }

    @Test
    @Order(3)
    void theZipDownloadAndTheRouterSendTheCorrectedFiles() throws Exception {
        HttpResponse<byte[]> zip = node.get("/api/studies/" + study + "/archive");
        assertThat(zip.statusCode()).isEqualTo(200);
        List<DataSet> entries = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                entries.add(DicomReader.read(in.readAllBytes()).dataSet());
            }
        }
        assertThat(entries).singleElement().satisfies(d ->
            assertThat(d.getString(Tag.PatientName)).isEqualTo("Corrected^Patient"));

        HttpResponse<String> sent = send("POST", "/api/studies/" + study + "/send",
            "{\"destination\": \"ROUTED\", \"changes\": {\"PatientID\": \"ROUTED-1\"}}");
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
        String job = JSON.readTree(sent.body()).get("id").asText();
        JsonNode finished = awaitJob(job);
        assertThat(finished.get("state").asText()).as(finished.toString()).isEqualTo("SUCCEEDED");
        assertThat(finished.get("result").get("sent").asInt()).isEqualTo(1);
        try (Stream<Path> files = Files.list(destination.received)) {
            assertThat(files.toList()).singleElement().satisfies(f -> {
                DataSet routed = DicomReader.read(f).dataSet();
                assertThat(routed.getString(Tag.PatientName)).isEqualTo("Corrected^Patient");
                assertThat(routed.getString(Tag.PatientID)).isEqualTo("ROUTED-1");
            });
        }
        HttpResponse<String> unknown = send("POST", "/api/studies/" + study + "/send", "{\"destination\": \"NOPE\"}");
        assertThat(unknown.statusCode()).isEqualTo(400);
    }

    @Test
    @Order(4)
    void anonymizingMakesADeIdentifiedCopyAsANewStudy() throws Exception {
        HttpResponse<String> started = send("POST", "/api/studies/" + study + "/anonymize",
            "{\"patientName\": \"ANON^ONE\", \"patientId\": \"ANON1\"}");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        JsonNode job = awaitJob(JSON.readTree(started.body()).get("id").asText());
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
        String copy = job.get("result").get("studyInstanceUid").asText();
        assertThat(copy).isNotEqualTo(study).startsWith("2.25.");
        eventually(() -> assertThat(node.get("/dicom-web/studies?PatientID=ANON1").body()).isNotEmpty()
            .satisfies(b -> assertThat(JSON.readTree(b)).hasSize(1)));
        HttpResponse<byte[]> wado = HTTP.send(node.request("/dicom-web/studies/" + copy)
            .header("Accept", "multipart/related; type=\"application/dicom\"").build(),
            HttpResponse.BodyHandlers.ofByteArray());
        assertThat(wado.statusCode()).isEqualTo(200);
        DataSet anonymized = DicomReader.read(MultipartBodies.parts(wado.headers().firstValue("Content-Type")
            .orElseThrow(), wado.body()).get(0)).dataSet();
        assertThat(anonymized.getString(Tag.PatientName)).isEqualTo("ANON^ONE");
        assertThat(anonymized.getString(Tag.PatientIdentityRemoved)).isEqualTo("YES");
        assertThat(anonymized.getString(Tag.AccessionNumber)).isNotEqualTo("ACC-77");
        assertThat(qidoNames()).as("the original is untouched").containsExactly("Corrected^Patient");
        HttpResponse<String> viewerLess = send("POST", "/api/studies/1.2.3.999/anonymize", "{}");
        assertThat(viewerLess.statusCode()).isEqualTo(404);
    }

    @Test
    @Order(5)
    void aDeletedStudyIsGoneUntilRestoredAndPurgingRemovesItsBlobs() throws Exception {
        assertThat(send("DELETE", "/api/studies/" + study, null).statusCode()).as("a reason is required")
            .isEqualTo(400);
        HttpResponse<String> deleted = send("DELETE", "/api/studies/" + study + "?reason=wrong%20patient", null);
        assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
        eventually(() -> assertThat(qidoNames()).isEmpty());
        assertThat(Findscu.run(dir, node.dicomPort, List.of("-S", "-aec", "CAIRN"),
            List.of("QueryRetrieveLevel=STUDY", "StudyInstanceUID=" + study))).isEmpty();
        assertThat(node.get("/dicom-web/studies/" + study).statusCode()).isEqualTo(404);
        JsonNode trash = JSON.readTree(node.get("/api/deleted-studies").body()).get("studies");
        assertThat(trash).singleElement().satisfies(t -> {
            assertThat(t.get("studyInstanceUid").asText()).isEqualTo(study);
            assertThat(t.get("reason").asText()).isEqualTo("wrong patient");
        });
        assertThat(storescuStatus(corpus.resolve("pydicom/CT_small.dcm"))).as("a deleted study takes no instances")
            .isNotZero();

        assertThat(send("POST", "/api/studies/" + study + "/restore", "").statusCode()).isEqualTo(200);
        eventually(() -> assertThat(qidoNames()).containsExactly("Corrected^Patient"));

        assertThat(send("POST", "/api/studies/" + study + "/purge", "").statusCode()).as("only deleted studies")
            .isEqualTo(409);
        assertThat(send("DELETE", "/api/studies/" + study + "?reason=test%20data", null).statusCode()).isEqualTo(200);
        HttpResponse<String> purge = send("POST", "/api/studies/" + study + "/purge", "");
        assertThat(purge.statusCode()).as(purge.body()).isEqualTo(202);
        JsonNode purged = awaitJob(JSON.readTree(purge.body()).get("id").asText());
        assertThat(purged.get("state").asText()).as(purged.toString()).isEqualTo("SUCCEEDED");
        assertThat(purged.get("result").get("blobsDeleted").asInt()).isEqualTo(1);
        assertThat(node.get("/api/studies/" + study).statusCode()).isEqualTo(404);
        eventually(() -> assertThat(JSON.readTree(node.get("/api/deleted-studies").body()).get("studies")).isEmpty());

        storescu(corpus.resolve("pydicom/CT_small.dcm"));
        eventually(() -> assertThat(qidoNames()).as("stored again, as a new study: no correction")
            .containsExactly(originalName));
        List<String> history = new ArrayList<>();
        JSON.readTree(node.get("/api/studies/" + study + "/history").body()).get("events")
            .forEach(e -> history.add(e.get("type").asText()));
        assertThat(history).containsExactly("InstanceStored", "AttributesChanged", "StudyDeleted", "StudyRestored",
            "StudyDeleted", "StudyPurged", "InstanceStored");
    }

    private String seriesMetadataName() throws Exception {
        HttpResponse<byte[]> r = node.get("/dicom-web/studies/" + study + "/series/" + series + "/metadata");
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body()).get(0).get("00100010").get("Value").get(0).get("Alphabetic").asText();
    }

    private List<String> qidoNames() throws Exception {
        HttpResponse<byte[]> r = node.get("/dicom-web/studies?StudyInstanceUID=" + study);
        assertThat(r.statusCode()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        for (JsonNode match : JSON.readTree(r.body())) {
            names.add(match.get("00100010").get("Value").get(0).get("Alphabetic").asText());
        }
        return names;
    }

    private JsonNode awaitJob(String id) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (true) {
            JsonNode job = JSON.readTree(node.get("/api/jobs/" + id).body());
            String state = job.get("state").asText();
            if (!state.equals("QUEUED") && !state.equals("RUNNING") || System.currentTimeMillis() > deadline) {
                return job;
            }
            Thread.sleep(100);
        }
    }

    private HttpResponse<String> send(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = node.request(path);
        if (json == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private void storescu(Path file) throws Exception {
        assertThat(storescuStatus(file)).isZero();
    }

    private int storescuStatus(Path file) throws Exception {
        Process p = new ProcessBuilder("storescu", "-aec", "CAIRN", "127.0.0.1", Integer.toString(node.dicomPort),
            file.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() != 0 || log.contains("E: ") || log.contains("W: Store SCU Failed") ? 1 : 0;
    }

    interface Check {
        void run() throws Exception;
    }

    private static void eventually(Check check) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (true) {
            try {
                check.run();
                return;
            } catch (AssertionError e) {
                if (System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }
}
