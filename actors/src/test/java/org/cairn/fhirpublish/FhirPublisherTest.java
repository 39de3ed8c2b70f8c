package org.cairn.fhirpublish;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.cairn.fhirpublish.Publication.State;
import org.cairn.journal.JournalSchema;
import org.cairn.study.StudyEvent;
import org.cairn.study.StudyState;
import org.h2.jdbcx.JdbcDataSource;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The publisher end to end over real parts: a FHIR server and token endpoint on 127.0.0.1 ({@link FakeFhirServer}),
 * an H2 database migrated by {@link JournalSchema}, a change feed in a list and studies assembled from corpus files.
 */
class FhirPublisherTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCESSION_SYSTEM = "http://sys-ids.kemkes.go.id/acsn/100000001";
    private static final Map<String, String> FILES = Map.of("ACC-1", "pydicom/CT_small.dcm",
        "ACC-2", "pydicom/MR_small.dcm", "ACC-3", "pydicom/J2K_pixelrep_mismatch.dcm");
    private static int databases;
    private static ActorSystem<Void> system;
    private static ExecutorService blocking;

    private FakeFhirServer server;
    private JdbcDataSource database;
    private FhirPublicationStore store;
    private final ListFeed feed = new ListFeed();
    private final PreparedStudies studies = new PreparedStudies();
    private FhirPublisher publisher;

    @BeforeAll
    static void startSystem() {
        system = ActorSystem.create(Behaviors.empty(), "fhir-publisher-test",
            ConfigFactory.parseString("pekko.loglevel = WARNING").withFallback(ConfigFactory.load()));
        blocking = Executors.newFixedThreadPool(4);
    }

    @AfterAll
    static void stopSystem() {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
        blocking.shutdownNow();
    }

    @BeforeEach
    void start() throws Exception {
        server = new FakeFhirServer(ACCESSION_SYSTEM);
        String url = "jdbc:h2:mem:fhir-publisher" + (++databases) + ";DB_CLOSE_DELAY=-1";
        JournalSchema.migrate(url, "cairn", "");
        database = new JdbcDataSource();
        database.setURL(url);
        database.setUser("cairn");
        store = new FhirPublicationStore(database);
        for (int n = 1; n <= 3; n++) {
            studies.put(study(n));
            server.order("ACC-" + n, "P-" + n);
        }
    }

    @AfterEach
    void stop() {
        if (publisher != null) {
            publisher.close();
        }
        server.close();
    }

    static String studyUid(int n) {
        return "1.2.826.0.1.3680043.8.498.900" + n;
    }

    private static StudyState study(int n) {
        return CorpusStudy.study(studyUid(n), List.of(CorpusStudy.instance(FILES.get("ACC-" + n), null)),
            Map.of("AccessionNumber", "ACC-" + n));
    }

    private FhirPublisherSettings settings(int maxAttempts, String minBackoff, String maxBackoff) {
        Map<String, Object> values = new HashMap<>();
        values.put("enabled", true);
        values.put("base-url", server.baseUrl().toString());
        values.put("token-url", server.tokenUrl().toString());
        values.put("client-id", FakeFhirServer.CLIENT_ID);
        values.put("client-secret", FakeFhirServer.CLIENT_SECRET);
        values.put("accession-system", ACCESSION_SYSTEM);
        values.put("max-attempts", maxAttempts);
        values.put("min-backoff", minBackoff);
        values.put("max-backoff", maxBackoff);
        values.put("request-timeout", "5s");
        values.put("poll-interval", "10ms"); // frequent scans: an attempt must still never run twice
        values.put("time-zone", "Asia/Jakarta");
        return FhirPublisherSettings.fromConfig(ConfigFactory.parseMap(Map.of("cairn.events.fhir-publisher", values))
            .withFallback(ConfigFactory.defaultReference()));
    }

    private void startPublisher(FhirPublisherSettings settings) {
        publisher = FhirPublisher.start(system, database, feed, studies::study, settings, blocking);
    }

    /** The publication of study {@code n} once it satisfies {@code wanted}, waiting up to 15 s. */
    private Publication awaitPublication(int n, Predicate<Publication> wanted) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        Optional<Publication> last = Optional.empty();
        while (System.nanoTime() < until) {
            last = store.get(studyUid(n));
            if (last.isPresent() && wanted.test(last.get())) {
                return last.get();
            }
            Thread.sleep(10);
        }
        throw new AssertionError("study " + n + " never got there; last seen: " + last);
    }

    private static Predicate<Publication> in(State state) {
        return p -> p.state() == state;
    }

    @Test
    void eachStableStudyIsPublishedWithOneTokenAsAValidImagingStudyBasedOnItsOrder() throws Exception {
        feed.append(FhirPublisher.STABLE, studyUid(1));
        feed.append("study.created", studyUid(2));
        feed.append(FhirPublisher.STABLE, studyUid(2));
        feed.append(FhirPublisher.STABLE, studyUid(3));
        startPublisher(settings(3, "1s", "10s"));

        for (int n = 1; n <= 3; n++) {
            Publication published = awaitPublication(n, in(State.PUBLISHED));
            assertThat(published.attempts()).isEqualTo(1);
            assertThat(published.serviceRequest()).isEqualTo("ServiceRequest/sr-ACC-" + n);
            assertThat(published.resourceId()).startsWith("is-");
            assertThat(published.lastError()).isNull();
            assertThat(published.nextAttemptAt()).isNull();
        }
        assertThat(server.tokenRequests.get()).isEqualTo(1);
        assertThat(server.searches.get()).isEqualTo(3);
        assertThat(server.received("POST")).hasSize(3);
        for (FakeFhirServer.Received posted : server.received("POST")) {
            assertThat(R4Conformance.errors(posted.body())).isEmpty();
            ImagingStudy study = R4Conformance.parse(posted.body());
            String accession = study.getIdentifier().get(1).getValue();
            assertThat(study.getIdentifier().get(1).getSystem()).isEqualTo(ACCESSION_SYSTEM);
            assertThat(study.getBasedOnFirstRep().getReference()).isEqualTo("ServiceRequest/sr-" + accession);
            assertThat(study.getSubject().getReference()).isEqualTo("Patient/P-" + accession.substring(4));
            assertThat(study.getNumberOfInstances()).isEqualTo(1);
        }
        assertThat(store.cursor(FhirPublisher.CONSUMER)).isEqualTo(4);
        assertThat(store.list(State.PUBLISHED, 2)).hasSize(2);
        assertThat(store.list(null, 10)).hasSize(3);
    }

    @Test
    void aRefusedTokenIsReplacedOnce() throws Exception {
        startPublisher(settings(3, "1s", "10s"));
        feed.append(FhirPublisher.STABLE, studyUid(1));
        awaitPublication(1, in(State.PUBLISHED));
        server.revokeTokens();
        feed.append(FhirPublisher.STABLE, studyUid(2));

        assertThat(awaitPublication(2, in(State.PUBLISHED)).attempts()).isEqualTo(1);
        assertThat(server.tokenRequests.get()).isEqualTo(2);
        assertThat(server.unauthorized.get()).isEqualTo(1);
    }

    @Test
    void serverFailuresAreRetriedWithBackoffUntilPublished() throws Exception {
        server.unavailableFor.set(2);
        startPublisher(settings(5, "1s", "4s"));
        feed.append(FhirPublisher.STABLE, studyUid(1));

        Publication retrying = awaitPublication(1, in(State.RETRYING));
        assertThat(retrying.attempts()).isEqualTo(1);
        assertThat(retrying.lastError()).contains("503", "down for maintenance");
        assertThat(Duration.between(retrying.updatedAt(), retrying.nextAttemptAt()))
            .isEqualTo(Duration.ofSeconds(1));
        Publication again = awaitPublication(1, p -> p.attempts() == 2);
        assertThat(Duration.between(again.updatedAt(), again.nextAttemptAt())).isEqualTo(Duration.ofSeconds(2));

        Publication published = awaitPublication(1, in(State.PUBLISHED));
        assertThat(published.attempts()).isEqualTo(3);
        assertThat(published.lastError()).isNull();
        assertThat(server.received("POST")).hasSize(1);
    }

    @Test
    void tooManyFailuresAbandonAStudyUntilItIsRetried() throws Exception {
        server.unavailableFor.set(1_000);
        startPublisher(settings(3, "50ms", "100ms"));
        feed.append(FhirPublisher.STABLE, studyUid(1));

        Publication abandoned = awaitPublication(1, in(State.ABANDONED));
        assertThat(abandoned.attempts()).isEqualTo(3);
        assertThat(abandoned.lastError()).contains("503");
        assertThat(abandoned.nextAttemptAt()).isNull();
        Thread.sleep(300);
        assertThat(store.get(studyUid(1)).orElseThrow().attempts()).isEqualTo(3);

        server.unavailableFor.set(0);
        Optional<Publication> marked = publisher.retry(studyUid(1)).toCompletableFuture().get();
        assertThat(marked).isPresent();
        assertThat(marked.get().attempts()).isZero();
        assertThat(awaitPublication(1, in(State.PUBLISHED)).attempts()).isEqualTo(1);
        assertThat(publisher.retry("1.2.3.4.404").toCompletableFuture().get()).isEmpty();
    }

    @Test
    void aRefusalThatRetryingCannotChangeIsAbandonedAtOnce() throws Exception {
        server.refuseWith = 422;
        startPublisher(settings(5, "50ms", "100ms"));
        feed.append(FhirPublisher.STABLE, studyUid(1));

        Publication abandoned = awaitPublication(1, in(State.ABANDONED));
        assertThat(abandoned.attempts()).isEqualTo(1);
        assertThat(abandoned.lastError()).contains("422", "the patient is not registered");
    }

    @Test
    void aStudyWaitsForItsServiceRequest() throws Exception {
        studies.put(CorpusStudy.study(studyUid(1), List.of(CorpusStudy.instance(FILES.get("ACC-1"), null)),
            Map.of("AccessionNumber", "ACC-LATE")));
        startPublisher(settings(10, "100ms", "200ms"));
        feed.append(FhirPublisher.STABLE, studyUid(1));

        Publication waiting = awaitPublication(1, in(State.RETRYING));
        assertThat(waiting.lastError()).contains("no ServiceRequest", "ACC-LATE");
        server.order("ACC-LATE", "P-9");
        Publication published = awaitPublication(1, in(State.PUBLISHED));
        assertThat(published.serviceRequest()).isEqualTo("ServiceRequest/sr-ACC-LATE");
    }

    @Test
    void theCursorIsKeptSoANewPublisherResumesAfterIt() throws Exception {
        feed.append(FhirPublisher.STABLE, studyUid(1));
        feed.append(FhirPublisher.STABLE, studyUid(2));
        startPublisher(settings(3, "1s", "10s"));
        awaitPublication(1, in(State.PUBLISHED));
        awaitPublication(2, in(State.PUBLISHED));
        publisher.close();
        assertThat(store.cursor(FhirPublisher.CONSUMER)).isEqualTo(2);

        feed.append(FhirPublisher.STABLE, studyUid(3));
        startPublisher(settings(3, "1s", "10s"));
        awaitPublication(3, in(State.PUBLISHED));

        assertThat(feed.followedFrom).containsExactly(0L, 2L);
        assertThat(server.received("POST")).hasSize(3);
        assertThat(store.cursor(FhirPublisher.CONSUMER)).isEqualTo(3);
    }

    @Test
    void aStudyStableAgainUpdatesItsImagingStudy() throws Exception {
        startPublisher(settings(3, "1s", "10s"));
        feed.append(FhirPublisher.STABLE, studyUid(1));
        String id = awaitPublication(1, in(State.PUBLISHED)).resourceId();

        StudyEvent.StoredInstance more = CorpusStudy.instance("pydicom/MR_small.dcm", null);
        studies.put(CorpusStudy.study(studyUid(1), List.of(CorpusStudy.instance(FILES.get("ACC-1"), null), more),
            Map.of("AccessionNumber", "ACC-1")));
        long seq = feed.append(FhirPublisher.STABLE, studyUid(1));
        Publication again = awaitPublication(1, p -> p.stableSeq() == seq && p.state() == State.PUBLISHED);

        assertThat(again.resourceId()).isEqualTo(id);
        assertThat(server.received("POST")).hasSize(1);
        FakeFhirServer.Received put = server.received("PUT").get(0);
        assertThat(put.id()).isEqualTo(id);
        assertThat(R4Conformance.errors(put.body())).isEmpty();
        JsonNode body = JSON.readTree(put.body());
        assertThat(body.path("id").asText()).isEqualTo(id);
        assertThat(body.path("numberOfSeries").asInt()).isEqualTo(2);
        assertThat(body.path("numberOfInstances").asInt()).isEqualTo(2);
    }
}
