package org.cairn.http.events;

import static org.apache.pekko.http.javadsl.server.Directives.concat;
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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Source;
import org.cairn.events.FeedSource;
import org.cairn.fhirpublish.FhirPublicationStore;
import org.cairn.fhirpublish.FhirPublisher;
import org.cairn.fhirpublish.FhirPublisherSettings;
import org.cairn.http.HttpServer;
import org.cairn.http.auth.HttpSecurity;
import org.cairn.journal.JournalSchema;
import org.cairn.study.StudyState;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The publication routes on a real Pekko HTTP server behind the real {@link HttpSecurity}, over a real publisher and
 * an H2 database migrated by {@link JournalSchema}. The feed is quiet and no study has images, so the only attempt
 * (after a retry) fails at once, as the publisher abandons a study without images.
 */
class FhirPublicationRoutesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN_PASSWORD = "the admin password";
    private static final String VIEWER_PASSWORD = "the viewer password";
    private static final String PUBLISHED = "1.2.826.0.1.3680043.8.498.701";
    private static final String RETRYING = "1.2.826.0.1.3680043.8.498.702";
    private static final String ABANDONED = "1.2.826.0.1.3680043.8.498.703";
    private static int databases;

    @TempDir
    Path dataDir;
    private ActorSystem<Void> system;
    private ExecutorService blocking;
    private HttpSecurity security;
    private FhirPublisher publisher;
    private HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() throws Exception {
        String url = "jdbc:h2:mem:fhir-routes" + (++databases) + ";DB_CLOSE_DELAY=-1";
        JournalSchema.migrate(url, "cairn", "");
        JdbcDataSource database = new JdbcDataSource();
        database.setURL(url);
        database.setUser("cairn");
        seed(new FhirPublicationStore(database));

        system = ActorSystem.create(Behaviors.empty(), "fhir-routes-test",
            ConfigFactory.parseString("pekko.loglevel = WARNING").withFallback(ConfigFactory.load()));
        blocking = Executors.newFixedThreadPool(4);
        Config config = ConfigFactory.parseMap(Map.of(
                "cairn.auth.admin-password", ADMIN_PASSWORD,
                "cairn.auth.password-iterations", 10_000,
                "cairn.events.fhir-publisher.enabled", true,
                "cairn.events.fhir-publisher.base-url", "http://127.0.0.1:9/fhir",
                "cairn.events.fhir-publisher.accession-system", "http://sys-ids.kemkes.go.id/acsn/100000001",
                "cairn.events.fhir-publisher.poll-interval", "50ms"))
            .withFallback(ConfigFactory.defaultReference());
        security = HttpSecurity.start(config, database, dataDir, blocking);
        FeedSource quiet = (after, filter) -> Source.never();
        publisher = FhirPublisher.start(system, database, quiet, // no study has images: the routes only read rows
            uid -> CompletableFuture.completedFuture(StudyState.empty(uid)),
            FhirPublisherSettings.fromConfig(config), blocking);
        server = HttpServer.start(system, "127.0.0.1", 0, security.secure(concat(security.routes(),
            FhirPublicationRoutes.create(publisher)))).toCompletableFuture().get();
        HttpResponse<String> created = send("POST", "/api/users", basic("admin", ADMIN_PASSWORD),
            "{\"name\":\"vera\",\"password\":\"" + VIEWER_PASSWORD + "\",\"roles\":[\"viewer\"]}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    @AfterEach
    void stop() throws Exception {
        server.stop(Duration.ofSeconds(1)).toCompletableFuture().get();
        publisher.close();
        security.close();
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
        blocking.shutdownNow();
    }

    /** Three publications: published, retrying (two attempts) and abandoned, changed in that order. */
    private static void seed(FhirPublicationStore store) throws Exception {
        Instant t = Instant.parse("2027-01-05T08:00:00Z");
        store.recordStable(FhirPublisher.CONSUMER, PUBLISHED, 1, t);
        store.published(PUBLISHED, 1, 1, "ServiceRequest/sr-1", "is-1", t.plusSeconds(1));
        store.recordStable(FhirPublisher.CONSUMER, RETRYING, 2, t.plusSeconds(2));
        store.failed(RETRYING, 2, 2, "ImagingStudy create answered 503", t.plusSeconds(3600), t.plusSeconds(3));
        store.recordStable(FhirPublisher.CONSUMER, ABANDONED, 3, t.plusSeconds(4));
        store.failed(ABANDONED, 3, 10, "ImagingStudy create answered 503", null, t.plusSeconds(5));
    }

    private static String basic(String name, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((name + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> send(String method, String path, String authorization, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .timeout(Duration.ofSeconds(20));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (body == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> asAdmin(String method, String path) throws Exception {
        return send(method, path, basic("admin", ADMIN_PASSWORD), null);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        return JSON.readTree(response.body());
    }

    @Test
    void theListIsNewestFirstAndFiltersByState() throws Exception {
        HttpResponse<String> all = asAdmin("GET", "/api/fhir/publications");
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(json(all).path("publications").findValuesAsText("studyInstanceUid"))
            .containsExactly(ABANDONED, RETRYING, PUBLISHED);

        JsonNode retrying = json(asAdmin("GET", "/api/fhir/publications?state=retrying")).path("publications");
        assertThat(retrying).hasSize(1);
        assertThat(retrying.get(0).path("state").asText()).isEqualTo("retrying");
        assertThat(retrying.get(0).path("attempts").asInt()).isEqualTo(2);
        assertThat(retrying.get(0).path("nextAttemptAt").asText()).isEqualTo("2027-01-05T09:00:00Z");

        assertThat(json(asAdmin("GET", "/api/fhir/publications?limit=1")).path("publications")).hasSize(1);
        assertThat(json(asAdmin("GET", "/api/fhir/publications?state=pending")).path("publications")).isEmpty();
        assertThat(asAdmin("GET", "/api/fhir/publications?state=sent").statusCode()).isEqualTo(400);
        assertThat(asAdmin("GET", "/api/fhir/publications?limit=0").statusCode()).isEqualTo(400);
        assertThat(asAdmin("GET", "/api/fhir/publications?limit=ten").statusCode()).isEqualTo(400);
    }

    @Test
    void oneStudysPublicationIsShown() throws Exception {
        HttpResponse<String> found = asAdmin("GET", "/api/fhir/publications/" + PUBLISHED);
        assertThat(found.statusCode()).isEqualTo(200);
        JsonNode p = json(found);
        assertThat(p.path("studyInstanceUid").asText()).isEqualTo(PUBLISHED);
        assertThat(p.path("state").asText()).isEqualTo("published");
        assertThat(p.path("attempts").asInt()).isEqualTo(1);
        assertThat(p.path("serviceRequest").asText()).isEqualTo("ServiceRequest/sr-1");
        assertThat(p.path("resourceId").asText()).isEqualTo("is-1");
        assertThat(p.path("stableSeq").asLong()).isEqualTo(1);
        assertThat(p.path("updatedAt").asText()).isEqualTo("2027-01-05T08:00:01Z");
        assertThat(p.path("lastError").isNull()).isTrue();
        assertThat(p.path("nextAttemptAt").isNull()).isTrue();

        HttpResponse<String> missing = asAdmin("GET", "/api/fhir/publications/1.2.3.404");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).path("error").asText()).contains("1.2.3.404");
    }

    @Test
    void aRetryMakesThePublicationPendingAndAttemptsIt() throws Exception {
        HttpResponse<String> retried = asAdmin("POST", "/api/fhir/publications/" + ABANDONED + "/retry");
        assertThat(retried.statusCode()).isEqualTo(202);
        assertThat(json(retried).path("state").asText()).isEqualTo("pending");
        assertThat(json(retried).path("attempts").asInt()).isZero();
        assertThat(json(retried).path("lastError").isNull()).isTrue();

        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        JsonNode after = json(asAdmin("GET", "/api/fhir/publications/" + ABANDONED));
        while (after.path("attempts").asInt() == 0 && System.nanoTime() < until) {
            Thread.sleep(20);
            after = json(asAdmin("GET", "/api/fhir/publications/" + ABANDONED));
        }
        assertThat(after.path("state").asText()).isEqualTo("abandoned");
        assertThat(after.path("attempts").asInt()).isEqualTo(1);
        assertThat(after.path("lastError").asText()).contains("has no images");

        assertThat(asAdmin("POST", "/api/fhir/publications/1.2.3.404/retry").statusCode()).isEqualTo(404);
        assertThat(asAdmin("GET", "/api/fhir/publications/" + ABANDONED + "/retry").statusCode()).isEqualTo(405);
    }

    @Test
    void onlyAdministratorsMayUseThem() throws Exception {
        String viewer = basic("vera", VIEWER_PASSWORD);
        assertThat(send("GET", "/api/fhir/publications", null, null).statusCode()).isEqualTo(401);
        assertThat(send("GET", "/api/fhir/publications", viewer, null).statusCode()).isEqualTo(403);
        assertThat(send("GET", "/api/fhir/publications/" + PUBLISHED, viewer, null).statusCode()).isEqualTo(403);
        assertThat(send("POST", "/api/fhir/publications/" + ABANDONED + "/retry", viewer, null).statusCode())
            .isEqualTo(403);
        assertThat(json(asAdmin("GET", "/api/fhir/publications/" + ABANDONED)).path("attempts").asInt())
            .isEqualTo(10);
        assertThat(asAdmin("GET", "/api/fhir/elsewhere").statusCode()).isEqualTo(404);
    }
}
