package org.cairn.http.worklist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.List;
import org.cairn.worklist.FeedResult;
import org.cairn.worklist.OrderStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WorklistRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_TYPE = "application/json";
    private static final InMemoryWorklistDirectory directory = new InMemoryWorklistDirectory();
    private static final RecordingOrderFeed feed = new RecordingOrderFeed(directory);
    private static RouteServer server;

    @BeforeAll
    static void start() {
        server = RouteServer.start(WorklistRoutes.create(feed, directory));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void reset() {
        feed.reset();
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        return JSON.readTree(response.body());
    }

    @Test
    void postSchedulesAndFillsWhatWasLeftOut() throws Exception {
        HttpResponse<String> r = server.post("/api/worklist", JSON_TYPE, TestOrders.minimalJson("A100", "CT", "20240502"));

        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.headers().firstValue("Location")).hasValue("/api/worklist/A100");
        JsonNode entry = json(r);
        assertThat(entry.path("accessionNumber").asText()).isEqualTo("A100");
        assertThat(entry.path("status").asText()).isEqualTo("SCHEDULED");
        assertThat(entry.path("source").asText()).isEqualTo("rest");
        assertThat(entry.path("linkedStudies").isArray()).isTrue();
        assertThat(entry.path("updatedAt").asText()).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
        JsonNode order = entry.path("order");
        assertThat(order.path("studyInstanceUid").asText()).matches("2\\.25\\.[1-9][0-9]*");
        assertThat(order.path("requestedProcedureId").asText()).isEqualTo("A100");
        assertThat(order.path("step").path("stepId").asText()).isEqualTo("A100");
        assertThat(order.path("requestedProcedureCode").path("scheme").asText()).isEqualTo("LN");
        assertThat(order.path("patient").path("name").asText()).isEqualTo("DOE^JOHN");

        RecordingOrderFeed.Call call = feed.lastCall();
        assertThat(call.method()).isEqualTo("schedule");
        assertThat(call.source()).isEqualTo("rest");
        assertThat(call.order().studyInstanceUid()).isEqualTo(order.path("studyInstanceUid").asText());
        assertThat(call.order().step().startTime()).isEqualTo("101500");
    }

    @Test
    void postingTheSameOrderAgainIs200AndKeepsItsStudyUid() throws Exception {
        String body = TestOrders.minimalJson("A101", "CT", "20240502");
        HttpResponse<String> first = server.post("/api/worklist", JSON_TYPE, body);
        HttpResponse<String> second = server.post("/api/worklist", JSON_TYPE, body);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.headers().firstValue("Location")).hasValue("/api/worklist/A101");
        assertThat(json(second).path("order").path("studyInstanceUid").asText())
            .isEqualTo(json(first).path("order").path("studyInstanceUid").asText());
    }

    @Test
    void postingAnotherOrderUnderTheSameAccessionIsAConflict() throws Exception {
        server.post("/api/worklist", JSON_TYPE, TestOrders.minimalJson("A102", "CT", "20240502"));
        HttpResponse<String> r = server.post("/api/worklist", JSON_TYPE, TestOrders.minimalJson("A102", "MR", "20240502"));

        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(json(r).path("error").asText()).contains("A102");
    }

    @Test
    void malformedOrIncompleteOrdersAre400() throws Exception {
        record Case(String body, String message) {
        }
        for (Case c : List.of(
            new Case("{\"accessionNumber\": ", "malformed"),
            new Case("", "empty"),
            new Case("[1, 2]", "JSON object"),
            new Case("{\"accessionNumber\": \"A1\", \"studyUID\": \"1.2\"}", "studyUID"),
            new Case("{\"accessionNumber\": \"A1\", \"patient\": {\"id\": \"P\", \"nick\": \"x\"}}", "order.patient"),
            new Case("{\"accessionNumber\": \"A1\", \"patient\": \"P\"}", "malformed"),
            new Case("{\"patient\": {\"id\": \"P\"}}", "accessionNumber is required"),
            new Case("{\"accessionNumber\": \"A1\", \"patient\": {\"name\": \"X\"}, \"step\": {\"modality\": \"CT\"}}",
                "patient.id is required; step.startDate is required"),
            new Case(TestOrders.minimalJson("A-TOO-LONG-ACCESSION", "CT", "20240502"), "at most 16"))) {
            HttpResponse<String> r = server.post("/api/worklist", JSON_TYPE, c.body());
            assertThat(r.statusCode()).as(c.body()).isEqualTo(400);
            assertThat(json(r).path("error").asText()).as(c.body()).contains(c.message());
        }
        assertThat(feed.calls()).isEmpty();
    }

    @Test
    void anOrderTheFeedFindsInvalidIs400() throws Exception {
        feed.answerNext(new FeedResult.Invalid("step.startDate 2024-05-02 is not a DA"));
        HttpResponse<String> r = server.post("/api/worklist", JSON_TYPE, TestOrders.minimalJson("A103", "CT", "2024-05-02"));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).path("error").asText()).isEqualTo("step.startDate 2024-05-02 is not a DA");
    }

    @Test
    void bodiesOverOneMebibyteAre413() throws Exception {
        String padding = "x".repeat((int) RequestBodies.MAX_BYTES);
        String body = "{\"accessionNumber\": \"A104\", \"requestedProcedureDescription\": \"" + padding + "\"}";
        HttpResponse<String> r = server.post("/api/worklist", JSON_TYPE, body);

        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(json(r).path("error").asText()).contains("larger than 1048576 bytes");
        assertThat(feed.calls()).isEmpty();

        // A body just under the limit is read (and refused only for what it lacks).
        String under = "{\"accessionNumber\": \"A104\", \"requestedProcedureDescription\": \""
            + "x".repeat((int) RequestBodies.MAX_BYTES - 200) + "\"}";
        assertThat(server.post("/api/worklist", JSON_TYPE, under).statusCode()).isEqualTo(400);
    }

    @Test
    void putUpdatesTheOrderKeepingItsStudyUid() throws Exception {
        HttpResponse<String> created = server.post("/api/worklist", JSON_TYPE, TestOrders.minimalJson("A105", "CT", "20240502"));
        String uid = json(created).path("order").path("studyInstanceUid").asText();
        String changed = TestOrders.minimalJson("A105", "CT", "20240503").replace("\"accessionNumber\": \"A105\",", "");

        HttpResponse<String> r = server.put("/api/worklist/A105", JSON_TYPE, changed);

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode entry = json(r);
        assertThat(entry.path("order").path("step").path("startDate").asText()).isEqualTo("20240503");
        assertThat(entry.path("order").path("studyInstanceUid").asText()).isEqualTo(uid);
        assertThat(entry.path("order").path("accessionNumber").asText()).isEqualTo("A105");
        assertThat(feed.lastCall().method()).isEqualTo("update");
        assertThat(feed.lastCall().order().studyInstanceUid()).isEqualTo(uid);
    }

    @Test
    void putErrors() throws Exception {
        HttpResponse<String> mismatch = server.put("/api/worklist/A106", JSON_TYPE,
            TestOrders.minimalJson("A999", "CT", "20240502"));
        assertThat(mismatch.statusCode()).isEqualTo(400);
        assertThat(json(mismatch).path("error").asText()).contains("A999").contains("A106");

        HttpResponse<String> unknown = server.put("/api/worklist/A106", JSON_TYPE,
            TestOrders.minimalJson("A106", "CT", "20240502"));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).path("error").asText()).contains("A106");

        feed.seed(TestOrders.order("A107", "CT", "CT01", "P1", "20240502"), OrderStatus.COMPLETED);
        HttpResponse<String> finished = server.put("/api/worklist/A107", JSON_TYPE,
            TestOrders.minimalJson("A107", "CT", "20240503"));
        assertThat(finished.statusCode()).isEqualTo(409);
        assertThat(json(finished).path("error").asText()).contains("COMPLETED");

        assertThat(server.put("/api/worklist/A107", JSON_TYPE, "{nope").statusCode()).isEqualTo(400);
    }

    @Test
    void deleteCancelsAndAnswersTheEntry() throws Exception {
        feed.seed(TestOrders.order("A108", "CT", "CT01", "P1", "20240502"), OrderStatus.SCHEDULED);

        HttpResponse<String> r = server.delete("/api/worklist/A108?reason=patient%20declined");

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode entry = json(r);
        assertThat(entry.path("status").asText()).isEqualTo("CANCELLED");
        assertThat(entry.path("order").path("accessionNumber").asText()).isEqualTo("A108");
        assertThat(entry.path("source").asText()).isEqualTo("rest");
        RecordingOrderFeed.Call call = feed.lastCall();
        assertThat(call.method()).isEqualTo("cancel");
        assertThat(call.reason()).isEqualTo("patient declined");

        HttpResponse<String> again = server.delete("/api/worklist/A108");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(feed.lastCall().reason()).isEqualTo("cancelled through the REST API");
    }

    @Test
    void deleteErrors() throws Exception {
        HttpResponse<String> unknown = server.delete("/api/worklist/NOPE");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(json(unknown).has("error")).isTrue();

        feed.seed(TestOrders.order("A109", "CT", "CT01", "P1", "20240502"), OrderStatus.IN_PROGRESS);
        HttpResponse<String> started = server.delete("/api/worklist/A109");
        assertThat(started.statusCode()).isEqualTo(409);
        assertThat(json(started).path("error").asText()).contains("IN_PROGRESS");
    }

    @Test
    void getOneEntry() throws Exception {
        feed.seed(TestOrders.order("A110", "MR", "MR01", "P2", "20240502"), OrderStatus.SCHEDULED);

        HttpResponse<String> r = server.get("/api/worklist/A110");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode entry = json(r);
        assertThat(entry.path("order").path("step").path("modality").asText()).isEqualTo("MR");
        assertThat(entry.path("source").asText()).isEqualTo("hl7:RIS");
        assertThat(entry.path("updatedAt").asText()).isEqualTo("2024-01-01T00:00:00Z");

        HttpResponse<String> missing = server.get("/api/worklist/A111");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).path("error").asText()).contains("A111");
    }

    @Test
    void accessionNumbersWithSpacesRoundTripThroughTheLocation() throws Exception {
        HttpResponse<String> r = server.post("/api/worklist", JSON_TYPE, TestOrders.minimalJson("A 112", "CT", "20240502"));
        assertThat(r.statusCode()).isEqualTo(201);
        String location = r.headers().firstValue("Location").orElseThrow();
        assertThat(location).isEqualTo("/api/worklist/A%20112");
        assertThat(json(server.get(location)).path("accessionNumber").asText()).isEqualTo("A 112");
    }

    @Test
    void listFiltersAndPages() throws Exception {
        feed.seed(TestOrders.order("L1", "CT", "CT01", "P1", "20240501"), OrderStatus.SCHEDULED);
        feed.seed(TestOrders.order("L2", "CT", "CT01", "P2", "20240502"), OrderStatus.IN_PROGRESS);
        feed.seed(TestOrders.order("L3", "CT", "CT02", "P1", "20240503"), OrderStatus.SCHEDULED);
        feed.seed(TestOrders.order("L4", "MR", "MR01", "P1", "20240502"), OrderStatus.SCHEDULED);
        feed.seed(TestOrders.order("L5", "CT", "CT01", "P3", "20240502"), OrderStatus.CANCELLED);

        JsonNode all = json(server.get("/api/worklist"));
        assertThat(accessions(all)).containsExactly("L1", "L2", "L4", "L5", "L3");
        assertThat(all.path("limit").asInt()).isEqualTo(100);
        assertThat(all.path("offset").asInt()).isZero();
        assertThat(directory.lastFilter()).isEqualTo(WorklistFilter.all());

        JsonNode ct = json(server.get(
            "/api/worklist?status=SCHEDULED,in_progress&modality=CT&station=CT01&from=20240501&to=20240502"));
        assertThat(accessions(ct)).containsExactly("L1", "L2");
        assertThat(directory.lastFilter()).isEqualTo(new WorklistFilter(
            EnumSet.of(OrderStatus.SCHEDULED, OrderStatus.IN_PROGRESS), "CT", "CT01", null, "20240501", "20240502",
            100, 0));

        assertThat(accessions(json(server.get("/api/worklist?patientId=P1&status=STARTED,SCHEDULED"))))
            .containsExactly("L1", "L4", "L3");
        assertThat(accessions(json(server.get("/api/worklist?status=CANCELED")))).containsExactly("L5");

        JsonNode page = json(server.get("/api/worklist?limit=2&offset=1"));
        assertThat(accessions(page)).containsExactly("L2", "L4");
        assertThat(page.path("limit").asInt()).isEqualTo(2);
        assertThat(page.path("offset").asInt()).isEqualTo(1);
        assertThat(json(server.get("/api/worklist?limit=1000")).path("entries").size()).isEqualTo(5);
    }

    @Test
    void badListParametersAre400() throws Exception {
        for (String query : List.of("status=WAITING", "status=SCHEDULED,", "from=2024-05-01", "to=20240230",
            "from=20240502&to=20240501", "limit=0", "limit=1001", "limit=ten", "offset=-1", "offset=1.5")) {
            HttpResponse<String> r = server.get("/api/worklist?" + query);
            assertThat(r.statusCode()).as(query).isEqualTo(400);
            assertThat(json(r).path("error").asText()).as(query).isNotBlank();
        }
    }

    @Test
    void aFailingFeedIsA500WithAJsonError() throws Exception {
        RecordingOrderFeed broken = new RecordingOrderFeed(new InMemoryWorklistDirectory()) {
            @Override
            public synchronized java.util.concurrent.CompletionStage<FeedResult> schedule(
                org.cairn.worklist.Order order, String source) {
                return java.util.concurrent.CompletableFuture.failedFuture(new IllegalStateException("journal down"));
            }
        };
        try (RouteServer other = RouteServer.start(WorklistRoutes.create(broken, new InMemoryWorklistDirectory()))) {
            HttpResponse<String> r = other.post("/api/worklist", JSON_TYPE, TestOrders.minimalJson("A113", "CT", "20240502"));
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(json(r).path("error").asText()).contains("journal down");
        }
    }

    private static List<String> accessions(JsonNode page) {
        List<String> out = new java.util.ArrayList<>();
        page.path("entries").forEach(e -> out.add(e.path("accessionNumber").asText()));
        return out;
    }
}
