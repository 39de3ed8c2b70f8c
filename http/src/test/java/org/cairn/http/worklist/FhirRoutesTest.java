package org.cairn.http.worklist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.cairn.worklist.Order;
import org.cairn.worklist.OrderStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FhirRoutesTest {
    private static final String FHIR_JSON = "application/fhir+json";
    private static final InMemoryWorklistDirectory directory = new InMemoryWorklistDirectory();
    private static final RecordingOrderFeed feed = new RecordingOrderFeed(directory);
    private static RouteServer server;

    @BeforeAll
    static void start() {
        FhirMapping mapping = new FhirMapping(Map.of("http://loinc.org", "LN"), List.of(),
            List.of(new FhirMapping.CodeRule(null, "CT-ROOM-2", null, "CT02")));
        server = RouteServer.start(FhirRoutes.create(feed, mapping));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void reset() {
        feed.reset();
    }

    private static HttpResponse<String> post(String contentType, String body) {
        return server.post("/fhir/ServiceRequest", contentType, body);
    }

    private static JsonNode outcome(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/fhir+json");
        JsonNode body = ServiceRequests.JSON.readTree(r.body());
        assertThat(body.path("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(body.path("issue").size()).isPositive();
        body.path("issue").forEach(i -> assertThat(i.path("severity").asText()).isEqualTo("error"));
        return body;
    }

    @Test
    void aGoodServiceRequestIsScheduledAndEchoed() throws Exception {
        HttpResponse<String> r = post(FHIR_JSON + "; fhirVersion=4.0", ServiceRequests.full().toString());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/fhir+json");
        assertThat(r.headers().firstValue("Location")).hasValue("/fhir/ServiceRequest/sr1");
        JsonNode echo = ServiceRequests.JSON.readTree(r.body());
        assertThat(echo).isEqualTo(ServiceRequests.full());

        RecordingOrderFeed.Call call = feed.lastCall();
        assertThat(call.method()).isEqualTo("schedule");
        assertThat(call.source()).isEqualTo("fhir");
        Order order = call.order();
        assertThat(order.accessionNumber()).isEqualTo("ACC1");
        assertThat(order.patient().name()).isEqualTo("Smith^Anna^Maria Louise^Dr.^PhD");
        assertThat(order.step().modality()).isEqualTo("CT");
        assertThat(order.step().stationAeTitle()).isEqualTo("CT02");
        assertThat(order.step().startDate()).isEqualTo("20240502");
        assertThat(order.step().startTime()).isEqualTo("093015");

        HttpResponse<String> again = post(FHIR_JSON, ServiceRequests.full().toString());
        assertThat(again.statusCode()).as("the same order again").isEqualTo(200);
    }

    @Test
    void plainJsonIsAcceptedAndAMissingIdAndStudyUidAreFilledIn() throws Exception {
        ObjectNode sr = ServiceRequests.full();
        sr.remove("id");
        ((com.fasterxml.jackson.databind.node.ArrayNode) sr.path("identifier")).remove(2);

        HttpResponse<String> r = post("application/json", sr.toString());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(r.headers().firstValue("Location")).hasValue("/fhir/ServiceRequest/ACC1");
        JsonNode echo = ServiceRequests.JSON.readTree(r.body());
        assertThat(echo.path("id").asText()).isEqualTo("ACC1");
        String uid = feed.lastCall().order().studyInstanceUid();
        assertThat(uid).startsWith("2.25.");
        assertThat(echo.path("identifier").get(2).path("system").asText()).isEqualTo("urn:dicom:uid");
        assertThat(echo.path("identifier").get(2).path("value").asText()).isEqualTo("urn:oid:" + uid);
    }

    @Test
    void aBadServiceRequestGetsAnOperationOutcomeListingEveryProblem() throws Exception {
        ObjectNode sr = ServiceRequests.full();
        sr.remove("identifier");
        sr.set("subject", ServiceRequests.parse("{\"reference\": \"#nobody\"}"));
        sr.put("priority", "whenever");

        JsonNode body = outcome(post(FHIR_JSON, sr.toString()), 400);

        assertThat(body.path("issue").findValuesAsText("code")).containsExactly("required", "not-found", "invalid");
        assertThat(body.path("issue").get(1).path("expression").get(0).asText())
            .isEqualTo("ServiceRequest.subject.reference");
        assertThat(body.path("issue").get(1).path("diagnostics").asText()).contains("#nobody");
        assertThat(feed.calls()).isEmpty();
    }

    @Test
    void malformedJsonIsAStructureIssue() throws Exception {
        for (String bad : List.of("{\"resourceType\": ", "", "[]", "{} {}")) {
            JsonNode body = outcome(post(FHIR_JSON, bad), 400);
            assertThat(body.path("issue").get(0).path("code").asText()).as(bad).isEqualTo("structure");
        }
        JsonNode wrongType = outcome(post(FHIR_JSON, "{\"resourceType\": \"Patient\"}"), 400);
        assertThat(wrongType.path("issue").get(0).path("code").asText()).isEqualTo("invalid");
    }

    @Test
    void otherContentTypesAre415() throws Exception {
        JsonNode body = outcome(post("text/plain", ServiceRequests.full().toString()), 415);
        assertThat(body.path("issue").get(0).path("code").asText()).isEqualTo("not-supported");
        outcome(post("application/xml", "<ServiceRequest/>"), 415);
    }

    @Test
    void revokedCancelsAnExistingOrderAndIsNotFoundOtherwise() throws Exception {
        ObjectNode sr = ServiceRequests.full();
        sr.put("status", "revoked");
        JsonNode missing = outcome(post(FHIR_JSON, sr.toString()), 404);
        assertThat(missing.path("issue").get(0).path("code").asText()).isEqualTo("not-found");

        feed.seed(TestOrders.order("ACC1", "CT", "CT02", "PID-7", "20240502"), OrderStatus.SCHEDULED);
        HttpResponse<String> r = post(FHIR_JSON, sr.toString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Location")).hasValue("/fhir/ServiceRequest/sr1");
        RecordingOrderFeed.Call call = feed.lastCall();
        assertThat(call.method()).isEqualTo("cancel");
        assertThat(call.accessionNumber()).isEqualTo("ACC1");
        assertThat(call.reason()).isEqualTo("FHIR ServiceRequest revoked");
        assertThat(call.source()).isEqualTo("fhir");
    }

    @Test
    void completedReportsTheStatus() throws Exception {
        feed.seed(TestOrders.order("ACC1", "CT", "CT02", "PID-7", "20240502"), OrderStatus.IN_PROGRESS);
        ObjectNode sr = ServiceRequests.full();
        sr.put("status", "completed");

        assertThat(post(FHIR_JSON, sr.toString()).statusCode()).isEqualTo(200);
        assertThat(feed.lastCall().method()).isEqualTo("statusChanged");
        assertThat(feed.lastCall().status()).isEqualTo(OrderStatus.COMPLETED);
    }

    @Test
    void aConflictIs409() throws Exception {
        feed.seed(TestOrders.order("ACC1", "MR", "MR01", "OTHER", "20240502"), OrderStatus.SCHEDULED);
        JsonNode body = outcome(post(FHIR_JSON, ServiceRequests.full().toString()), 409);
        assertThat(body.path("issue").get(0).path("code").asText()).isEqualTo("conflict");

        feed.seed(TestOrders.order("ACC2", "CT", "CT02", "PID-7", "20240502"), OrderStatus.IN_PROGRESS);
        ObjectNode cancel = ServiceRequests.full();
        cancel.put("status", "entered-in-error");
        ((ObjectNode) cancel.path("identifier").get(1)).put("value", "ACC2");
        outcome(post(FHIR_JSON, cancel.toString()), 409);
    }

    @Test
    void bodiesOverOneMebibyteAre413() throws Exception {
        ObjectNode sr = ServiceRequests.full();
        sr.put("padding", "x".repeat((int) RequestBodies.MAX_BYTES));
        JsonNode body = outcome(post(FHIR_JSON, sr.toString()), 413);
        assertThat(body.path("issue").get(0).path("code").asText()).isEqualTo("too-costly");
        assertThat(feed.calls()).isEmpty();
    }

    @Test
    void otherMethodsAndPathsAreNotHandled() {
        assertThat(server.get("/fhir/ServiceRequest").statusCode()).isEqualTo(405);
        assertThat(server.post("/fhir/Patient", FHIR_JSON, "{}").statusCode()).isEqualTo(404);
    }
}
