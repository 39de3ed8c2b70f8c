package org.cairn.http.auth;

import static org.apache.pekko.http.javadsl.server.Directives.complete;
import static org.apache.pekko.http.javadsl.server.Directives.concat;
import static org.apache.pekko.http.javadsl.server.Directives.get;
import static org.apache.pekko.http.javadsl.server.Directives.path;
import static org.apache.pekko.http.javadsl.server.Directives.pathPrefix;
import static org.apache.pekko.http.javadsl.server.Directives.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.cairn.access.AccessAudit;
import org.cairn.access.AccessAuditFilter;
import org.cairn.access.AccessRecord;
import org.cairn.access.Role;
import org.cairn.journal.JournalSchema;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole HTTP security over a real server and a real H2 journal database: public health, Basic and bearer
 * authentication, 401 versus 403, the users API and its effect on cached passwords, CORS, and the access audit.
 */
class HttpSecurityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_PASSWORD = "the admin password";
    private static final String VIEWER = "https://viewer.example.org";
    private static int databases;

    private JdbcDataSource database;
    private ExecutorService blocking;
    private HttpSecurity security;
    private TestServer server;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    @TempDir
    Path dataDir;

    @BeforeEach
    void start() throws Exception {
        String url = "jdbc:h2:mem:security" + (++databases) + ";DB_CLOSE_DELAY=-1";
        JournalSchema.migrate(url, "cairn", "");
        database = new JdbcDataSource();
        database.setURL(url);
        database.setUser("cairn");
        blocking = Executors.newFixedThreadPool(4);
        Config config = ConfigFactory.parseMap(Map.of(
                "cairn.auth.admin-password", ADMIN_PASSWORD,
                "cairn.auth.password-iterations", 10_000,
                "cairn.auth.jwt.issuer", Tokens.ISSUER,
                "cairn.auth.jwt.audience", Tokens.AUDIENCE,
                "cairn.auth.jwt.hs256-secret", Tokens.SECRET,
                "cairn.http.cors.allowed-origins", List.of(VIEWER)))
            .withFallback(ConfigFactory.defaultReference());
        security = HttpSecurity.start(config, database, dataDir, blocking,
            new PrintStream(printed, true, StandardCharsets.UTF_8), Clock.systemUTC());
        server = TestServer.start(security.secure(concat(
            path("health", () -> get(() -> complete("UP"))),
            security.routes(),
            pathPrefix("dicomweb", () -> Access.require(Permission.READ, principal ->
                path(PathMatchers.segment("studies").slash(PathMatchers.segment()).slash("metadata"), study ->
                    get(() -> complete("metadata of " + study + " for " + principal.name()))))),
            path("purge", () -> post(() -> Access.require(Permission.ADMIN, () -> complete("purged")))),
            path("stow", () -> post(() -> Access.require(Permission.STORE, principal -> complete("stored by "
                + principal.name())))))));
    }

    @AfterEach
    void stop() {
        server.close();
        security.close();
        blocking.shutdownNow();
    }

    private static String basic(String name, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> asAdmin(String method, String path, String body) {
        return server.send(method, path, body, "Authorization", basic("admin", ADMIN_PASSWORD));
    }

    private void createUser(String name, String password, String... roles) {
        HttpResponse<String> created = asAdmin("POST", "/api/users", JSON.createObjectNode().put("name", name)
            .put("password", password).set("roles", JSON.valueToTree(roles)).toString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new AssertionError(response.body(), e);
        }
    }

    /** The audit rows that satisfy {@code wanted}, waiting for the batching writer (up to 10 s). */
    private List<AccessRecord> audited(Predicate<AccessRecord> wanted, int atLeast) throws Exception {
        long until = System.currentTimeMillis() + 10_000;
        while (true) {
            List<AccessRecord> rows = new ArrayList<>();
            try (Connection c = database.getConnection()) {
                AccessAudit.read(c, new AccessAuditFilter(null, null, null, null, null, 1000)).entries()
                    .forEach(e -> rows.add(e.access()));
            }
            rows.removeIf(wanted.negate());
            if (rows.size() >= atLeast || System.currentTimeMillis() > until) {
                return rows;
            }
            Thread.sleep(100);
        }
    }

    @Test
    void healthIsPublicAndEverythingElseAsksForCredentials() throws Exception {
        assertThat(server.get("/health").statusCode()).isEqualTo(200);
        HttpResponse<String> refused = server.get("/dicomweb/studies/1.2.3/metadata");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().allValues("WWW-Authenticate")).singleElement().satisfies(challenges ->
            assertThat(challenges).startsWith("Basic realm=\"Cairn\"").endsWith(", Bearer"));
        assertThat(json(refused).get("error").asText()).contains("Basic", "bearer");
        assertThat(server.get("/no/such/path").statusCode()).as("unknown paths too").isEqualTo(401);
        assertThat(audited(a -> a.uri().equals("/health"), 0)).isEmpty();
    }

    @Test
    void aScriptGetsItsRefusalWithoutAChallengeSoNoBrowserDialogOpens() {
        HttpResponse<String> refused = server.get("/dicomweb/studies/1.2.3/metadata", "X-Requested-With", "cairn-ui",
            "Authorization", basic("admin", "not the password"));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().allValues("WWW-Authenticate")).isEmpty();
    }

    @Test
    void wrongOrMalformedCredentialsAre401AndSayNotWhichPartWasWrong() {
        HttpResponse<String> wrong = server.get("/dicomweb/studies/1.2.3/metadata", "Authorization",
            basic("admin", "not the password"));
        HttpResponse<String> unknown = server.get("/dicomweb/studies/1.2.3/metadata", "Authorization",
            basic("nobody", "not the password"));
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).isEqualTo(unknown.body());
        assertThat(wrong.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(server.get("/dicomweb/studies/1.2.3/metadata", "Authorization", "Basic %%%").statusCode())
            .isEqualTo(401);
        assertThat(server.get("/dicomweb/studies/1.2.3/metadata", "Authorization", "Negotiate abc").statusCode())
            .isEqualTo(401);
    }

    @Test
    void theBootstrappedAdminSignsInAndSeesWhoTheyAre() throws Exception {
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains("--admin-password").doesNotContain(ADMIN_PASSWORD);
        HttpResponse<String> me = asAdmin("GET", "/api/me", null);
        assertThat(me.statusCode()).isEqualTo(200);
        JsonNode body = json(me);
        assertThat(body.get("name").asText()).isEqualTo("admin");
        assertThat(body.get("roles").toString()).isEqualTo("[\"admin\"]");
        assertThat(body.get("permissions").toString())
            .isEqualTo("[\"read\",\"store\",\"worklist\",\"send\",\"modify\",\"delete\",\"admin\"]");
        assertThat(body.get("authenticatedBy").asText()).isEqualTo("basic");
        assertThat(asAdmin("GET", "/dicomweb/studies/1.2.3/metadata", null).body())
            .isEqualTo("metadata of 1.2.3 for admin");
    }

    @Test
    void aRoleWithoutThePermissionIs403NotA401() {
        createUser("vera", "vera's long password", "viewer");
        String vera = basic("vera", "vera's long password");
        assertThat(server.get("/dicomweb/studies/1.2.3/metadata", "Authorization", vera).statusCode()).isEqualTo(200);
        HttpResponse<String> purge = server.send("POST", "/purge", null, "Authorization", vera);
        assertThat(purge.statusCode()).isEqualTo(403);
        assertThat(json(purge).get("error").asText()).contains("roles");
        assertThat(purge.headers().firstValue("WWW-Authenticate")).isEmpty();
        assertThat(server.send("POST", "/stow", null, "Authorization", vera).statusCode()).isEqualTo(403);
        assertThat(server.get("/api/users", "Authorization", vera).statusCode()).isEqualTo(403);
        assertThat(server.get("/api/audit/access", "Authorization", vera).statusCode()).isEqualTo(403);
        assertThat(server.send("POST", "/purge", null).statusCode()).as("no credentials at all").isEqualTo(401);
        assertThat(asAdmin("POST", "/purge", null).body()).isEqualTo("purged");
    }

    @Test
    void bearerTokensAuthenticateWithTheirRoles() {
        String token = Tokens.hs256(Tokens.valid("ris-feed", List.of("integration")).build(), Tokens.SECRET);
        HttpResponse<String> stored = server.send("POST", "/stow", null, "Authorization", "Bearer " + token);
        assertThat(stored.statusCode()).isEqualTo(200);
        assertThat(stored.body()).isEqualTo("stored by ris-feed");
        assertThat(json(server.get("/api/me", "Authorization", "Bearer " + token)).get("authenticatedBy").asText())
            .isEqualTo("bearer");
        assertThat(server.send("POST", "/purge", null, "Authorization", "Bearer " + token).statusCode()).isEqualTo(403);
        String otherAudience = Tokens.hs256(Tokens.valid("ris-feed", List.of("admin")).audience("x").build(), Tokens.SECRET);
        HttpResponse<String> refused = server.send("POST", "/purge", null, "Authorization", "Bearer " + otherAudience);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(json(refused).get("error").asText()).contains("aud");
    }

    @Test
    void changingAPasswordOrRolesTakesEffectAtOnceDespiteTheCache() {
        createUser("tom", "tom's first password", "technician");
        String first = basic("tom", "tom's first password");
        assertThat(server.send("POST", "/stow", null, "Authorization", first).statusCode()).isEqualTo(200);
        assertThat(server.send("POST", "/stow", null, "Authorization", first).statusCode()).as("from the cache")
            .isEqualTo(200);

        assertThat(asAdmin("PUT", "/api/users/tom", "{\"password\": \"tom's second password\"}").statusCode())
            .isEqualTo(200);
        assertThat(server.send("POST", "/stow", null, "Authorization", first).statusCode()).isEqualTo(401);
        String second = basic("tom", "tom's second password");
        assertThat(server.send("POST", "/stow", null, "Authorization", second).statusCode()).isEqualTo(200);

        assertThat(server.send("POST", "/purge", null, "Authorization", second).statusCode()).isEqualTo(403);
        assertThat(asAdmin("PUT", "/api/users/tom", "{\"roles\": [\"technician\", \"admin\"]}").statusCode())
            .isEqualTo(200);
        assertThat(server.send("POST", "/purge", null, "Authorization", second).statusCode()).isEqualTo(200);

        assertThat(asAdmin("DELETE", "/api/users/tom", null).statusCode()).isEqualTo(204);
        assertThat(server.send("POST", "/stow", null, "Authorization", second).statusCode()).isEqualTo(401);
    }

    @Test
    void theUsersApiValidatesAndNeverShowsHashes() {
        createUser("rita", "rita's long password", "radiologist", "viewer");
        HttpResponse<String> list = asAdmin("GET", "/api/users", null);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).doesNotContain("pbkdf2", "password");
        assertThat(json(list).get("users")).extracting(u -> u.get("name").asText()).containsExactly("admin", "rita");
        JsonNode rita = json(asAdmin("GET", "/api/users/rita", null));
        assertThat(rita.get("roles").toString()).isEqualTo("[\"radiologist\",\"viewer\"]");
        assertThat(rita.has("passwordHash")).isFalse();

        assertThat(asAdmin("POST", "/api/users", "{\"name\":\"rita\",\"password\":\"another long one\",\"roles\":[\"viewer\"]}")
            .statusCode()).isEqualTo(409);
        assertThat(asAdmin("POST", "/api/users", "{\"name\":\"ron\",\"password\":\"short\",\"roles\":[\"viewer\"]}")
            .statusCode()).isEqualTo(400);
        assertThat(json(asAdmin("POST", "/api/users", "{\"name\":\"ron\",\"password\":\"a long password\",\"roles\":[\"boss\"]}"))
            .get("error").asText()).contains("boss");
        assertThat(asAdmin("POST", "/api/users", "{\"name\":\"a:b\",\"password\":\"a long password\",\"roles\":[\"viewer\"]}")
            .statusCode()).isEqualTo(400);
        assertThat(asAdmin("POST", "/api/users", "not json").statusCode()).isEqualTo(400);
        assertThat(asAdmin("PUT", "/api/users/nobody", "{\"roles\":[\"viewer\"]}").statusCode()).isEqualTo(404);
        assertThat(asAdmin("GET", "/api/users/nobody", null).statusCode()).isEqualTo(404);

        assertThat(asAdmin("DELETE", "/api/users/admin", null).statusCode()).as("the only admin").isEqualTo(409);
        assertThat(asAdmin("PUT", "/api/users/admin", "{\"roles\":[\"viewer\"]}").statusCode()).isEqualTo(409);
        assertThat(asAdmin("DELETE", "/api/users/rita", null).statusCode()).isEqualTo(204);
        assertThat(asAdmin("DELETE", "/api/users/rita", null).statusCode()).isEqualTo(404);
    }

    @Test
    void corsPreflightsAreAnsweredWithoutCredentialsAndResponsesCarryTheHeaders() {
        HttpResponse<String> preflight = server.send("OPTIONS", "/dicomweb/studies/1.2.3/metadata", null,
            "Origin", VIEWER, "Access-Control-Request-Method", "GET",
            "Access-Control-Request-Headers", "authorization,accept");
        assertThat(preflight.statusCode()).isEqualTo(200);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains(VIEWER);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElseThrow()).containsIgnoringCase("authorization");
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods").orElseThrow()).contains("GET");
        assertThat(preflight.headers().firstValue("Access-Control-Max-Age")).contains("1800");

        assertThat(server.send("OPTIONS", "/dicomweb/studies/1.2.3/metadata", null, "Origin", "https://evil.example",
            "Access-Control-Request-Method", "GET").statusCode()).isEqualTo(403);

        HttpResponse<String> actual = server.get("/dicomweb/studies/1.2.3/metadata", "Origin", VIEWER,
            "Authorization", basic("admin", ADMIN_PASSWORD));
        assertThat(actual.statusCode()).isEqualTo(200);
        assertThat(actual.headers().firstValue("Access-Control-Allow-Origin")).contains(VIEWER);
        assertThat(actual.headers().firstValue("Access-Control-Expose-Headers").orElseThrow()).contains("Location");
        assertThat(actual.headers().firstValue("Vary")).contains("Origin");
        HttpResponse<String> unauthenticated = server.get("/dicomweb/studies/1.2.3/metadata", "Origin", VIEWER);
        assertThat(unauthenticated.statusCode()).isEqualTo(401);
        assertThat(unauthenticated.headers().firstValue("Access-Control-Allow-Origin"))
            .as("a script can see it must sign in").contains(VIEWER);

        HttpResponse<String> foreign = server.get("/dicomweb/studies/1.2.3/metadata", "Origin", "https://evil.example",
            "Authorization", basic("admin", ADMIN_PASSWORD));
        assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(server.send("POST", "/purge", null, "Origin", "https://evil.example",
            "Authorization", basic("admin", ADMIN_PASSWORD)).statusCode()).as("a cross-site post").isEqualTo(403);
        assertThat(server.send("POST", "/purge", null, "Origin", server.origin(),
            "Authorization", basic("admin", ADMIN_PASSWORD)).statusCode()).as("the server's own page").isEqualTo(200);
    }

    @Test
    void everyAccessIsAuditedWithPrincipalRolesStatusAddressAndStudy() throws Exception {
        createUser("vera", "vera's long password", "viewer");
        String vera = basic("vera", "vera's long password");
        server.get("/dicomweb/studies/1.2.840.1/metadata?includefield=all", "Authorization", vera);
        server.send("POST", "/purge", null, "Authorization", vera);
        server.get("/dicomweb/studies/1.2.840.1/metadata");

        List<AccessRecord> rows = audited(a -> "1.2.840.1".equals(a.studyInstanceUid()), 2);
        assertThat(rows).hasSize(2);
        AccessRecord refused = rows.get(0);
        assertThat(refused.principal()).isNull();
        assertThat(refused.status()).isEqualTo(401);
        AccessRecord read = rows.get(1);
        assertThat(read.principal()).isEqualTo("vera");
        assertThat(read.roles()).containsExactly(Role.VIEWER);
        assertThat(read.method()).isEqualTo("GET");
        assertThat(read.uri()).isEqualTo("/dicomweb/studies/1.2.840.1/metadata?includefield=all");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.remoteAddress()).isEqualTo("127.0.0.1");
        assertThat(audited(a -> a.uri().equals("/purge"), 1)).singleElement()
            .satisfies(a -> assertThat(a.status()).isEqualTo(403));

        JsonNode page = json(asAdmin("GET", "/api/audit/access?study=1.2.840.1&user=vera&limit=10", null));
        assertThat(page.get("entries")).hasSize(1);
        JsonNode entry = page.get("entries").get(0);
        assertThat(entry.get("principal").asText()).isEqualTo("vera");
        assertThat(entry.get("studyInstanceUid").asText()).isEqualTo("1.2.840.1");
        assertThat(entry.get("roles").toString()).isEqualTo("[\"viewer\"]");
        assertThat(page.get("nextBefore").isNull()).isTrue();
        assertThat(asAdmin("GET", "/api/audit/access?from=yesterday", null).statusCode()).isEqualTo(400);
        assertThat(asAdmin("GET", "/api/audit/access?limit=0", null).statusCode()).isEqualTo(400);
    }

    @Test
    void theAuditWriterFollowsTheServerThroughAShortBurst() throws Exception {
        for (int i = 0; i < 50; i++) {
            asAdmin("GET", "/dicomweb/studies/9.9." + i + "/metadata", null);
        }
        assertThat(audited(a -> a.uri().startsWith("/dicomweb/studies/9.9."), 50)).hasSize(50);
    }
}
