package org.cairn.events;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The feed's last sequence number, read every {@code interval} by one thread for every live reader of the node:
 * a reader that has caught up waits here instead of querying the feed itself, so a thousand idle SSE clients cost
 * one cheap query per interval. The feed's writer may be on another node, so the database is asked, not told.
 */
public final class FeedHead implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FeedHead.class);

    private record Waiter(long after, CompletableFuture<Long> beyond) {
    }

    private final DataSource database;
    private final ScheduledExecutorService poller;
    private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();
    private volatile long latest;

    private FeedHead(DataSource database) {
        this.database = database;
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cairn-feed-head");
            t.setDaemon(true);
            return t;
        });
    }

    public static FeedHead start(DataSource database, Duration interval) {
        FeedHead head = new FeedHead(database);
        head.poll();
        head.poller.scheduleWithFixedDelay(head::poll, interval.toMillis(), interval.toMillis(),
            TimeUnit.MILLISECONDS);
        return head;
    }

    /** The last sequence number seen at the latest poll. */
    public long latest() {
        return latest;
    }

    /**
     * Completes with the head once it is beyond {@code after}, or with the head as it is after {@code atMost}
     * (the reader then looks again: nothing is lost by waking early).
     */
    public CompletionStage<Long> beyond(long after, Duration atMost) {
        if (latest > after) {
            return CompletableFuture.completedFuture(latest);
        }
        CompletableFuture<Long> beyond = new CompletableFuture<>();
        waiters.add(new Waiter(after, beyond));
        if (latest > after) { // moved while we queued
            beyond.complete(latest);
        }
        return beyond.completeOnTimeout(after, atMost.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void poll() {
        try (Connection c = database.getConnection()) {
            c.setReadOnly(true);
            latest = ChangeFeedStore.latest(c);
        } catch (SQLException | RuntimeException e) {
            LOG.warn("reading the change feed's head failed: {}", e.getMessage());
        }
        long head = latest;
        for (Iterator<Waiter> i = waiters.iterator(); i.hasNext(); ) {
            Waiter w = i.next();
            if (w.beyond().isDone()) {
                i.remove();
            } else if (head > w.after()) {
                w.beyond().complete(head);
                i.remove();
            }
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
