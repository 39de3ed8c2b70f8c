package org.cairn.fhirpublish;

import java.net.http.HttpClient;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.sql.DataSource;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.RestartSettings;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.cairn.events.FeedFilter;
import org.cairn.events.FeedSource;
import org.cairn.study.StudyState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes every study that becomes stable as a FHIR R4 ImagingStudy, as national platforms such as SatuSehat
 * expect: the ServiceRequest is found by the study's Accession Number, and the ImagingStudy is based on it and about
 * its subject.
 *
 * <p>It follows the change feed's {@code study.stable} events from its cursor ({@code feed_consumer}, name
 * {@value #CONSUMER}). Each event is recorded as a pending publication, and the cursor moved past it, in one
 * transaction, so an event is never lost (it may be read twice after a crash; recording it again changes nothing).
 * Attempts are separate from reading: a scan of the publications due (pending, or retrying whose wait is over) runs
 * after each recorded event, after each finished attempt and every {@code poll-interval}, and starts at most
 * {@code parallelism} attempts at a time, one per study. A failed attempt waits {@code min-backoff}, doubling up to
 * {@code max-backoff}; after {@code max-attempts}, or on a refusal retrying cannot change (a 4xx other than 401, 403,
 * 408 and 429; no Accession Number while a ServiceRequest is required; a deleted study), it is abandoned until
 * {@link #retry}.
 *
 * <p>A study that becomes stable again (new images) is published again: the first publication creates the
 * ImagingStudy (POST) and its id is kept; later ones update that resource (PUT {@code ImagingStudy/<id>}), so the
 * server holds one ImagingStudy per study.
 */
public final class FhirPublisher implements AutoCloseable {
    /** The publisher's name in {@code feed_consumer}. */
    public static final String CONSUMER = "fhir-publisher";
    public static final String STABLE = "study.stable";
    private static final Logger LOG = LoggerFactory.getLogger(FhirPublisher.class);
    private static final FeedFilter FILTER = FeedFilter.types(Set.of(STABLE));
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final FhirPublicationStore store;
    private final Function<String, CompletionStage<StudyState>> studies;
    private final FhirServerClient server;
    private final ImagingStudyBuilder builder;
    private final FhirPublisherSettings settings;
    private final Executor blocking;
    private final Clock clock;
    private final SharedKillSwitch killSwitch = KillSwitches.shared("fhir-publisher");
    private final Set<String> inFlight = new HashSet<>();
    private final Set<CompletableFuture<Void>> attempts = new HashSet<>();
    /** Scans asked for while one runs: one more scan follows, however many were asked (work-in-progress count). */
    private final AtomicInteger scansAsked = new AtomicInteger();
    private volatile boolean closed;
    /** Whether this node publishes: on a cluster, only the holder of the publisher's singleton does. */
    private volatile boolean publishingHere;

    private FhirPublisher(FhirPublicationStore store, Function<String, CompletionStage<StudyState>> studies,
                          FhirServerClient server,
                          FhirPublisherSettings settings, Executor blocking, Clock clock) {
        this.store = store;
        this.studies = studies;
        this.server = server;
        this.builder = ImagingStudyBuilder.of(settings);
        this.settings = settings;
        this.blocking = blocking;
        this.clock = clock;
    }

    /**
     * Starts following {@code feed} and publishing; {@code studies} gives a study as its entity holds it (the
     * publisher only reads studies: {@code StudyStore::study}). {@code database} holds {@code fhir_publication} and
     * {@code feed_consumer} (the views' database); its calls run on {@code blocking}. The settings must name a server
     * ({@link FhirPublisherSettings#enabled()} is the caller's to check).
     */
    public static FhirPublisher start(ActorSystem<?> system, DataSource database, FeedSource feed,
                                      Function<String, CompletionStage<StudyState>> studies,
                                      FhirPublisherSettings settings, Executor blocking) {
        return start(system, database, feed, studies, settings, blocking, Clock.systemUTC());
    }

    static FhirPublisher start(ActorSystem<?> system, DataSource database, FeedSource feed,
                               Function<String, CompletionStage<StudyState>> studies,
                               FhirPublisherSettings settings, Executor blocking, Clock clock) {
        FhirPublisher publisher = standby(database, studies, settings, blocking, clock);
        publisher.publishHere(system, feed);
        return publisher;
    }

    /**
     * As {@link #start}, but publishing nothing until {@link #publishHere}: on a cluster every node answers the
     * publications' REST API (the database) and one node, the holder of a cluster singleton, publishes.
     */
    public static FhirPublisher standby(DataSource database, Function<String, CompletionStage<StudyState>> studies,
                                        FhirPublisherSettings settings, Executor blocking) {
        return standby(database, studies, settings, blocking, Clock.systemUTC());
    }

    private static FhirPublisher standby(DataSource database, Function<String, CompletionStage<StudyState>> studies,
                                         FhirPublisherSettings settings, Executor blocking, Clock clock) {
        if (settings.baseUrl() == null) {
            throw new IllegalArgumentException("cairn.events.fhir-publisher.base-url is required to publish");
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(settings.requestTimeout())
            .followRedirects(HttpClient.Redirect.NORMAL).build();
        FhirServerClient server = new FhirServerClient(http, settings.baseUrl(),
            OAuth2ClientCredentials.of(settings, http, clock), settings.requestTimeout());
        return new FhirPublisher(new FhirPublicationStore(database), studies, server, settings, blocking, clock);
    }

    /** Starts following {@code feed} and publishing from this node, from the persisted cursor; once per publisher. */
    public void publishHere(ActorSystem<?> system, FeedSource feed) {
        publishingHere = true;
        RestartSettings restart = RestartSettings.create(Duration.ofSeconds(1), Duration.ofSeconds(30), 0.2);
        // A restart reads the cursor again, so events read but not recorded are read again
        RestartSource.withBackoff(restart, () -> Source.completionStageSource(
                    CompletableFuture.supplyAsync(() -> sql(() -> store.cursor(CONSUMER)), blocking)
                        .thenApply(after -> feed.follow(after, FILTER)))
                .filter(event -> STABLE.equals(event.type()) && event.studyUid() != null)
                .mapAsync(1, event -> CompletableFuture.supplyAsync(() -> sql(() ->
                    store.recordStable(CONSUMER, event.studyUid(), event.seq(), clock.instant())), blocking))
                .mapMaterializedValue(unused -> NotUsed.getInstance()))
            .via(killSwitch.flow())
            .runWith(Sink.foreach(recorded -> scan()), system);
        Source.tick(settings.pollInterval(), settings.pollInterval(), NotUsed.getInstance())
            .via(killSwitch.flow())
            .runWith(Sink.foreach(tick -> scan()), system);
    }

    /** Makes the study's publication pending again with its attempts reset and publishes it; empty if unknown. */
    public CompletionStage<Optional<Publication>> retry(String studyUid) {
        return CompletableFuture.supplyAsync(() -> sql(() -> store.markForRetry(studyUid, clock.instant())), blocking)
            .thenApply(marked -> {
                marked.ifPresent(p -> scan());
                return marked;
            });
    }

    public CompletionStage<Optional<Publication>> publication(String studyUid) {
        return CompletableFuture.supplyAsync(() -> sql(() -> store.get(studyUid)), blocking);
    }

    /** Up to {@code limit} publications in {@code state} (every state if null), the most recently changed first. */
    public CompletionStage<List<Publication>> publications(Publication.State state, int limit) {
        return CompletableFuture.supplyAsync(() -> sql(() -> store.list(state, limit)), blocking);
    }

    /** Stops reading the feed and scanning; waits a little for attempts in flight to record their outcome. */
    @Override
    public void close() {
        closed = true;
        killSwitch.shutdown();
        CompletableFuture<?>[] running;
        synchronized (inFlight) {
            running = attempts.toArray(CompletableFuture[]::new);
        }
        try {
            CompletableFuture.allOf(running).get(CLOSE_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (Exception stillRunning) {
            LOG.info("FHIR publisher stopped with attempts still running; they are attempted again at the next start");
        }
    }

    /** Asks for a scan of the due publications; scans never overlap. */
    private void scan() {
        if (!closed && publishingHere && scansAsked.getAndIncrement() == 0) {
            runScan();
        }
    }

    private void runScan() {
        int asked = scansAsked.get();
        int free;
        synchronized (inFlight) {
            free = settings.parallelism() - inFlight.size();
        }
        CompletableFuture<List<Publication>> due = free <= 0 || closed ? CompletableFuture.completedFuture(List.of())
            : CompletableFuture.supplyAsync(() -> sql(() -> store.due(clock.instant(),
                settings.parallelism() * 2 + free)), blocking);
        due.whenComplete((publications, failure) -> {
            if (failure != null) {
                LOG.warn("Could not read the FHIR publications due: {}", failure.getMessage());
            } else {
                publications.forEach(this::startAttempt);
            }
            if (scansAsked.addAndGet(-asked) != 0) {
                runScan();
            }
        });
    }

    private void startAttempt(Publication publication) {
        CompletableFuture<Void> started = new CompletableFuture<>();
        synchronized (inFlight) {
            if (closed || inFlight.size() >= settings.parallelism() || !inFlight.add(publication.studyUid())) {
                return;
            }
            attempts.add(started);
        }
        attemptIfStillDue(publication.studyUid()).whenComplete((done, failure) -> {
            if (failure != null) {
                LOG.warn("Recording the FHIR publication of study {} failed: {}", publication.studyUid(),
                    failure.getMessage());
            }
            synchronized (inFlight) {
                inFlight.remove(publication.studyUid());
                attempts.remove(started);
            }
            started.complete(null);
            scan();
        });
    }

    /**
     * An attempt, if the study's publication is still due once this node holds its slot: the scan that found it may
     * have read it before an attempt that just ended recorded its outcome. The row read here is the latest, as an
     * attempt records its outcome before it gives its slot up.
     */
    private CompletableFuture<Void> attemptIfStillDue(String studyUid) {
        return CompletableFuture.supplyAsync(() -> sql(() -> store.get(studyUid)), blocking)
            .thenCompose(current -> current.filter(this::due).map(this::attempt)
                .orElseGet(() -> CompletableFuture.completedFuture(null)));
    }

    private boolean due(Publication p) {
        return (p.state() == Publication.State.PENDING || p.state() == Publication.State.RETRYING)
            && p.nextAttemptAt() != null && !p.nextAttemptAt().isAfter(clock.instant());
    }

    /** One attempt, its outcome recorded. */
    private CompletableFuture<Void> attempt(Publication p) {
        int attempt = p.attempts() + 1;
        // Started from a completed future, so that whatever throws becomes this attempt's failure
        return CompletableFuture.completedFuture(p.studyUid())
            .thenCompose(uid -> studies.apply(uid).toCompletableFuture())
            .thenCompose(state -> publish(state, p))
            .handle((sent, failure) -> {
                if (failure == null) {
                    return (Runnable) () -> sql(() -> {
                        store.published(p.studyUid(), p.stableSeq(), attempt, sent.serviceRequest(), sent.resourceId(),
                            clock.instant());
                        return null;
                    });
                }
                PublicationFailure why = failure(failure);
                Instant now = clock.instant();
                Instant next = why.retryable() && attempt < settings.maxAttempts()
                    ? now.plus(settings.backoff(attempt)) : null;
                LOG.warn("FHIR publication of study {} failed (attempt {} of {}{}): {}", p.studyUid(), attempt,
                    settings.maxAttempts(), next == null ? ", abandoned" : ", retrying at " + next, why.getMessage());
                return (Runnable) () -> sql(() -> {
                    store.failed(p.studyUid(), p.stableSeq(), attempt, why.getMessage(), next, now);
                    return null;
                });
            })
            .thenAcceptAsync(Runnable::run, blocking);
    }

    /** What a successful attempt leaves on the server. */
    private record Sent(String serviceRequest, String resourceId) {
    }

    private CompletableFuture<Sent> publish(StudyState study, Publication p) {
        if (!study.exists() || study.deletedNow()) {
            throw new PublicationFailure("study " + p.studyUid() + (study.exists() ? " is deleted" : " has no images"),
                false, null);
        }
        String accession = ImagingStudyBuilder.accessionNumber(study);
        CompletableFuture<Optional<ServiceRequestRef>> order;
        if (accession == null) {
            if (settings.requireServiceRequest()) {
                throw new PublicationFailure("study " + p.studyUid() + " has no Accession Number to find its"
                    + " ServiceRequest by", false, null);
            }
            order = CompletableFuture.completedFuture(Optional.empty());
        } else {
            order = server.findServiceRequest(settings.accessionSystem(), accession);
        }
        return order.thenCompose(found -> {
            if (found.isEmpty() && settings.requireServiceRequest()) {
                throw new PublicationFailure("no ServiceRequest with identifier " + settings.accessionSystem() + "|"
                    + accession + " yet", true, null);
            }
            ServiceRequestRef serviceRequest = found.orElse(null);
            var imagingStudy = builder.build(study, serviceRequest);
            CompletableFuture<String> sent = p.resourceId() == null ? server.create(imagingStudy)
                : server.update(p.resourceId(), imagingStudy);
            return sent.thenApply(id -> new Sent(serviceRequest == null ? null : serviceRequest.reference(), id));
        });
    }

    private static PublicationFailure failure(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof PublicationFailure known) {
            return known;
        }
        return new PublicationFailure("unexpected failure: " + FhirServerClient.describe(cause), true, cause);
    }

    @FunctionalInterface
    private interface SqlCall<T> {
        T call() throws SQLException;
    }

    private static <T> T sql(SqlCall<T> call) {
        try {
            return call.call();
        } catch (SQLException e) {
            throw new CompletionException(e);
        }
    }
}
