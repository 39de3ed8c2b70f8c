package org.cairn.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 9's study browser in a real browser (e2e/studies-*.mjs) against one node process: search with wildcards,
 * a date range, paging and sorting; a study's nested attributes, history and a send followed to the end; delete,
 * gone from the search, restore (acceptance 3); a viewer offered nothing it may not do and refused by the API
 * (acceptance 5); an attribute correction and a purge; screenshots studies-list, studies-detail and
 * studies-deleted (acceptance 6).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UiStudiesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String CT_STUDY = "1.3.6.1.4.1.5962.1.2.1.20040119072730.12322";
    private static final String CT_NAME = "CompressedSamples^CT1";
    private static final String NM_STUDY = "1.3.6.1.4.1.5962.1.2.8.20040826185059.5457";
    private static final String VIEWER = "vera";
    private static final String VIEWER_PASSWORD = "viewer-password-0123";

    Path dir;
    NodeProcess node;
    LoopbackStorescp destination;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("cairn-ui-studies");
        Path corpus = Path.of(System.getProperty("cairn.corpus"));
        destination = LoopbackStorescp.start(Files.createDirectories(dir.resolve("storescp")), "ROUTED");
        Path config = Files.writeString(dir.resolve("cairn.conf"), "cairn.retrieve.destinations { ROUTED { "
            + "host = \"127.0.0.1\", port = " + destination.port + " } }\n");
        node = NodeProcess.start(dir.resolve("data"), dir.resolve("node.log"), "512m", "--config", config.toString());
        storescu(corpus.resolve("pydicom/CT_small.dcm"));
        storescu(corpus.resolve("pydicom/MR_small.dcm"));
        // JPEG 2000: storescu would have to transcode it, the upload takes the file as it is
        upload(corpus.resolve("pydicom/JPEG2000.dcm"));
        HttpResponse<String> user = HTTP.send(node.request("/api/users").header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"" + VIEWER + "\", \"password\": \""
                + VIEWER_PASSWORD + "\", \"roles\": [\"viewer\"]}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(user.statusCode()).as(user.body()).isIn(200, 201);
        long deadline = System.currentTimeMillis() + 20_000;
        while (countStudies("CompressedSamples*") < 3) {
            assertThat(System.currentTimeMillis()).as("the three studies are searchable").isLessThan(deadline);
            Thread.sleep(100);
        }
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
    void searchesPagesSortsAndShowsAStudyWithItsNestedAttributesHistoryAndASend() throws Exception {
        JsonNode result = UiBrowser.run("studies-search", node, Map.of(
            "STUDY_UID", CT_STUDY, "STUDY_NAME", CT_NAME,
            "NAME_WILDCARD", "compressed*", "NAME_SINGLE_WILDCARD", "*MR?", "DATE_FROM", "2004-02-01",
            "SEQUENCE_KEYWORD", "OtherPatientIDsSequence", "NESTED_KEYWORD", "TypeOfPatientID",
            "DESTINATION", "ROUTED"));

        List<String> all = new ArrayList<>(texts(result.get("firstPage")));
        all.addAll(texts(result.get("secondPage")));
        assertThat(texts(result.get("firstPage"))).as("a page of two").hasSize(2);
        assertThat(result.get("firstStatus").asText()).contains("more on the next page");
        assertThat(all).as("both pages, nothing twice").containsExactlyInAnyOrder(CT_NAME, "CompressedSamples^MR1",
            "CompressedSamples^NM1");
        assertThat(texts(result.get("ascending"))).containsExactly(CT_NAME, "CompressedSamples^MR1",
            "CompressedSamples^NM1");
        assertThat(texts(result.get("descending"))).containsExactly("CompressedSamples^NM1", "CompressedSamples^MR1",
            CT_NAME);
        assertThat(texts(result.get("singleCharacter"))).containsExactly("CompressedSamples^MR1");
        assertThat(texts(result.get("fromDate"))).as("studies of 2004-02-01 and later")
            .containsExactlyInAnyOrder("CompressedSamples^MR1", "CompressedSamples^NM1");

        assertThat(texts(result.get("sequence").get("cells"))).containsExactly("(0010,1002)", "OtherPatientIDsSequence",
            "SQ", "2 item(s)");
        JsonNode nested = result.get("nested");
        assertThat(nested.get(0).get("depth").asInt()).isEqualTo(1);
        assertThat(nested.get(0).get("cells").get(0).asText()).isEqualTo("Item 1");
        assertThat(nested.get(1).get("depth").asInt()).as("an item's attributes sit deeper").isEqualTo(2);
        assertThat(texts(nested.get(1).get("cells"))).containsExactly("(0010,0020)", "PatientID", "LO", "ABCD1234");
        assertThat(texts(nested.get(2).get("cells"))).containsExactly("(0010,0022)", "TypeOfPatientID", "CS", "TEXT");
        assertThat(texts(result.get("filtered"))).as("the filter keeps the path to each match")
            .containsExactly("OtherPatientIDsSequence", "", "TypeOfPatientID", "", "TypeOfPatientID");
        assertThat(texts(result.get("history"))).first().isEqualTo("InstanceStored");

        assertThat(result.get("sendOutcome").asText()).contains("succeeded");
        assertThat(result.get("sendProgress").asText()).isEqualTo("1");
        try (Stream<Path> received = Files.walk(dir.resolve("storescp"))) {
            assertThat(received.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".log")).count())
                .as("the destination received the study").isGreaterThanOrEqualTo(1);
        }
        assertThat(problems(result)).isEmpty();
        assertThat(UiBrowser.SCREENSHOTS.resolve("studies-list.png")).isNotEmptyFile();
        assertThat(UiBrowser.SCREENSHOTS.resolve("studies-detail.png")).isNotEmptyFile();
    }

    @Test
    @Order(2)
    void aViewerIsOfferedNoDeleteEditOrSendAndTheApiRefusesThem() throws Exception {
        JsonNode result = UiBrowser.run("studies-viewer-role", node, VIEWER, VIEWER_PASSWORD, Map.of(
            "STUDY_UID", CT_STUDY, "STUDY_NAME", CT_NAME));

        assertThat(texts(result.get("offered"))).containsExactly("Open in viewer", "Download ZIP");
        assertThat(result.get("deletedStudiesLink").asInt()).isZero();
        assertThat(result.get("deleteStatus").asInt()).isEqualTo(403);
        assertThat(result.get("editStatus").asInt()).isEqualTo(403);
        assertThat(texts(result.get("stillFound"))).containsExactly(CT_NAME);
        assertThat(problems(result, 403)).isEmpty();

        HttpResponse<String> delete = HTTP.send(node.request("/api/studies/" + CT_STUDY + "?reason=viewer")
            .setHeader("Authorization", basic(VIEWER, VIEWER_PASSWORD)).DELETE().build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(delete.statusCode()).as("from Java too").isEqualTo(403);
        assertThat(countStudies(CT_NAME)).isEqualTo(1);
    }

    @Test
    @Order(3)
    void aDeletedStudyIsGoneFromTheSearchUntilRestoredAndAnotherIsPurged() throws Exception {
        HttpResponse<String> deleteNm = HTTP.send(node.request("/api/studies/" + NM_STUDY + "?reason=duplicate")
            .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(deleteNm.statusCode()).as(deleteNm.body()).isEqualTo(200);

        JsonNode result = UiBrowser.run("studies-delete-restore", node, Map.of(
            "STUDY_UID", CT_STUDY, "STUDY_NAME", CT_NAME, "PURGE_UID", NM_STUDY));

        assertThat(result.get("change").asText()).contains("AttributesChanged", "order number was missing",
            "AccessionNumber: (empty) → ACC-");
        assertThat(texts(result.get("foundBefore"))).containsExactly(CT_NAME);
        assertThat(result.get("submitDisabledWithoutReason").asBoolean()).as("a reason is required").isTrue();
        assertThat(result.get("deletedNote").asText()).contains("by admin").contains("wrong patient, rescanned");
        assertThat(result.get("restoreOffered").asBoolean()).isTrue();
        assertThat(texts(result.get("foundAfterDelete"))).isEmpty();
        assertThat(result.get("deletedRowText").asText()).contains(CT_STUDY).contains("wrong patient, rescanned");
        assertThat(result.get("stillListed").asInt()).as("restored: off the deleted list").isZero();
        assertThat(result.get("purged").asInt()).as("purged: off the deleted list").isZero();
        assertThat(node.get("/api/studies/" + NM_STUDY).statusCode()).as("purged: gone").isEqualTo(404);
        assertThat(texts(result.get("foundAfterRestore"))).containsExactly(CT_NAME);
        assertThat(texts(result.get("history"))).contains("InstanceStored", "AttributesChanged", "StudyDeleted",
            "StudyRestored");
        assertThat(problems(result)).isEmpty();
        assertThat(UiBrowser.SCREENSHOTS.resolve("studies-deleted.png")).isNotEmptyFile();

        JsonNode history = JSON.readTree(node.get("/api/studies/" + CT_STUDY + "/history").body()).get("events");
        assertThat(history).filteredOn(e -> e.get("type").asText().equals("StudyDeleted")).singleElement()
            .satisfies(e -> assertThat(e.get("details").get("reason").asText()).isEqualTo("wrong patient, rescanned"));
    }

    /**
     * What went wrong in the page, leaving out the browser's own report of the refusals a scenario expects: the
     * favicon it asks the node's root for without credentials (401), and the requests made to be refused (403).
     */
    private static List<String> problems(JsonNode result, int... expectedStatuses) {
        List<String> expected = new ArrayList<>(List.of("401"));
        for (int status : expectedStatuses) {
            expected.add(Integer.toString(status));
        }
        return texts(result.get("problems")).stream().filter(p -> expected.stream().noneMatch(status ->
            p.startsWith("console: Failed to load resource: the server responded with a status of " + status)))
            .toList();
    }

    private static List<String> texts(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }

    private int countStudies(String name) throws Exception {
        HttpResponse<byte[]> found = node.get("/api/studies?PatientName=" + java.net.URLEncoder.encode(name,
            StandardCharsets.UTF_8));
        return JSON.readTree(found.body()).get("count").asInt();
    }

    private void storescu(Path file) throws Exception {
        Process p = new ProcessBuilder("storescu", "-aec", "CAIRN", "127.0.0.1", Integer.toString(node.dicomPort),
            file.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(log).isZero();
        assertThat(log).doesNotContain("E: ");
    }

    private void upload(Path file) throws Exception {
        HttpResponse<String> stored = HTTP.send(node.request("/api/uploads").header("Content-Type", "application/dicom")
            .header("Content-Disposition", "attachment; filename=\"" + file.getFileName() + "\"")
            .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
        assertThat(JSON.readTree(stored.body()).get("stored").asInt()).isEqualTo(1);
    }

    private static String basic(String user, String password) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password)
            .getBytes(StandardCharsets.UTF_8));
    }
}
