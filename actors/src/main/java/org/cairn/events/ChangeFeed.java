package org.cairn.events;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.apache.pekko.NotUsed;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.javadsl.Source;

/**
 * Reading the public change feed: pages for the REST API, and following from a cursor for live readers. Every read
 * takes the head first and reads up to it, so a filtered page can hand out that head as the next cursor without
 * skipping an event still being written.
 */
public final class ChangeFeed implements FeedSource {
    /** A page of events and the cursor to read on from (the last event's seq, or the head when the page is short). */
    public record Page(List<FeedEvent> events, long next, long latest) {
    }

    private static final int FOLLOW_BATCH = 500;
    private static final Duration IDLE_RECHECK = Duration.ofSeconds(1);

    private final DataSource database;
    private final Executor blocking;
    private final FeedHead head;

    public ChangeFeed(DataSource database, Executor blocking, FeedHead head) {
        this.database = database;
        this.blocking = blocking;
        this.head = head;
    }

    public long latest() {
        return head.latest();
    }

    /** The feed's last sequence number, read now. */
    public CompletionStage<Long> latestNow() {
        return CompletableFuture.supplyAsync(() -> {
            try (Connection c = database.getConnection()) {
                c.setReadOnly(true);
                return ChangeFeedStore.latest(c);
            } catch (SQLException e) {
                throw new IllegalStateException("reading the change feed failed: " + e.getMessage(), e);
            }
        }, blocking);
    }

    /** Up to {@code limit} events after {@code after} that pass {@code filter}. */
    public CompletionStage<Page> page(long after, int limit, FeedFilter filter) {
        return CompletableFuture.supplyAsync(() -> read(after, limit, filter), blocking);
    }

    private Page read(long after, int limit, FeedFilter filter) {
        try (Connection c = database.getConnection()) {
            c.setReadOnly(true);
            long latest = ChangeFeedStore.latest(c);
            List<FeedEvent> events = ChangeFeedStore.page(c, after, latest, limit, filter);
            long next = events.size() == limit ? events.get(events.size() - 1).seq() : Math.max(after, latest);
            return new Page(events, next, latest);
        } catch (SQLException e) {
            throw new IllegalStateException("reading the change feed failed: " + e.getMessage(), e);
        }
    }

    @Override
    public Source<FeedEvent, NotUsed> follow(long after, FeedFilter filter) {
        return Source.unfoldAsync(after, cursor -> page(cursor, FOLLOW_BATCH, filter).thenCompose(page -> {
                if (!page.events().isEmpty() || page.next() > cursor) {
                    return CompletableFuture.completedFuture(Optional.of(Pair.create(page.next(), page.events())));
                }
                return head.beyond(cursor, IDLE_RECHECK)
                    .thenApply(beyond -> Optional.of(Pair.create(cursor, List.<FeedEvent>of())));
            }))
            .mapConcat(events -> events);
    }
}
