package org.cairn.http.worklist;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.Route;
import org.cairn.blob.BlobStore;
import org.cairn.blob.LocalBlobStore;
import org.cairn.http.AuditRoutes;
import org.cairn.http.HealthRoute;
import org.cairn.http.MetricsRoute;
import org.cairn.http.QidoRoutes;
import org.cairn.http.StudyRoutes;
import org.cairn.journal.JournalSchema;
import org.cairn.study.StudyStore;
import org.cairn.views.ViewDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document is served, is well-formed enough to use, and names only paths the node's routes handle:
 * every operation is sent through all the routes together, behind a catch-all that marks what nothing handled.
 */
class OpenApiRouteTest {
    private static final String UNMATCHED = "X-Test-Unmatched";
    private static RouteServer server;
    private static java.nio.file.Path blobDir;
    private static ViewDatabase viewDatabase;

    @BeforeAll
    static void start() throws Exception {
        blobDir = java.nio.file.Files.createTempDirectory("cairn-openapi-blobs");
        String url = "jdbc:h2:mem:openapi;DB_CLOSE_DELAY=-1";
        JournalSchema.migrate(url, "cairn", "");
        viewDatabase = ViewDatabase.open(url, "cairn", "", 2);
        server = RouteServer.start(allRoutes(LocalBlobStore.open(blobDir), viewDatabase.dataSource()));
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        viewDatabase.close();
        try (var files = java.nio.file.Files.walk(blobDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /**
     * Every route of the http module, as the node concatenates them, over an empty blob store and empty views (H2 as
     * Flyway creates them) and a study store holding no study.
     */
    private static Route allRoutes(BlobStore blobs, DataSource views) {
        InMemoryWorklistDirectory directory = new InMemoryWorklistDirectory();
        RecordingOrderFeed feed = new RecordingOrderFeed(directory);
        StudyStore studies = new NoStudies();
        return concat(
            HealthRoute.create(() -> new HealthRoute.Health(true, "CAIRN", 11112, 0)),
            MetricsRoute.create(),
            StudyRoutes.create(studies, blobs),
            QidoRoutes.create(views, Runnable::run, "CAIRN", 100, false),
            AuditRoutes.create(views, Runnable::run),
            WorklistRoutes.create(feed, directory),
            FhirRoutes.create(feed, new FhirMapping(Map.of(), List.of(), List.of())),
            OpenApiRoute.create(),
            complete(org.apache.pekko.http.javadsl.model.HttpResponse.create().withStatus(StatusCodes.IM_A_TEAPOT)
                .addHeader(RawHeader.create(UNMATCHED, "true"))));
    }

    private static JsonNode document() throws Exception {
        HttpResponse<String> r = server.get("/api/openapi.json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        return ServiceRequests.JSON.readTree(r.body());
    }

    @Test
    void theDocumentIsOpenApi303WithTheSchemasOfTheWorklist() throws Exception {
        JsonNode doc = document();
        assertThat(doc.path("openapi").asText()).isEqualTo("3.0.3");
        assertThat(doc.path("info").path("title").asText()).isNotBlank();
        assertThat(doc.path("info").path("version").asText()).isNotBlank();
        assertThat(fieldNames(doc.path("components").path("schemas"))).contains("Order", "Patient", "ScheduledStep",
            "Code", "WorklistEntry", "Error", "OperationOutcome");
        assertThat(fieldNames(doc.path("paths"))).contains("/health", "/metrics", "/api/studies/{study}",
            "/api/studies/{study}/series/{series}/instances/{sop}/file", "/dicom-web/studies",
            "/dicom-web/studies/{study}/series", "/dicom-web/studies/{study}/series/{series}/instances",
            "/dicom-web/studies/{study}/instances", "/dicom-web/series", "/dicom-web/instances", "/api/worklist",
            "/api/worklist/{accession}", "/fhir/ServiceRequest", "/api/openapi.json", "/api/audit/worklist-queries");
        assertThat(fieldNames(doc.path("paths").path("/api/worklist"))).contains("get", "post");
        assertThat(fieldNames(doc.path("paths").path("/api/worklist/{accession}"))).contains("get", "put", "delete");
    }

    @Test
    void everyReferenceResolves() throws Exception {
        JsonNode doc = document();
        List<String> refs = new ArrayList<>();
        collectRefs(doc, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).startsWith("#/");
            assertThat(doc.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
        }
    }

    @Test
    void everyPathParameterIsDeclared() throws Exception {
        JsonNode paths = document().path("paths");
        for (String path : fieldNames(paths)) {
            JsonNode item = paths.path(path);
            for (String method : operations(item)) {
                List<String> declared = new ArrayList<>();
                item.path("parameters").forEach(p -> declared.add(p.path("in").asText() + ":" + p.path("name").asText()));
                item.path(method).path("parameters").forEach(p ->
                    declared.add(p.path("in").asText() + ":" + p.path("name").asText()));
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(path);
                while (m.find()) {
                    assertThat(declared).as(method + " " + path).contains("path:" + m.group(1));
                }
            }
        }
    }

    @Test
    void everyDocumentedOperationIsHandledByARoute() throws Exception {
        JsonNode paths = document().path("paths");
        List<String> unmatched = new ArrayList<>();
        int checked = 0;
        for (String path : fieldNames(paths)) {
            for (String method : operations(paths.path(path))) {
                String operation = method.toUpperCase() + " " + path;
                String concrete = path.replaceAll("\\{[^}]+}", "1.2.3");
                boolean withBody = method.equals("post") || method.equals("put");
                HttpResponse<String> r = server.send(method.toUpperCase(), concrete,
                    withBody ? "application/json" : null, withBody ? "{}" : null);
                checked++;
                if (r.headers().firstValue(UNMATCHED).isPresent()) {
                    unmatched.add(operation);
                }
            }
        }
        assertThat(unmatched).as("documented operations no route handles").isEmpty();
        assertThat(checked).isGreaterThanOrEqualTo(17);
    }

    @Test
    void theCatchAllReallyCatchesUndocumentedOperations() {
        assertThat(server.get("/api/nothing-here").headers().firstValue(UNMATCHED)).isPresent();
        assertThat(server.send("PATCH", "/api/worklist/A1", "application/json", "{}").headers()
            .firstValue(UNMATCHED)).isPresent();
    }

    private static List<String> operations(JsonNode pathItem) {
        Set<String> methods = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
        return fieldNames(pathItem).stream().filter(methods::contains).toList();
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> i = node.fieldNames(); i.hasNext(); ) {
            names.add(i.next());
        }
        return names;
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.properties().forEach(e -> {
                if (e.getKey().equals("$ref")) {
                    refs.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectRefs(n, refs));
        }
    }
}
