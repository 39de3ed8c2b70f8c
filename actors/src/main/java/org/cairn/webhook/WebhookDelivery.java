package org.cairn.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.RestartSettings;
import org.apache.pekko.stream.UniqueKillSwitch;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.RestartSource;
import org.apache.pekko.stream.javadsl.Sink;
import org.cairn.events.FeedEvent;
import org.cairn.events.FeedFilter;
import org.cairn.events.FeedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscription's delivery loop: follows the stored feed after the subscription's cursor and POSTs each event
 * (its CloudEvents JSON as is, signed by {@link WebhookSignature}) one at a time, so a subscriber sees events in feed
 * order. A 2xx moves the persisted cursor; anything else (another status, a redirect, a timeout, a refused
 * connection) is counted as a failure and the same event is tried again after {@link Backoff}, until the
 * subscription's {@link WebhookSettings#maxFailures} consecutive failures put it in dead letter and the loop ends.
 * At least once: an event whose success was not seen (timed out, or the node stopped before the cursor was saved) is
 * sent again.
 *
 * <p>Nothing here blocks a thread: the request is {@code sendAsync}, the wait a delayed future, and the JDBC writes
 * run on the {@code blocking} executor. The feed is only read, so a slow subscriber never slows anything but itself.
 * Should the feed fail (or end, which it should not), the loop follows it again after the last delivered event,
 * after a backoff.
 */
final class WebhookDelivery {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDelivery.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String CONTENT_TYPE = "application/cloudevents+json";

    /** How a delivery loop ended. */
    enum Ending { DEAD_LETTER, STOPPED }

    private enum Outcome { DELIVERED, DEAD_LETTER, STOPPED }

    static final Duration CURSOR_SAVE_INTERVAL = Duration.ofMillis(200);

    private final WebhookSubscription subscription;
    private final FeedSource feed;
    private final WebhookStore store;
    private final HttpClient http;
    private final WebhookSettings settings;
    private final Executor blocking;
    private final Clock clock;
    private final AtomicLong cursor;
    private final AtomicInteger failures;
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private volatile UniqueKillSwitch killSwitch;
    /** Successes since the cursor was last saved, and when that was: saves are grouped, see {@link #saveCursor}. */
    private final AtomicInteger unsaved = new AtomicInteger();
    private final AtomicBoolean saveScheduled = new AtomicBoolean();
    private volatile long lastSaveNanos;

    WebhookDelivery(WebhookSubscription subscription, FeedSource feed, WebhookStore store, HttpClient http,
                    WebhookSettings settings, Executor blocking, Clock clock) {
        this.subscription = subscription;
        this.feed = feed;
        this.store = store;
        this.http = http;
        this.settings = settings;
        this.blocking = blocking;
        this.clock = clock;
        this.cursor = new AtomicLong(subscription.cursor());
        this.failures = new AtomicInteger(subscription.consecutiveFailures());
    }

