package org.cairn.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
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
 * Issue 9's worklist and upload pages in a real browser (e2e/worklist-*.mjs, e2e/upload-*.mjs) against one node
 * process: a ZIP uploaded with its PatientName edited in the browser, stored with the new name and found by it
 * (acceptance 1); a worklist entry made in the UI and returned by DCMTK findscu -W (acceptance 4); an entry edited
 * and cancelled; a viewer offered no change and refused by the API (acceptance 5); screenshots worklist-list,
 * worklist-form, upload-preview and upload-done (acceptance 6).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UiWorklistUploadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Three slices of one CT study in the corpus: Doe^Archibald, patient 77654033, accession "2". */
    private static final List<String> CT_SLICES = List.of("17106", "17136", "17166");
    private static final String CT_STUDY = "1.3.6.1.4.1.5962.1.1.0.0.0.1196530851.28319.0.1";
    private static final String ENTRY = "UI" + Long.toString(System.nanoTime() % 1_000_000_000L, 36).toUpperCase();

    Path dir;
    Path corpusSeries;
    NodeProcess node;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("cairn-ui-worklist-upload");
        corpusSeries = Path.of(System.getProperty("cairn.corpus")).resolve("pydicom/dicomdirtests/77654033/CT2");
        node = NodeProcess.start(dir.resolve("data"), dir.resolve("node.log"), "512m");
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    @Order(1)
    void aZipUploadedWithAnEditedPatientNameIsStoredWithItAndFoundByIt() throws Exception {
        // the order the upload page should propose for the study's accession number
        HttpResponse<String> order = send("POST", "/api/worklist", """
            {"accessionNumber":"2","patient":{"id":"77654033","name":"Doe^Archibald"},
             "requestedProcedureDescription":"CT head","step":{"modality":"CT","stationAeTitle":"CT01",
             "startDate":"19950903"}}""");
        assertThat(order.statusCode()).as(order.body()).isEqualTo(201);
        Path zip = dir.resolve("ct-series.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (String slice : CT_SLICES) {
                out.putNextEntry(new ZipEntry("CT2/" + slice));
                Files.copy(corpusSeries.resolve(slice), out);
                out.closeEntry();
            }
        }
        String name = "Uploaded^Ursula" + UUID.randomUUID().toString().substring(0, 6).toUpperCase();

        JsonNode result = UiBrowser.run("upload-zip", node, Map.of("UPLOAD_ZIP", zip.toString(),
            "UPLOAD_PATIENT_NAME", name));

        assertThat(result.path("files").asInt()).isEqualTo(3);
        for (JsonNode row : result.path("preview")) {
            // file, patient name, patient ID, accession, study date, modality, study UID, as read in the browser
            assertThat(texts(row).subList(1, 7)).containsExactly("Doe^Archibald", "77654033", "2", "19950903", "CT",
                CT_STUDY);
        }
        assertThat(result.path("proposal").asText())
            .contains("Worklist entry 2 (matched by accession number): Doe^Archibald (77654033), CT at CT01")
            .doesNotContain("failed");
        assertThat(result.path("originalName").asText()).isEqualTo("Doe^Archibald");
        assertThat(result.path("overall").asText()).isEqualTo("100%");
        assertThat(result.path("overallValue").asInt()).isEqualTo(100);
        assertThat(texts(result.path("perFile"))).containsExactly("100", "100", "100");
        assertThat(texts(result.path("results"))).containsExactly("Stored", "Stored", "Stored");
        assertThat(result.path("problems").toString()).doesNotContain("page error");

        // the archive has the edited name, in its index (QIDO-RS) and in the stored files themselves
        JsonNode found = JSON.readTree(node.get("/dicom-web/studies?PatientName="
            + URLEncoder.encode(name, StandardCharsets.UTF_8)).body());
        assertThat(found).hasSize(1);
        assertThat(found.get(0).path("0020000D").path("Value").get(0).asText()).isEqualTo(CT_STUDY);
        for (String slice : CT_SLICES) {
            DataSet original = DicomReader.read(corpusSeries.resolve(slice)).dataSet();
            HttpResponse<byte[]> file = node.get("/api/studies/" + CT_STUDY + "/series/"
                + original.getString(Tag.SeriesInstanceUID) + "/instances/" + original.getString(Tag.SOPInstanceUID)
                + "/file");
            assertThat(file.statusCode()).isEqualTo(200);
            Path stored = Files.write(dir.resolve("stored-" + slice + ".dcm"), file.body());
            DataSet ds = DicomReader.read(stored).dataSet();
            assertThat(ds.getString(Tag.PatientName)).isEqualTo(name);
            assertThat(ds.getString(Tag.PatientID)).isEqualTo("77654033");
            assertThat(ds.getString(Tag.AccessionNumber)).isEqualTo("2");
        }
        // and the study browser finds it by that name (its contract: #/studies?PatientName=... searches at once)
        assertThat(result.path("foundInStudyBrowser").asBoolean()).as("found in the study browser").isTrue();
        assertThat(UiBrowser.SCREENSHOTS.resolve("upload-preview.png")).exists();
        assertThat(UiBrowser.SCREENSHOTS.resolve("upload-done.png")).exists();
    }

    @Test
    @Order(2)
    void anEntryCreatedInTheUiIsReturnedByFindscu() throws Exception {
        String date = LocalDate.now().toString();
        JsonNode result = UiBrowser.run("worklist-create", node, Map.of("WL_ACCESSION", ENTRY,
            "WL_PATIENT_ID", "P-" + ENTRY, "WL_PATIENT_NAME", "Worklist^Wanda", "WL_MODALITY", "MR",
            "WL_STATION", "MR01", "WL_DATE", date));

        assertThat(result.path("refused").asText()).contains("Accession number is required.");
        assertThat(result.path("notice").asText()).isEqualTo("Entry " + ENTRY + " created.");
        assertThat(texts(result.path("cells")).subList(0, 8)).containsExactly(date + " 09:30", ENTRY,
            "Worklist^WandaP-" + ENTRY, "MR", "MR01", "Examination booked in the UI", "Scheduled", "No images yet");

        DataSet item = worklistItem(ENTRY, true);
        assertThat(item.getString(Tag.AccessionNumber)).isEqualTo(ENTRY);
        assertThat(item.getString(Tag.PatientName)).isEqualTo("Worklist^Wanda");
        assertThat(item.getString(Tag.PatientID)).isEqualTo("P-" + ENTRY);
        DataSet step = item.get(Tag.ScheduledProcedureStepSequence).items().get(0);
        assertThat(step.getString(Tag.Modality)).isEqualTo("MR");
        assertThat(step.getString(Tag.ScheduledStationAETitle)).isEqualTo("MR01");
        assertThat(step.getString(Tag.ScheduledProcedureStepStartDate)).isEqualTo(date.replace("-", ""));
        assertThat(step.getString(Tag.ScheduledProcedureStepStartTime)).startsWith("0930");
        assertThat(UiBrowser.SCREENSHOTS.resolve("worklist-form.png")).exists();
        assertThat(UiBrowser.SCREENSHOTS.resolve("worklist-list.png")).exists();
    }

    @Test
    @Order(3)
    void anEntryIsEditedAndCancelledInTheUi() throws Exception {
        JsonNode result = UiBrowser.run("worklist-edit-cancel", node, Map.of("WL_ACCESSION", ENTRY,
            "WL_NEW_STATION", "MR02"));

        assertThat(result.path("accessionReadOnly").asBoolean()).isTrue();
        List<String> edited = texts(result.path("edited"));
        assertThat(edited.get(0)).endsWith("14:45");
        assertThat(edited.subList(1, 7)).containsExactly(ENTRY, "Worklist^WandaP-" + ENTRY, "MR", "MR02",
            "Examination booked in the UI", "Scheduled");
        assertThat(result.path("listedForStation").asInt()).isEqualTo(1);
        // the findscu of the test before, in the administrator's audit
        assertThat(result.path("auditRows").toString()).contains("FINDSCU", "AccessionNumber=" + ENTRY);
        assertThat(texts(result.path("cancelled"))).contains("Cancelled");
        assertThat(result.path("actionsLeft").asInt()).isZero();

        JsonNode entry = JSON.readTree(node.get("/api/worklist/" + ENTRY).body());
        assertThat(entry.path("status").asText()).isEqualTo("CANCELLED");
        assertThat(entry.path("order").path("step").path("stationAeTitle").asText()).isEqualTo("MR02");
        assertThat(entry.path("order").path("step").path("startTime").asText()).startsWith("1445");
        // what the form does not show survived the edit
        assertThat(entry.path("order").path("requestedProcedureDescription").asText())
            .isEqualTo("Examination booked in the UI");
        assertThat(worklistItem(ENTRY, false)).isNull();
    }

    @Test
    @Order(4)
    void aViewerIsOfferedNoChangeAndTheApiRefusesThem() throws Exception {
        HttpResponse<String> user = send("POST", "/api/users",
            "{\"name\": \"vic\", \"password\": \"viewer-password-0123\", \"roles\": [\"viewer\"]}");
        assertThat(user.statusCode()).as(user.body()).isIn(200, 201);

        JsonNode result = UiBrowser.run("worklist-viewer-role", node, "vic", "viewer-password-0123", Map.of());

        assertThat(texts(result.path("navigation"))).doesNotContain("Upload").contains("Worklist");
        assertThat(result.path("rows").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(result.path("changeButtons").asInt()).isZero();
        assertThat(result.path("auditShown").asInt()).isZero();
        assertThat(result.path("upload").asText()).isEqualTo("You may not store files.");
        assertThat(result.path("fileInputs").asInt()).isZero();
        String viewer = "Basic " + java.util.Base64.getEncoder()
            .encodeToString("vic:viewer-password-0123".getBytes(StandardCharsets.UTF_8));
        for (HttpRequest refused : List.of(
            node.request("/api/worklist").setHeader("Authorization", viewer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
            node.request("/api/worklist/2").setHeader("Authorization", viewer).DELETE().build(),
            node.request("/api/uploads").setHeader("Authorization", viewer).header("Content-Type", "application/dicom")
                .POST(HttpRequest.BodyPublishers.ofFile(corpusSeries.resolve(CT_SLICES.get(0)))).build())) {
            assertThat(HTTP.send(refused, HttpResponse.BodyHandlers.ofString()).statusCode())
                .as(refused.uri().toString()).isEqualTo(403);
        }
    }

    /** The item findscu -W gets for an accession number, waiting for it to appear (or go); null if there is none. */
    DataSet worklistItem(String accession, boolean expected) throws Exception {
        long deadline = System.currentTimeMillis() + 20_000;
        while (true) {
            List<DataSet> items = Findscu.run(dir, node.dicomPort, List.of("-W", "-aet", "FINDSCU", "-aec", "CAIRN"),
                List.of("AccessionNumber=" + accession, "PatientName", "PatientID",
                    "ScheduledProcedureStepSequence[0].Modality",
                    "ScheduledProcedureStepSequence[0].ScheduledStationAETitle",
                    "ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartDate",
                    "ScheduledProcedureStepSequence[0].ScheduledProcedureStepStartTime"));
            assertThat(items.size()).isLessThanOrEqualTo(1);
            if (items.isEmpty() != expected) {
                return items.isEmpty() ? null : items.get(0);
            }
            assertThat(System.currentTimeMillis())
                .as("findscu -W for %s (%s)", accession, expected ? "present" : "gone").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        return HTTP.send(node.request(path).header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asText()));
        return texts;
    }
}
