package org.cairn.http.worklist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.cairn.access.Role;
import org.cairn.http.auth.Permission;
import org.cairn.http.worklist.NodeApi.Served;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document against the node's whole HTTP API ({@link NodeApi}): it is served, it is well-formed enough to
 * use, it names every part of the API, every operation it names is handled by a route, and its
 * {@code x-cairn-permission} is what the route really demands. Every operation is walked without credentials, with
 * wrong ones and as each role: a request without valid credentials is 401 with a challenge, a role lacking the
 * permission gets 403, a role holding it gets past security.
 *
 * <p>Permissions are only ever held through roles, and some share their roles (store, worklist and send; modify and
 * delete; read and any authenticated principal): the walk tells those apart from the others, not from each other.
 */
class OpenApiRouteTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> PERMISSIONS = Set.of("read", "store", "worklist", "send", "modify", "delete",
        "admin", DocumentedOperation.AUTHENTICATED, DocumentedOperation.PUBLIC);

    @TempDir
    static Path dataDir;
    private static NodeApi api;
    private static JsonNode document;
    private static List<DocumentedOperation> operations;
    private static Map<DocumentedOperation, Map<Role, Integer>> statusByRole;

    @BeforeAll
    static void start() throws Exception {
        api = NodeApi.start(dataDir);
        HttpResponse<String> served = api.send(Served.AS_THE_NODE_SERVES_IT, "GET", "/api/openapi.json", null, null,
            NodeApi.basic(Role.VIEWER));
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("Content-Type")).hasValue("application/json");
        document = JSON.readTree(served.body());
        operations = DocumentedOperation.all(document);
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void theDocumentIsOpenApi303WithBothSchemesAndAPermissionOnEveryOperation() {
        assertThat(document.path("openapi").asText()).isEqualTo("3.0.3");
        assertThat(document.path("info").path("title").asText()).isNotBlank();
        assertThat(document.path("info").path("version").asText()).isNotBlank();
        JsonNode schemes = document.path("components").path("securitySchemes");
        assertThat(schemes.path("basic").path("type").asText()).isEqualTo("http");
        assertThat(schemes.path("basic").path("scheme").asText()).isEqualTo("basic");
        assertThat(schemes.path("bearer").path("scheme").asText()).isEqualTo("bearer");
        assertThat(schemes.path("bearer").path("bearerFormat").asText()).isEqualTo("JWT");
        assertThat(document.path("security").toString()).isEqualTo("[{\"basic\":[]},{\"bearer\":[]}]");
        assertThat(DocumentedOperation.fieldNames(document.path("components").path("schemas"))).contains("Order",
            "Patient", "ScheduledStep", "Code", "WorklistEntry", "Error", "OperationOutcome", "Study", "Job", "User");

        JsonNode paths = document.path("paths");
        for (DocumentedOperation operation : operations) {
            JsonNode spec = paths.path(operation.template()).path(operation.method().toLowerCase());
            assertThat(spec.path("summary").asText()).as(operation + " summary").isNotBlank();
            assertThat(operation.permission()).as(operation + " x-cairn-permission").isIn(PERMISSIONS);
            assertThat(operation.statuses()).as(operation + " responses")
                .anyMatch(s -> s.startsWith("2") || s.equals("101")); // 101: the WebSocket upgrade
            boolean isPublic = operation.permission().equals(DocumentedOperation.PUBLIC);
            assertThat(spec.has("security")).as(operation + " has its own security").isEqualTo(isPublic);
            if (isPublic) {
                assertThat(spec.path("security").toString()).as(operation + " security").isEqualTo("[]");
            }
            if (!isPublic) {
                assertThat(operation.statuses()).as(operation + " responses").contains("401");
            }
            if (!isPublic && !operation.permission().equals(DocumentedOperation.AUTHENTICATED)) {
                assertThat(operation.statuses()).as(operation + " responses").contains("403");
            }
        }
        assertThat(operations).filteredOn(o -> o.permission().equals(DocumentedOperation.PUBLIC))
            .extracting(DocumentedOperation::toString).containsExactly("GET /health");
    }

    @Test
    void theDocumentNamesEveryPartOfTheApi() {
        String instance = "/dicom-web/studies/{study}/series/{series}/instances/{sop}";
        assertThat(operations).extracting(DocumentedOperation::toString).contains(
            "GET /health", "GET /metrics", "GET /api/openapi.json", "GET /api/me",
            "GET /api/users", "POST /api/users", "GET /api/users/{name}", "PUT /api/users/{name}",
            "DELETE /api/users/{name}", "GET /api/audit/access", "GET /api/audit/worklist-queries",
            // the study API and its jobs
            "GET /api/studies", "GET /api/studies/{study}", "DELETE /api/studies/{study}",
            "GET /api/studies/{study}/history", "POST /api/studies/{study}/attributes",
            "POST /api/studies/{study}/restore", "POST /api/studies/{study}/purge", "GET /api/studies/{study}/archive",
            "POST /api/studies/{study}/export", "POST /api/studies/{study}/send", "POST /api/studies/{study}/anonymize",
            "GET /api/studies/{study}/series/{series}/instances/{sop}/file", "GET /api/deleted-studies",
            "GET /api/destinations", "GET /api/jobs", "GET /api/jobs/{job}", "POST /api/jobs/{job}/cancel",
            "GET /api/jobs/{job}/file", "POST /api/uploads",
            // DICOMweb
            "GET /dicom-web/studies", "GET /dicom-web/series", "GET /dicom-web/instances",
            "GET /dicom-web/studies/{study}/series", "GET /dicom-web/studies/{study}/instances",
            "GET /dicom-web/studies/{study}/series/{series}/instances",
            "POST /dicom-web/studies", "POST /dicom-web/studies/{study}",
            "GET /dicom-web/studies/{study}", "GET /dicom-web/studies/{study}/metadata",
            "GET /dicom-web/studies/{study}/thumbnail", "GET /dicom-web/studies/{study}/series/{series}",
            "GET /dicom-web/studies/{study}/series/{series}/metadata",
            "GET /dicom-web/studies/{study}/series/{series}/thumbnail",
            "GET " + instance, "GET " + instance + "/metadata", "GET " + instance + "/rendered",
            "GET " + instance + "/thumbnail", "GET " + instance + "/bulkdata/{tag}",
            "GET " + instance + "/frames/{frames}", "GET " + instance + "/frames/{frame}/rendered",
            "GET " + instance + "/frames/{frame}/thumbnail", "GET /wado",
            // worklist and FHIR
            "GET /api/worklist", "POST /api/worklist", "GET /api/worklist/{accession}",
            "PUT /api/worklist/{accession}", "DELETE /api/worklist/{accession}", "POST /fhir/ServiceRequest",
            // study events
            "GET /api/changefeed", "GET /api/changefeed/latest", "GET /api/events/stream", "GET /api/events/ws",
            "GET /api/webhooks", "POST /api/webhooks", "GET /api/webhooks/{id}", "DELETE /api/webhooks/{id}",
            "POST /api/webhooks/{id}/resume", "GET /api/fhir/publications", "GET /api/fhir/publications/{study}",
            "POST /api/fhir/publications/{study}/retry");
    }

    @Test
    void everyPathParameterIsDeclared() {
        JsonNode paths = document.path("paths");
        for (DocumentedOperation operation : operations) {
            JsonNode item = paths.path(operation.template());
            List<String> declared = new ArrayList<>();
            for (JsonNode p : item.path("parameters")) {
                declared.add(declaration(p));
            }
            for (JsonNode p : item.path(operation.method().toLowerCase()).path("parameters")) {
                declared.add(declaration(p));
            }
            Matcher m = Pattern.compile("\\{([^}]+)}").matcher(operation.template());
            while (m.find()) {
                assertThat(declared).as(operation.toString()).contains("path:" + m.group(1));
            }
        }
    }

    private static String declaration(JsonNode parameter) {
        JsonNode p = parameter.has("$ref") ? document.at(parameter.get("$ref").asText().substring(1)) : parameter;
        return p.path("in").asText() + ":" + p.path("name").asText();
    }

    @Test
    void everyReferenceResolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(document, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).startsWith("#/");
            assertThat(document.at(ref.substring(1)).isMissingNode()).as(ref).isFalse();
        }
    }

    @Test
    void asAnAdministratorEveryOperationReachesARouteAndAnswersADocumentedStatus() {
        List<String> unmatched = new ArrayList<>();
        List<String> undocumented = new ArrayList<>();
        for (DocumentedOperation operation : operations) {
            HttpResponse<String> r = api.send(Served.WITH_A_CATCH_ALL, operation, NodeApi.basic(Role.ADMIN));
            if (r.headers().firstValue(NodeApi.UNMATCHED).isPresent()) {
                unmatched.add(operation.toString());
            } else if (!operation.statuses().contains(String.valueOf(r.statusCode()))) {
                undocumented.add(operation + " answered " + r.statusCode() + " " + r.body());
            }
        }
        SoftAssertions.assertSoftly(softly -> {
            softly.assertThat(unmatched).as("documented operations no route handles").isEmpty();
            softly.assertThat(undocumented).as("statuses the document does not give").isEmpty();
            softly.assertThat(operations).hasSizeGreaterThanOrEqualTo(59);
        });
    }

    @Test
    void methodsAndPathsTheDocumentDoesNotNameReachNoRoute() {
        Map<String, DocumentedOperation> onePerPath = new LinkedHashMap<>();
        operations.forEach(o -> onePerPath.putIfAbsent(o.template(), o));
        List<String> handled = new ArrayList<>();
        int probed = 0;
        for (DocumentedOperation sample : onePerPath.values()) {
            Set<String> documented = operations.stream().filter(o -> o.template().equals(sample.template()))
                .map(DocumentedOperation::method).collect(Collectors.toSet());
            for (String method : List.of("GET", "POST", "PUT", "DELETE", "PATCH")) {
                if (documented.contains(method)) {
                    continue;
                }
                boolean withBody = !method.equals("GET") && !method.equals("DELETE");
                HttpResponse<String> r = api.send(Served.WITH_A_CATCH_ALL, method, sample.path(),
                    withBody ? "application/json" : null, withBody ? "{}" : null, NodeApi.basic(Role.ADMIN));
                probed++;
                if (r.headers().firstValue(NodeApi.UNMATCHED).isEmpty()) {
                    handled.add(method + " " + sample.template() + " answered " + r.statusCode());
                }
            }
        }
        assertThat(handled).as("operations routes handle that the document does not name").isEmpty();
        assertThat(probed).isGreaterThan(100);
        for (String path : List.of("/api/nothing-here", "/dicom-web/nothing-here", "/fhir/Patient", "/api")) {
            assertThat(api.send(Served.WITH_A_CATCH_ALL, "GET", path, null, null, NodeApi.basic(Role.ADMIN))
                .headers().firstValue(NodeApi.UNMATCHED)).as(path).isPresent();
        }
    }

    @Test
    void withoutCredentialsEveryOperationButHealthIsRefused401WithAChallenge() {
        List<String> wrong = new ArrayList<>();
        for (DocumentedOperation operation : operations) {
            HttpResponse<String> r = api.send(Served.AS_THE_NODE_SERVES_IT, operation, null);
            if (operation.permission().equals(DocumentedOperation.PUBLIC)) {
                if (r.statusCode() != 200) {
                    wrong.add(operation + " (public) answered " + r.statusCode());
                }
            } else if (r.statusCode() != 401
                || !r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic realm=\"Cairn\"")) {
                wrong.add(operation + " answered " + r.statusCode() + " " + r.headers().map().get("www-authenticate"));
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void wrongCredentialsAreRefused401OnEveryOperationButHealth() {
        List<String> wrong = new ArrayList<>();
        List<String> credentials = List.of(
            NodeApi.basic(NodeApi.user(Role.ADMIN), "not the password"),
            NodeApi.basic("nobody-at-all", "not the password"),
            "Bearer not.a.token");
        for (DocumentedOperation operation : operations) {
            if (operation.permission().equals(DocumentedOperation.PUBLIC)) {
                continue;
            }
            for (String authorization : credentials) {
                HttpResponse<String> r = api.send(Served.AS_THE_NODE_SERVES_IT, operation, authorization);
                if (r.statusCode() != 401 || r.headers().firstValue("WWW-Authenticate").isEmpty()) {
                    wrong.add(operation + " with " + authorization.split(" ")[0] + " answered " + r.statusCode());
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void everyRoleIsRefused403ExactlyWhereItLacksTheDocumentedPermission() {
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<DocumentedOperation, Map<Role, Integer>> walked : statusByRole().entrySet()) {
            DocumentedOperation operation = walked.getKey();
            for (Map.Entry<Role, Integer> answer : walked.getValue().entrySet()) {
                Role role = answer.getKey();
                int status = answer.getValue();
                boolean holds = holds(role, operation.permission());
                if (holds ? status == 401 || status == 403 : status != 403) {
                    wrong.add(operation + " as " + role.id() + " (" + (holds ? "holds " : "lacks ")
                        + operation.permission() + ") answered " + status);
                }
            }
        }
        assertThat(wrong).isEmpty();
        HttpResponse<String> refused = api.send(Served.AS_THE_NODE_SERVES_IT, "POST",
            "/api/studies/1.2.3/purge", null, null, NodeApi.basic(Role.RADIOLOGIST));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).as("403 asks for no other credentials").isEmpty();
        assertThat(refused.body()).contains("\"error\"");
    }

    @Test
    void theDocumentedPermissionIsTheOneTheRouteDemands() {
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<DocumentedOperation, Map<Role, Integer>> walked : statusByRole().entrySet()) {
            DocumentedOperation operation = walked.getKey();
            Set<Role> admitted = EnumSet.noneOf(Role.class);
            walked.getValue().forEach((role, status) -> {
                if (status != 401 && status != 403) {
                    admitted.add(role);
                }
            });
            Set<String> demanded = permissionsAdmitting(admitted);
            if (!demanded.contains(operation.permission())) {
                wrong.add(operation + ": the document says " + operation.permission() + ", the route admits "
                    + admitted + ", so it demands " + (demanded.isEmpty() ? "no single permission" : "one of "
                    + demanded));
            }
        }
        assertThat(wrong).isEmpty();
    }

    /** Each operation sent once as the user of each role, to the API as the node serves it. */
    private static synchronized Map<DocumentedOperation, Map<Role, Integer>> statusByRole() {
        if (statusByRole == null) {
            Map<DocumentedOperation, Map<Role, Integer>> walked = new LinkedHashMap<>();
            for (DocumentedOperation operation : operations) {
                if (operation.permission().equals(DocumentedOperation.PUBLIC)) {
                    continue;
                }
                Map<Role, Integer> statuses = new EnumMap<>(Role.class);
                for (Role role : Role.values()) {
                    statuses.put(role, api.send(Served.AS_THE_NODE_SERVES_IT, operation, NodeApi.basic(role))
                        .statusCode());
                }
                walked.put(operation, statuses);
            }
            statusByRole = walked;
        }
        return statusByRole;
    }

    /** Whether {@code role} may do what {@code permission} (an x-cairn-permission) names. */
    private static boolean holds(Role role, String permission) {
        return permission.equals(DocumentedOperation.AUTHENTICATED)
            || Permission.of(role).stream().anyMatch(p -> p.id().equals(permission));
    }

    /** The x-cairn-permission values whose holders are exactly {@code roles}. */
    private static Set<String> permissionsAdmitting(Set<Role> roles) {
        Set<String> matching = new TreeSet<>();
        for (String permission : PERMISSIONS) {
            if (permission.equals(DocumentedOperation.PUBLIC)) {
                continue;
            }
            Set<Role> holders = EnumSet.noneOf(Role.class);
            for (Role role : Role.values()) {
                if (holds(role, permission)) {
                    holders.add(role);
                }
            }
            if (holders.equals(roles)) {
                matching.add(permission);
            }
        }
        return matching;
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