    /**
     * The HTTP client deliveries share: no redirects followed (a 3xx is a failure), connecting within the timeout,
     * its callbacks on two threads of its own (the JDK's default executor starts a thread for nearly every request).
     */
    static HttpClient httpClient(WebhookSettings settings) {
        AtomicInteger threads = new AtomicInteger();
        Executor callbacks = java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "cairn-webhook-http-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        return HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).executor(callbacks)
            .connectTimeout(settings.requestTimeout()).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** Starts the loop; the stage completes when it ends, in dead letter or stopped. Call once. */
    CompletionStage<Ending> start(Materializer materializer) {
        FeedFilter filter = FeedFilter.types(subscription.eventTypes());
        Backoff backoff = settings.backoff();
        RestartSettings restarts = RestartSettings.create(backoff.min(), backoff.max(), backoff.jitter());
        Pair<UniqueKillSwitch, CompletionStage<Optional<Outcome>>> running = RestartSource
            .withBackoff(restarts, () -> feed.follow(cursor.get(), filter).mapAsync(1, this::deliver))
            .takeWhile(outcome -> outcome == Outcome.DELIVERED, true)
            .viaMat(KillSwitches.single(), Keep.right())
            .toMat(Sink.lastOption(), Keep.both())
            .run(materializer);
        killSwitch = running.first();
        if (stopped.isDone()) {
            killSwitch.shutdown();
        }
        return running.second().handle((last, failure) -> {
            if (failure != null) {
                LOG.error("Webhook {}: delivery stopped by an unexpected failure", subscription.id(), failure);
                return Ending.STOPPED;
            }
            return last.filter(o -> o == Outcome.DEAD_LETTER).map(o -> Ending.DEAD_LETTER).orElse(Ending.STOPPED);
        });
    }

    /** Ends the loop at once; a request in flight may still land, and its success is still recorded. */
    void stop() {
        stopped.complete(null);
        saveCursor(); // before a restart reads it back
        UniqueKillSwitch k = killSwitch;
        if (k != null) {
            k.shutdown();
        }
    }

    private CompletionStage<Outcome> deliver(FeedEvent event) {
        if (stopped.isDone()) {
            // The loop runs inside a restartable inner stream that reads ahead; after a dead letter or a stop the
            // event it already holds must not be sent.
            return CompletableFuture.completedFuture(Outcome.STOPPED);
        }
        if (event.seq() <= cursor.get()) {
            // Read again after the feed was followed anew from the cursor: delivered already.
            return CompletableFuture.completedFuture(Outcome.DELIVERED);
        }
        return attempt(event, eventId(event), 1);
    }

    private CompletionStage<Outcome> attempt(FeedEvent event, String eventId, int attempt) {
        if (stopped.isDone()) {
            return CompletableFuture.completedFuture(Outcome.STOPPED);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(subscription.url())
            .timeout(settings.requestTimeout())
            .header("Content-Type", CONTENT_TYPE)
            .POST(HttpRequest.BodyPublishers.ofString(event.json()));
        WebhookSignature.headers(subscription.secret(), event, eventId, attempt, clock.instant())
            .forEach(request::header);
        CompletableFuture<HttpResponse<Void>> sent;
        try {
            sent = http.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding());
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.handle(WebhookDelivery::failure)
            .thenComposeAsync(failure -> failure.isEmpty() ? delivered(event)
                : failed(event, eventId, attempt, failure.get()), blocking);
    }

    private CompletionStage<Outcome> delivered(FeedEvent event) {
        cursor.set(event.seq());
        failures.set(0);
        unsaved.incrementAndGet();
        if (System.nanoTime() - lastSaveNanos >= CURSOR_SAVE_INTERVAL.toNanos()) {
            saveCursor();
        } else if (saveScheduled.compareAndSet(false, true)) {
            CompletableFuture.delayedExecutor(CURSOR_SAVE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS, blocking)
                .execute(() -> {
                    saveCursor();
                    saveScheduled.set(false);
                });
        }
        return CompletableFuture.completedFuture(Outcome.DELIVERED);
    }

    /**
     * Saves the cursor and the successes since the last save: at most every {@link #CURSOR_SAVE_INTERVAL} while
     * events flow (one database commit per event held a busy subscriber to a few dozen events a second), at once
     * before a failure is recorded and when the loop stops. A crash loses at most that interval of cursor, and
     * those events are sent again: delivery is at least once anyway.
     */
    private synchronized void saveCursor() {
        int successes = unsaved.getAndSet(0);
        if (successes == 0) {
            return;
        }
        long seq = cursor.get();
        try {
            store.delivered(subscription.id(), seq, successes, clock.instant());
        } catch (SQLException | RuntimeException e) {
            unsaved.addAndGet(successes);
            // The events did arrive; a later save covers them, and a restart before one resends them.
            LOG.warn("Webhook {}: could not save the cursor at seq {}", subscription.id(), seq, e);
        }
        lastSaveNanos = System.nanoTime();
    }

    private CompletionStage<Outcome> failed(FeedEvent event, String eventId, int attempt, String error) {
        saveCursor();
        int failed = failures.incrementAndGet();
        Instant now = clock.instant();
        if (failed >= settings.maxFailures()) {
            LOG.warn("Webhook {} to {}: dead letter after {} consecutive failures, the last at seq {}: {}",
                subscription.id(), subscription.url(), failed, event.seq(), error);
            try {
                store.deadLetter(subscription.id(), failed, error, now);
            } catch (SQLException | RuntimeException e) {
                LOG.error("Webhook {}: could not record the dead letter; it stays active and is retried at the next"
                    + " start", subscription.id(), e);
            }
            stopped.complete(null);
            return CompletableFuture.completedFuture(Outcome.DEAD_LETTER);
        }
        Duration wait = settings.backoff().delay(failed, ThreadLocalRandom.current().nextDouble());
        if (failed == 1) {
            LOG.warn("Webhook {} to {}: delivery of seq {} failed ({}); retrying in {} ms", subscription.id(),
                subscription.url(), event.seq(), error, wait.toMillis());
        } else {
            LOG.debug("Webhook {}: failure {} at seq {} ({}); retrying in {} ms", subscription.id(), failed,
                event.seq(), error, wait.toMillis());
        }
        try {
            store.failed(subscription.id(), failed, error, now);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Webhook {}: could not record a failure", subscription.id(), e);
        }
        CompletableFuture<Void> waited = CompletableFuture.runAsync(() -> { },
            CompletableFuture.delayedExecutor(wait.toNanos(), TimeUnit.NANOSECONDS, blocking));
        return waited.applyToEither(stopped, done -> done).thenCompose(done -> attempt(event, eventId, attempt + 1));
    }

    /** Empty for a 2xx; otherwise why the attempt failed, for the log and {@code last_error}. */
    private static Optional<String> failure(HttpResponse<Void> response, Throwable error) {
        if (error == null) {
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return Optional.empty();
            }
            return Optional.of("HTTP " + status + (status >= 300 && status < 400 ? " (redirects are not followed)" : ""));
        }
        Throwable cause = error;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof HttpTimeoutException) {
            return Optional.of("timed out: " + cause.getMessage());
        }
        if (cause instanceof ConnectException) {
            return Optional.of("could not connect: " + (cause.getMessage() == null ? "refused" : cause.getMessage()));
        }
        if (cause instanceof IOException) {
            return Optional.of("I/O error: " + cause);
        }
        return Optional.of(cause.toString());
    }

    /** The CloudEvents {@code id} of the event; the seq should the JSON have none. */
    static String eventId(FeedEvent event) {
        try {
            JsonNode id = JSON.readTree(event.json()).get("id");
            if (id != null && id.isValueNode() && !id.asText().isEmpty()) {
                return id.asText();
            }
        } catch (IOException e) {
            LOG.warn("Feed event {} is not JSON", event.seq(), e);
        }
        return Long.toString(event.seq());
    }
}
