package org.cairn.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.cairn.webhook.WebhookSubscription.State;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhook delivery end to end: the manager and its delivery loops over an in-memory feed, the subscriptions in a real
 * H2 journal database, and real HTTP subscribers on 127.0.0.1 that answer what each test makes them.
 */
class WebhookDeliveryTest {
    private static final String SECRET = "the subscriber's shared secret";
    private static final String RECEIVED = "study.received";
    private static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final Duration SOON = Duration.ofSeconds(10);
    private static ActorSystem<Void> system;
    private static ExecutorService blocking;

    private final GrowingFeed feed = new GrowingFeed();
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private DataSource database;
    private WebhookStore store;

    @BeforeAll
    static void startSystem() {
        system = ActorSystem.create(Behaviors.empty(), "webhook-delivery-test");
        blocking = Executors.newFixedThreadPool(4);
    }

    @AfterAll
    static void stopSystem() {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
        blocking.shutdownNow();
    }

    @BeforeEach
    void database() {
        database = TestDatabase.migrated();
        store = new WebhookStore(database);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    /** Small backoffs so that retries happen within a test; {@code maxFailures} before dead letter. */
    private static WebhookSettings settings(int maxFailures, Duration requestTimeout) {
        return WebhookSettings.fromConfig(ConfigFactory.parseString("cairn.events.webhooks { max-failures = "
                + maxFailures + ", min-backoff = 20ms, max-backoff = 100ms, request-timeout = "
                + requestTimeout.toMillis() + "ms }")
            .withFallback(ConfigFactory.defaultReference()));
    }

    private Webhooks webhooks(WebhookSettings settings) throws Exception {
        Webhooks webhooks = Webhooks.start(system, database, feed, feed::latest, Set.of(), settings, blocking);
        toClose.add(webhooks);
        return webhooks;
    }

    private Receiver receiver() throws Exception {
        Receiver receiver = Receiver.start();
        toClose.add(receiver);
        return receiver;
    }

    private static WebhookSubscription create(Webhooks webhooks, Receiver receiver, String from) {
        return webhooks.create(webhooks.validate(receiver.url().toString(), null, SECRET, "test", from), "the-admin")
            .toCompletableFuture().join();
    }

    private WebhookSubscription stored(String id) throws Exception {
        return store.get(id).orElseThrow();
    }

    private static List<Long> seqs(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    @Test
    void onAClusterOnlyTheDeliveringNodeDeliversAndItFollowsWhatOtherNodesChange() throws Exception {
        feed.append(5, RECEIVED);
        Receiver receiver = receiver();
        WebhookSettings settings = settings(10, Duration.ofSeconds(5));
        // two nodes on one database: "here" holds the delivery singleton, "elsewhere" only serves the REST API
        Webhooks elsewhere = Webhooks.standby(system, database, feed, feed::latest, Set.of(), settings, blocking);
        toClose.add(elsewhere);
        Webhooks here = Webhooks.standby(system, database, feed, feed::latest, Set.of(), settings, blocking);
        toClose.add(here);

        String id = create(elsewhere, receiver, "0").id();
        Thread.sleep(300);
        assertThat(receiver.received()).as("nobody delivers before the singleton starts").isEmpty();
        assertThat(elsewhere.delivering()).isEmpty();

        here.deliverHere();
        Eventually.await(SOON, "5 events received", () -> receiver.acceptedSeqs().size() >= 5);
        assertThat(elsewhere.delivering()).as("the standby node never delivers").isEmpty();

        Receiver second = receiver();
        String other = create(elsewhere, second, "0").id();
        here.reconcile(); // the singleton's periodic check
        Eventually.await(SOON, "the subscription created elsewhere delivered", () -> second.acceptedSeqs().size() >= 5);

        assertThat(elsewhere.delete(id).toCompletableFuture().join()).isTrue();
        here.reconcile();
        assertThat(here.delivering()).as("a subscription deleted elsewhere stops").containsExactly(other);

        // hand-over: the singleton moves; the next node goes on from the persisted cursor, not from the start
        Eventually.await(SOON, "cursor saved", () -> cursor(other) == 5);
        here.stopDeliveringHere();
        assertThat(here.delivering()).isEmpty();
        feed.append(3, RECEIVED);
        elsewhere.deliverHere();
        Eventually.await(SOON, "the rest after the hand-over", () -> second.acceptedSeqs().size() >= 8);
        assertThat(second.acceptedSeqs()).isEqualTo(seqs(1, 8));
    }

    @Test
    void everyEventArrivesInOrderSignedWithItsHeaders() throws Exception {
        feed.append(20, RECEIVED);
        Receiver receiver = receiver();
        Webhooks webhooks = webhooks(settings(10, Duration.ofSeconds(5)));

        String id = create(webhooks, receiver, "0").id();
        feed.append(10, "study.stable");

        Eventually.await(SOON, "30 events received", () -> receiver.acceptedSeqs().size() >= 30);
        assertThat(receiver.acceptedSeqs()).isEqualTo(seqs(1, 30));
        for (Receiver.Received r : receiver.received()) {
            long seq = r.seq();
            assertThat(r.body()).isEqualTo(feed.event(seq).json());
            assertThat(r.header("Content-Type")).isEqualTo("application/cloudevents+json");
            assertThat(WebhookSignature.verify(SECRET, r.header(WebhookSignature.SIGNATURE), r.body(), Instant.now(),
                TOLERANCE)).as("signature of seq " + seq).isTrue();
            assertThat(r.header(WebhookSignature.EVENT_ID)).isEqualTo("evt-" + seq);
            assertThat(r.header(WebhookSignature.EVENT_TYPE)).isEqualTo(seq <= 20 ? RECEIVED : "study.stable");
            assertThat(r.header(WebhookSignature.DELIVERY_ATTEMPT)).isEqualTo("1");
        }
        Eventually.await(SOON, "cursor saved", () -> cursor(id) == 30);
        WebhookSubscription s = stored(id);
        assertThat(s.delivered()).isEqualTo(30);
        assertThat(s.consecutiveFailures()).isZero();
        assertThat(s.lastSuccessAt()).isNotNull();
    }

    @Test
    void onlyTheSubscribedTypesAreSent() throws Exception {
        Receiver receiver = receiver();
        Webhooks webhooks = webhooks(settings(10, Duration.ofSeconds(5)));
        String id = webhooks.create(webhooks.validate(receiver.url().toString(), List.of("study.stable"), SECRET,
            null, "latest"), "the-admin").toCompletableFuture().join().id();

        for (int i = 0; i < 6; i++) {
            feed.append(i % 2 == 0 ? RECEIVED : "study.stable", "1.2." + i);
        }

        Eventually.await(SOON, "3 events received", () -> receiver.acceptedSeqs().size() >= 3);
        Eventually.await(SOON, "cursor at the last one sent", () -> cursor(id) == 6);
        assertThat(receiver.acceptedSeqs()).containsExactly(2L, 4L, 6L);
    }

    @Test
    void aSubscriberFailingForAWhileGetsEverythingInOrderOnceItRecovers() throws Exception {
        Receiver receiver = receiver();
        Webhooks webhooks = webhooks(settings(1000, Duration.ofSeconds(5)));
        String id = create(webhooks, receiver, "latest").id();

        feed.append(5, RECEIVED);
        Eventually.await(SOON, "the first 5", () -> receiver.acceptedSeqs().size() == 5);
        receiver.answer(500);
        feed.append(5, RECEIVED);
        Eventually.await(SOON, "3 failed attempts", () -> receiver.received().size() >= 8);
        Eventually.await(SOON, "failures recorded", () -> failures(id) >= 3);
        assertThat(stored(id).lastError()).isEqualTo("HTTP 500");
        receiver.stop();
        feed.append(5, RECEIVED);
        Eventually.await(SOON, "refused connections recorded", () -> {
            WebhookSubscription s = get(id);
            return s.lastError() != null && s.lastError().startsWith("could not connect") && s.consecutiveFailures() > 5;
        });
        assertThat(stored(id).state()).isEqualTo(State.ACTIVE);
        assertThat(stored(id).cursor()).isEqualTo(5);
        receiver.answer(200);
        receiver.restart();

        Eventually.await(SOON, "all 15", () -> receiver.acceptedSeqs().size() >= 15);
        assertThat(receiver.acceptedSeqs()).as("each once, in order, no gap").isEqualTo(seqs(1, 15));
        List<Long> all = receiver.received().stream().map(Receiver.Received::seq).toList();
        assertThat(all).as("in feed order, the failed one repeated").isSorted();
        assertThat(receiver.received().stream().filter(r -> !r.accepted()).map(Receiver.Received::seq))
            .as("only the event that failed was sent again").containsOnly(6L);
        Receiver.Received recovered = receiver.received().stream().filter(r -> r.seq() == 6 && r.accepted())
            .findFirst().orElseThrow();
        assertThat(Integer.parseInt(recovered.header(WebhookSignature.DELIVERY_ATTEMPT))).isGreaterThan(5);
        Eventually.await(SOON, "cursor saved", () -> cursor(id) == 15);
        assertThat(stored(id).consecutiveFailures()).isZero();
    }

    @Test
    void deadLetterAfterMaxFailuresThenResumeGoesOnFromTheCursor() throws Exception {
        Receiver receiver = receiver();
        Webhooks webhooks = webhooks(settings(3, Duration.ofSeconds(5)));
        String id = create(webhooks, receiver, "latest").id();
        feed.append(3, RECEIVED);
        Eventually.await(SOON, "the first 3", () -> receiver.acceptedSeqs().size() == 3);

        receiver.answer(503);
        feed.append(2, RECEIVED);

        Eventually.await(SOON, "dead letter", () -> get(id).state() == State.DEAD_LETTER);
        Eventually.await(SOON, "its loop ended", () -> !webhooks.delivering().contains(id));
        WebhookSubscription dead = stored(id);
        assertThat(dead.consecutiveFailures()).isEqualTo(3);
        assertThat(dead.cursor()).isEqualTo(3);
        assertThat(dead.lastError()).isEqualTo("HTTP 503");
        Thread.sleep(300); // several backoffs: nothing more is tried
        assertThat(receiver.received()).filteredOn(r -> !r.accepted())
            .extracting(r -> r.seq() + "#" + r.header(WebhookSignature.DELIVERY_ATTEMPT))
            .containsExactly("4#1", "4#2", "4#3");

        receiver.answer(200);
        feed.append(1, RECEIVED);
        WebhookSubscription resumed = webhooks.resume(id).toCompletableFuture().join().orElseThrow();
        assertThat(resumed.state()).isEqualTo(State.ACTIVE);
        assertThat(resumed.consecutiveFailures()).isZero();

        Eventually.await(SOON, "the rest", () -> receiver.acceptedSeqs().size() >= 6);
        assertThat(receiver.acceptedSeqs()).isEqualTo(seqs(1, 6));
        Eventually.await(SOON, "cursor saved", () -> cursor(id) == 6);
        assertThat(webhooks.delivering()).contains(id);
        assertThat(webhooks.resume("no-such-id").toCompletableFuture().join()).isEmpty();
    }

    @Test
    void redirectsAreNotFollowed() throws Exception {
        Receiver elsewhere = receiver();
        Receiver redirecting = receiver();
        redirecting.redirect(307, elsewhere.url());
        Webhooks webhooks = webhooks(settings(2, Duration.ofSeconds(5)));
        String id = create(webhooks, redirecting, "latest").id();

        feed.append(1, RECEIVED);

        Eventually.await(SOON, "dead letter", () -> get(id).state() == State.DEAD_LETTER);
        assertThat(stored(id).lastError()).isEqualTo("HTTP 307 (redirects are not followed)");
        assertThat(redirecting.received()).hasSize(2);
        assertThat(elsewhere.received()).isEmpty();
    }

    @Test
    void aNewManagerResumesFromThePersistedCursor() throws Exception {
        feed.append(10, RECEIVED);
        Receiver receiver = receiver();
        Webhooks first = Webhooks.start(system, database, feed, feed::latest, Set.of(), settings(10,
            Duration.ofSeconds(5)), blocking);
        String id;
        try {
            id = create(first, receiver, "latest").id();
            assertThat(stored(id).cursor()).as("latest: only what comes next").isEqualTo(10);
            feed.append(5, RECEIVED);
            Eventually.await(SOON, "11 to 15", () -> receiver.acceptedSeqs().size() == 5);
            Eventually.await(SOON, "cursor saved", () -> cursor(id) == 15);
        } finally {
            first.close();
        }
        feed.append(5, RECEIVED);
        Thread.sleep(100);
        assertThat(receiver.acceptedSeqs()).as("nothing while stopped").hasSize(5);

        Webhooks second = webhooks(settings(10, Duration.ofSeconds(5)));

        Eventually.await(SOON, "16 to 20", () -> receiver.acceptedSeqs().size() >= 10);
        assertThat(receiver.acceptedSeqs()).isEqualTo(seqs(11, 20));
        assertThat(second.delivering()).containsExactly(id);
    }

    @Test
    void aDeadSubscriberDoesNotDelayAnother() throws Exception {
        Receiver hanging = receiver();
        hanging.hang();
        Receiver refusing = receiver();
        refusing.stop();
        Receiver healthy = receiver();
        Duration requestTimeout = Duration.ofSeconds(3);
        Webhooks webhooks = webhooks(settings(1000, requestTimeout));
        String hangingId = create(webhooks, hanging, "latest").id();
        create(webhooks, refusing, "latest");
        create(webhooks, healthy, "latest");

        long start = System.nanoTime();
        feed.append(50, RECEIVED);

        Eventually.await(requestTimeout.minusMillis(500), "all 50 at the healthy subscriber while the other hangs",
            () -> healthy.acceptedSeqs().size() == 50);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(healthy.acceptedSeqs()).isEqualTo(seqs(1, 50));
        assertThat(hanging.received()).extracting(Receiver.Received::seq).containsOnly(1L);
        assertThat(took).isLessThan(requestTimeout);
        Eventually.await(SOON, "the hanging one's first attempt timed out", () -> {
            String error = get(hangingId).lastError();
            return error != null && error.startsWith("timed out");
        });
        assertThat(healthy.acceptedSeqs()).hasSize(50);
    }

    @Test
    void deletingStopsTheDelivery() throws Exception {
        Receiver receiver = receiver();
        Webhooks webhooks = webhooks(settings(10, Duration.ofSeconds(5)));
        String id = create(webhooks, receiver, "latest").id();
        feed.append(2, RECEIVED);
        Eventually.await(SOON, "2 events", () -> receiver.acceptedSeqs().size() == 2);

        assertThat(webhooks.delete(id).toCompletableFuture().join()).isTrue();
        assertThat(webhooks.delivering()).doesNotContain(id);
        feed.append(2, RECEIVED);
        Thread.sleep(200);

        assertThat(receiver.acceptedSeqs()).hasSize(2);
        assertThat(webhooks.get(id).toCompletableFuture().join()).isEmpty();
        assertThat(webhooks.list().toCompletableFuture().join()).isEmpty();
        assertThat(webhooks.delete(id).toCompletableFuture().join()).isFalse();
    }

    private WebhookSubscription get(String id) {
        try {
            return store.get(id).orElseThrow();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private long cursor(String id) {
        return get(id).cursor();
    }

    private int failures(String id) {
        return get(id).consecutiveFailures();
    }
}
