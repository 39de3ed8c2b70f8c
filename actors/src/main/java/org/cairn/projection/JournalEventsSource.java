package org.cairn.projection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.persistence.query.Sequence;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.SourceProvider;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.stream.javadsl.Source;

/**
 * The events of some tags (Study events, order events) for a projection, read from the JDBC journal's tables with flat SQL. The plugin's own
 * events-by-tag query joins a derived table, which H2 materializes whole for every poll: at 1,000,000 events the
 * projection fell to 130 events/s. This reads a batch of positions, advances only over settled ones
 * ({@link SettledPosition}), and returns the tagged events up to there, polling again at once after a full batch
 * and after {@code pollInterval} otherwise.
 */
final class JournalEventsSource<E> extends SourceProvider<Offset, EventEnvelope<E>> {
    private static final String POSITIONS = "SELECT \"ordering\" FROM \"event_journal\" WHERE \"ordering\" > ?"
        + " ORDER BY \"ordering\" LIMIT ?";
    private static final String EVENTS = "SELECT j.\"ordering\", j.\"persistence_id\", j.\"sequence_number\","
        + " j.\"write_timestamp\", j.\"event_payload\", j.\"event_ser_id\", j.\"event_ser_manifest\""
        + " FROM \"event_journal\" j JOIN \"event_tag\" t ON t.\"event_id\" = j.\"ordering\""
        + " WHERE t.\"tag\" IN (%s) AND j.\"ordering\" > ? AND j.\"ordering\" <= ? AND j.\"deleted\" = FALSE"
        + " ORDER BY j.\"ordering\"";

    private final DataSource journal;
    private final List<String> tags;
    private final String eventsSql;
    private final Class<E> type;
    private final Serialization serialization;
    private final Executor blocking;
    private final int batch;
    private final Duration pollInterval;
    private final Duration holeTimeout;
    private final Supplier<CompletionStage<Void>> durable;

    JournalEventsSource(ActorSystem<?> system, DataSource journal, List<String> tags, Class<E> type,
                        Executor blocking, int batch, Duration pollInterval, Duration holeTimeout) {
        this(system, journal, tags, type, blocking, batch, pollInterval, holeTimeout,
            () -> CompletableFuture.completedFuture(null));
    }

    /**
     * As above, handing out events only once {@code durable} completes after they were read: an embedded journal
     * lets a commit be read before its file is forced, and what leaves the archive (the public feed) must not tell
     * of an instance a power cut could still take back.
     */
    JournalEventsSource(ActorSystem<?> system, DataSource journal, List<String> tags, Class<E> type,
                        Executor blocking, int batch, Duration pollInterval, Duration holeTimeout,
                        Supplier<CompletionStage<Void>> durable) {
        this.durable = durable;
        this.journal = journal;
        this.tags = List.copyOf(tags);
        this.eventsSql = String.format(EVENTS, String.join(", ", java.util.Collections.nCopies(tags.size(), "?")));
        this.type = type;
        this.serialization = SerializationExtension.get(Adapter.toClassic(system));
        this.blocking = blocking;
        this.batch = batch;
        this.pollInterval = pollInterval;
        this.holeTimeout = holeTimeout;
    }

    private record Poll(SettledPosition settled, boolean waitFirst) {
    }

    @Override
    public CompletionStage<Source<EventEnvelope<E>, NotUsed>> source(
        Supplier<CompletionStage<Optional<Offset>>> offset) {
        return offset.get().thenApply(stored -> {
            long from = stored.map(o -> ((Sequence) o).value()).orElse(0L);
            Poll first = new Poll(SettledPosition.at(from), false);
            return Source.unfoldAsync(first, this::poll)
                .mapConcat(events -> events);
        });
    }

    private CompletionStage<Optional<Pair<Poll, List<EventEnvelope<E>>>>> poll(Poll state) {
        Executor executor = state.waitFirst()
            ? CompletableFuture.delayedExecutor(pollInterval.toMillis(), TimeUnit.MILLISECONDS, blocking) : blocking;
        CompletableFuture<Optional<Pair<Poll, List<EventEnvelope<E>>>>> read = CompletableFuture.supplyAsync(() -> {
            try (Connection c = journal.getConnection()) {
                c.setReadOnly(true);
                List<Long> positions = new ArrayList<>();
                try (PreparedStatement q = c.prepareStatement(POSITIONS)) {
                    q.setLong(1, state.settled().upTo());
                    q.setInt(2, batch); // in the SQL: a driver may fetch every row before applying setMaxRows
                    try (ResultSet r = q.executeQuery()) {
                        while (r.next()) {
                            positions.add(r.getLong(1));
                        }
                    }
                }
                SettledPosition settled = SettledPosition.advance(state.settled(), positions, System.currentTimeMillis(),
                    holeTimeout.toMillis());
                List<EventEnvelope<E>> events = settled.upTo() > state.settled().upTo()
                    ? events(c, state.settled().upTo(), settled.upTo()) : List.of();
                boolean caughtUp = positions.size() < batch || settled.upTo() == state.settled().upTo();
                return Optional.of(Pair.create(new Poll(settled, caughtUp), events));
            } catch (SQLException e) {
                throw new IllegalStateException("reading the journal failed: " + e.getMessage(), e);
            }
        }, executor);
        return read.thenCompose(polled -> polled.map(Pair::second).filter(events -> !events.isEmpty()).isEmpty()
            ? CompletableFuture.completedFuture(polled) : durable.get().thenApply(forced -> polled));
    }

    private List<EventEnvelope<E>> events(Connection c, long after, long upTo) throws SQLException {
        List<EventEnvelope<E>> events = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement(eventsSql)) {
            int p = 1;
            for (String tag : tags) {
                q.setString(p++, tag);
            }
            q.setLong(p++, after);
            q.setLong(p, upTo);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    Object event = serialization.deserialize(r.getBytes(5), r.getInt(6), r.getString(7)).get();
                    events.add(EventEnvelope.create(Offset.sequence(r.getLong(1)), r.getString(2), r.getLong(3),
                        type.cast(event), r.getLong(4)));
                }
            }
        }
        return events;
    }

    @Override
    public Offset extractOffset(EventEnvelope<E> envelope) {
        return envelope.offset();
    }

    @Override
    public long extractCreationTime(EventEnvelope<E> envelope) {
        return envelope.timestamp();
    }
}
