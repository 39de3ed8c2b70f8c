package org.cairn.http.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Source;
import org.cairn.access.PasswordHasher;
import org.cairn.access.Role;
import org.cairn.access.User;
import org.cairn.access.UserStore;
import org.cairn.events.FeedSource;
import org.cairn.http.HttpServer;
import org.cairn.http.auth.HttpSecurity;
import org.cairn.journal.JournalSchema;
import org.cairn.webhook.WebhookSettings;
import org.cairn.webhook.Webhooks;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/webhooks} on a real Pekko HTTP server behind the real {@link HttpSecurity} (an administrator and a
 * viewer in an H2 journal database), over a real {@link Webhooks} manager whose feed is empty and stays so: these
 * tests are about the API, {@code WebhookDeliveryTest} about delivery.
 */
class WebhookRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_PASSWORD = "the admin password";
    private static final String VIEWER_PASSWORD = "the viewer password";
    private static final String SECRET = "a secret of thirty-two characters";
    /** The feed's latest seq, where a subscription "from latest" starts. */
    private static final long LATEST = 41;
    private static final Set<String> PUBLIC_TYPES = Set.of("study.received", "study.stable", "study.deleted");

    private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static ActorSystem<Void> system;
    private static ExecutorService blocking;
    private static HttpSecurity security;
    private static Webhooks webhooks;
    private static HttpServer server;
    private static Path dataDir;

    @BeforeAll
    static void start() throws Exception {
        String url = "jdbc:h2:mem:webhook-routes;DB_CLOSE_DELAY=-1";
        JournalSchema.migrate(url, "cairn", "");
        JdbcDataSource database = new JdbcDataSource();
        database.setURL(url);
        database.setUser("cairn");
        dataDir = Files.createTempDirectory("webhook-routes");
        Config config = ConfigFactory.parseMap(Map.of(
                "cairn.auth.admin-password", ADMIN_PASSWORD,
                "cairn.auth.password-iterations", PasswordHasher.MIN_ITERATIONS,
                "pekko.loglevel", "WARNING"))
            .withFallback(ConfigFactory.defaultReference());
        system = ActorSystem.create(Behaviors.empty(), "webhook-routes-test", config);
        blocking = Executors.newFixedThreadPool(4);
        security = HttpSecurity.start(config, database, dataDir, blocking);
        Instant now = Instant.now();
        new UserStore(database).create(new User("vera", new PasswordHasher(PasswordHasher.MIN_ITERATIONS)
            .hash(VIEWER_PASSWORD), Set.of(Role.VIEWER), now, now));
        FeedSource emptyFeed = (after, filter) -> Source.never();
        webhooks = Webhooks.start(system, database, emptyFeed, () -> LATEST, PUBLIC_TYPES,
            WebhookSettings.fromConfig(config), blocking);
        server = HttpServer.start(system, "127.0.0.1", 0, security.secure(WebhookRoutes.create(webhooks)))
            .toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop(Duration.ofSeconds(1)).toCompletableFuture().get();
        webhooks.close();
        security.close();
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
        blocking.shutdownNow();
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static final String ADMIN = basic("admin", ADMIN_PASSWORD);
    private static final String VIEWER = basic("vera", VIEWER_PASSWORD);

    private static HttpResponse<String> send(String method, String path, String body, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .timeout(Duration.ofSeconds(20));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        return JSON.readTree(response.body());
    }

    private static JsonNode create(String body) throws Exception {
        HttpResponse<String> r = send("POST", "/api/webhooks", body, ADMIN);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r);
    }

    @Test
    void createShowsEverythingButTheSecret() throws Exception {
        HttpResponse<String> r = send("POST", "/api/webhooks", "{\"url\": \"https://ris.example.org/hooks/cairn\","
            + " \"secret\": \"" + SECRET + "\", \"eventTypes\": [\"study.stable\", \"study.received\"],"
            + " \"description\": \"the RIS\"}", ADMIN);

        assertThat(r.statusCode()).isEqualTo(201);
        JsonNode created = json(r);
        String id = created.path("id").asText();
        assertThat(r.headers().firstValue("Location")).hasValue("/api/webhooks/" + id);
        assertThat(created.path("url").asText()).isEqualTo("https://ris.example.org/hooks/cairn");
        assertThat(created.path("eventTypes")).extracting(JsonNode::asText)
            .containsExactly("study.received", "study.stable");
        assertThat(created.path("description").asText()).isEqualTo("the RIS");
        assertThat(created.path("secretSet").asBoolean()).isTrue();
        assertThat(r.body()).doesNotContain(SECRET);
        assertThat(created.has("secret")).isFalse();
        assertThat(created.path("createdBy").asText()).isEqualTo("admin");
        assertThat(created.path("createdAt").asText()).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
        assertThat(created.path("state").asText()).isEqualTo("ACTIVE");
        assertThat(created.path("cursor").asLong()).as("from latest by default").isEqualTo(LATEST);
        assertThat(created.path("delivered").asLong()).isZero();
        assertThat(created.path("consecutiveFailures").asInt()).isZero();
        assertThat(created.path("lastError").isNull()).isTrue();
        assertThat(created.path("lastAttemptAt").isNull()).isTrue();
        assertThat(created.path("lastSuccessAt").isNull()).isTrue();

        HttpResponse<String> read = send("GET", "/api/webhooks/" + id, null, ADMIN);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(json(read)).isEqualTo(created);
        assertThat(read.body()).doesNotContain(SECRET);
    }

    @Test
    void fromZeroReplaysTheWholeFeed() throws Exception {
        JsonNode created = create("{\"url\": \"http://127.0.0.1:9/h\", \"secret\": \"" + SECRET + "\", \"from\": 0}");
        assertThat(created.path("cursor").asLong()).isZero();
        assertThat(created.path("eventTypes").size()).as("all types").isZero();

        JsonNode fromText = create("{\"url\": \"http://127.0.0.1:9/h\", \"secret\": \"" + SECRET
            + "\", \"from\": \"7\"}");
        assertThat(fromText.path("cursor").asLong()).isEqualTo(7);
    }

    @Test
    void listsAndDeletes() throws Exception {
        String first = create("{\"url\": \"http://127.0.0.1:9/a\", \"secret\": \"" + SECRET + "\"}").path("id").asText();
        String second = create("{\"url\": \"http://127.0.0.1:9/b\", \"secret\": \"" + SECRET + "\"}").path("id").asText();

        HttpResponse<String> list = send("GET", "/api/webhooks", null, ADMIN);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(json(list).path("webhooks")).extracting(w -> w.path("id").asText()).contains(first, second);
        assertThat(list.body()).doesNotContain(SECRET);

        assertThat(send("DELETE", "/api/webhooks/" + first, null, ADMIN).statusCode()).isEqualTo(204);
        assertThat(send("GET", "/api/webhooks/" + first, null, ADMIN).statusCode()).isEqualTo(404);
        assertThat(send("DELETE", "/api/webhooks/" + first, null, ADMIN).statusCode()).isEqualTo(404);
        assertThat(json(send("GET", "/api/webhooks", null, ADMIN)).path("webhooks"))
            .extracting(w -> w.path("id").asText()).doesNotContain(first).contains(second);
    }

    @Test
    void resumeAnswersTheActiveSubscription() throws Exception {
        String id = create("{\"url\": \"http://127.0.0.1:9/r\", \"secret\": \"" + SECRET + "\"}").path("id").asText();

        HttpResponse<String> r = send("POST", "/api/webhooks/" + id + "/resume", null, ADMIN);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).path("state").asText()).isEqualTo("ACTIVE");
        assertThat(json(r).path("consecutiveFailures").asInt()).isZero();
        assertThat(send("POST", "/api/webhooks/no-such-id/resume", null, ADMIN).statusCode()).isEqualTo(404);
    }

    @Test
    void unknownIdsAre404() throws Exception {
        HttpResponse<String> r = send("GET", "/api/webhooks/0b7d3c9e-0000-4000-8000-000000000000", null, ADMIN);

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r).path("error").asText()).contains("0b7d3c9e");
    }

    @Test
    void badRequestsAre400WithTheReason() throws Exception {
        String[][] cases = {
            {"{\"secret\": \"" + SECRET + "\"}", "url"},
            {"{\"url\": \"ftp://example.org/x\", \"secret\": \"" + SECRET + "\"}", "http"},
            {"{\"url\": \"/relative\", \"secret\": \"" + SECRET + "\"}", "absolute"},
            {"{\"url\": 42, \"secret\": \"" + SECRET + "\"}", "url"},
            {"{\"url\": \"https://h/x\"}", "secret"},
            {"{\"url\": \"https://h/x\", \"secret\": \"short\"}", "secret"},
            {"{\"url\": \"https://h/x\", \"secret\": \"" + SECRET + "\", \"eventTypes\": \"study.stable\"}", "eventTypes"},
            {"{\"url\": \"https://h/x\", \"secret\": \"" + SECRET + "\", \"eventTypes\": [1]}", "eventTypes"},
            {"{\"url\": \"https://h/x\", \"secret\": \"" + SECRET + "\", \"eventTypes\": [\"study.exploded\"]}",
                "study.exploded"},
            {"{\"url\": \"https://h/x\", \"secret\": \"" + SECRET + "\", \"from\": -1}", "from"},
            {"{\"url\": \"https://h/x\", \"secret\": \"" + SECRET + "\", \"from\": true}", "from"},
            {"not json", "JSON"},
            {"[]", "object"},
        };
        for (String[] c : cases) {
            HttpResponse<String> r = send("POST", "/api/webhooks", c[0], ADMIN);
            assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
            assertThat(json(r).path("error").asText()).as(c[0]).contains(c[1]);
        }
    }

    @Test
    void onlyAdministrators() {
        assertThat(send("GET", "/api/webhooks", null, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/api/webhooks", null, VIEWER).statusCode()).isEqualTo(403);
        assertThat(send("POST", "/api/webhooks", "{\"url\": \"https://h/x\", \"secret\": \"" + SECRET + "\"}", VIEWER)
            .statusCode()).isEqualTo(403);
        assertThat(send("DELETE", "/api/webhooks/x", null, VIEWER).statusCode()).isEqualTo(403);
        assertThat(send("POST", "/api/webhooks/x/resume", null, VIEWER).statusCode()).isEqualTo(403);
    }
}
