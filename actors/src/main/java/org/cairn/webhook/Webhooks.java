package org.cairn.webhook;

import java.net.http.HttpClient;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.Materializer;
import org.cairn.events.FeedSource;
import org.cairn.webhook.WebhookSubscription.State;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's webhook subscriptions: one {@link WebhookDelivery} loop per active subscription, each reading the stored
 * feed at its own pace, so a slow or dead subscriber delays neither ingest nor the others. Created subscriptions start
 * delivering at once; a deleted one stops; one in dead letter waits for {@link #resume}, which continues from its
 * persisted cursor, as does every active subscription when the node starts again.
 *
 * <p>The operations that touch the database return stages completed on the {@code blocking} executor.
 */
public final class Webhooks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Webhooks.class);
    private static final long CLOSE_WAIT_SECONDS = 5;

    private final WebhookStore store;
    private final FeedSource feed;
    private final LongSupplier latestSeq;
    private final Set<String> publicTypes;
    private final WebhookSettings settings;
    private final Executor blocking;
    private final Materializer materializer;
    private final HttpClient http;
    private final Clock clock;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private volatile boolean closed;
    /** Whether this node delivers: on a cluster, only the one holding the webhook singleton does. */
    private volatile boolean deliveringHere;

    private record Running(WebhookDelivery delivery, CompletionStage<WebhookDelivery.Ending> ended) {
    }

    private Webhooks(WebhookStore store, FeedSource feed, LongSupplier latestSeq, Set<String> publicTypes,
                     WebhookSettings settings, Executor blocking, Materializer materializer, Clock clock) {
        this.store = store;
        this.feed = feed;
        this.latestSeq = latestSeq;
        this.publicTypes = Set.copyOf(publicTypes);
        this.settings = settings;
        this.blocking = blocking;
        this.materializer = materializer;
        this.http = WebhookDelivery.httpClient(settings);
        this.clock = clock;
    }

    /**
     * Starts delivering to every active subscription in {@code database} (the journal's, migrated). {@code latestSeq}
     * gives the feed's latest seq (0 when empty), where a subscription created {@code from} "latest" starts; it may
     * block, and is called on {@code blocking}. {@code publicTypes} is every public event type, to refuse unknown ones
     * at creation (empty: any well-formed type is accepted). Reads the subscriptions on the calling thread.
     */
    public static Webhooks start(ActorSystem<?> system, DataSource database, FeedSource feed, LongSupplier latestSeq,
                                 Set<String> publicTypes, WebhookSettings settings, Executor blocking)
        throws SQLException {
        Webhooks webhooks = standby(system, database, feed, latestSeq, publicTypes, settings, blocking);
        webhooks.deliverHere();
        return webhooks;
    }

    /**
     * As {@link #start}, but delivering nothing until {@link #deliverHere()}: on a cluster every node serves the
     * subscriptions' REST API and one node, the holder of a cluster singleton, delivers.
     */
    public static Webhooks standby(ActorSystem<?> system, DataSource database, FeedSource feed, LongSupplier latestSeq,
                                   Set<String> publicTypes, WebhookSettings settings, Executor blocking) {
        return new Webhooks(new WebhookStore(database), feed, latestSeq, publicTypes, settings, blocking,
            Materializer.matFromSystem(system), Clock.systemUTC());
    }

    /** Starts delivering every active subscription from this node, from their persisted cursors. */
    public void deliverHere() throws SQLException {
        deliveringHere = true;
        reconcile();
        LOG.info("Webhooks: delivering {} subscriptions from this node", running.size());
    }

    /**
     * Brings this node's delivery loops in line with the stored subscriptions, which any node may have created,
     * deleted or resumed: a loop for every active one, none for the others.
     */
    public void reconcile() throws SQLException {
        if (!deliveringHere || closed) {
            return;
        }
        List<WebhookSubscription> all = store.list();
        Set<String> active = new java.util.HashSet<>();
        for (WebhookSubscription subscription : all) {
            if (subscription.state() == State.ACTIVE) {
                active.add(subscription.id());
                startIfIdle(subscription);
            }
        }
        synchronized (running) {
            for (String id : List.copyOf(running.keySet())) {
                if (!active.contains(id)) {
                    Running r = running.remove(id);
                    if (r != null) {
                        r.delivery().stop();
                    }
                }
            }
        }
    }

    /** Stops this node's deliveries (another node takes them over from the persisted cursors). */
    public void stopDeliveringHere() {
        deliveringHere = false;
        stopAll();
    }

    /**
     * A creation request as the REST API receives it, validated against this node's public types; an
     * IllegalArgumentException says what is wrong. See {@link NewWebhook#of}.
     */
    public NewWebhook validate(String url, Collection<String> types, String secret, String description, String from) {
        return NewWebhook.of(url, types, secret, description, from, publicTypes);
    }

    /** Stores the subscription and starts delivering to it. */
    public CompletionStage<WebhookSubscription> create(NewWebhook request, String createdBy) {
        return call(() -> {
            long cursor = request.from().isPresent() ? request.from().getAsLong() : latestSeq.getAsLong();
            WebhookSubscription created = store.create(request, cursor, createdBy, clock.instant());
            LOG.info("Webhook {} to {} created by {}, types {}, after seq {}", created.id(), created.url(), createdBy,
                created.eventTypes().isEmpty() ? "all" : created.eventTypes(), cursor);
            startIfIdle(created);
            return created;
        });
    }

    /** Every subscription, oldest first. */
    public CompletionStage<List<WebhookSubscription>> list() {
        return call(store::list);
    }

    public CompletionStage<Optional<WebhookSubscription>> get(String id) {
        return call(() -> store.get(id));
    }

    /** Removes the subscription and stops its delivery; false if there was none. */
    public CompletionStage<Boolean> delete(String id) {
        return call(() -> {
            // With resume serialized against this, a resume cannot start a loop for a row just deleted.
            synchronized (running) {
                boolean deleted = store.delete(id);
                Running r = running.remove(id);
                if (r != null) {
                    r.delivery().stop();
                }
                if (deleted) {
                    LOG.info("Webhook {} deleted", id);
                }
                return deleted;
            }
        });
    }

    /**
     * Makes the subscription active with no failures counted and, unless it is delivering already, starts it from its
     * persisted cursor. Empty if there is no such subscription.
     */
    public CompletionStage<Optional<WebhookSubscription>> resume(String id) {
        return call(() -> {
            synchronized (running) {
                Optional<WebhookSubscription> resumed = store.resume(id);
                resumed.ifPresent(s -> {
                    LOG.info("Webhook {} resumed after seq {}", id, s.cursor());
                    startIfIdle(s);
                });
                return resumed;
            }
        });
    }

    /** The ids of the subscriptions whose delivery loop runs on this node. */
    Set<String> delivering() {
        return Set.copyOf(running.keySet());
    }

    /** Stops every delivery (requests in flight may still land). */
    @Override
    public void close() {
        closed = true;
        stopAll();
    }

    private void stopAll() {
        List<Running> all = List.copyOf(running.values());
        running.clear();
        all.forEach(r -> r.delivery().stop());
        try {
            CompletableFuture.allOf(all.stream().map(r -> r.ended().toCompletableFuture())
                .toArray(CompletableFuture[]::new)).get(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            LOG.warn("Webhooks: deliveries still stopping after {} s", CLOSE_WAIT_SECONDS);
        } catch (Exception e) {
            LOG.warn("Webhooks: stopping the deliveries failed", e);
        }
    }

    /**
     * Starts a loop for {@code subscription} unless one runs. A loop that ends in dead letter while a resume was being
     * recorded would otherwise leave an active subscription without a loop, so its end looks at the stored state.
     */
    private void startIfIdle(WebhookSubscription subscription) {
        if (closed || !deliveringHere) {
            return;
        }
        synchronized (running) {
            if (running.containsKey(subscription.id())) {
                return;
            }
            WebhookDelivery delivery = new WebhookDelivery(subscription, feed, store, http, settings, blocking, clock);
            CompletableFuture<WebhookDelivery.Ending> ended = new CompletableFuture<>();
            Running r = new Running(delivery, ended);
            running.put(subscription.id(), r);
            delivery.start(materializer).whenComplete((ending, failure) -> {
                running.remove(subscription.id(), r);
                ended.complete(ending == null ? WebhookDelivery.Ending.STOPPED : ending);
                if (ending == WebhookDelivery.Ending.DEAD_LETTER) {
                    CompletableFuture.runAsync(() -> restartIfResumed(subscription.id()), blocking);
                }
            });
        }
    }

    private void restartIfResumed(String id) {
        try {
            store.get(id).filter(s -> s.state() == State.ACTIVE).ifPresent(this::startIfIdle);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("Webhook {}: could not read its state after the dead letter", id, e);
        }
    }

    private interface Call<T> {
        T run() throws SQLException;
    }

    private <T> CompletionStage<T> call(Call<T> call) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return call.run();
            } catch (SQLException e) {
                throw new CompletionException(e);
            }
        }, blocking);
    }
}
