package org.cairn.projection;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.cluster.sharding.typed.ShardedDaemonProcessSettings;
import org.apache.pekko.cluster.sharding.typed.javadsl.ShardedDaemonProcess;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.Projection;
import org.apache.pekko.projection.ProjectionBehavior;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.eventsourced.javadsl.EventSourcedProvider;
import org.apache.pekko.projection.javadsl.SourceProvider;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;
import org.apache.pekko.projection.jdbc.javadsl.JdbcProjection;
import org.cairn.journal.TagSlices;

/**
 * How Cairn's projections run: each is a {@link ShardedDaemonProcess} of one instance per tag slice
 * ({@link TagSlices}), so the slices spread over the cluster's nodes and move to a survivor when a node leaves or
 * dies; each instance keeps its own offset in the views database. Events come from the journal named by
 * {@code cairn.projections.read-journal}: the JDBC journal's tables, read by {@link JournalEventsSource}, or
 * another journal's events-by-tag query (Cassandra).
 */
final class ViewProjections {
    /** The JDBC journal's query plugin, for which Cairn reads the tables itself. */
    static final String JDBC_READ_JOURNAL = "jdbc-read-journal";

    private ViewProjections() {
    }

    /** Creates the projection offset tables in the views database if they are missing. */
    static void createOffsetTables(ActorSystem<?> system, DataSource views) throws Exception {
        JdbcProjection.createTablesIfNotExists(() -> new ViewSession(views), system).toCompletableFuture()
            .get(60, TimeUnit.SECONDS);
    }

    /** The tag's events, read as the view projections do (settings under {@code cairn.views}). */
    static <E> SourceProvider<Offset, EventEnvelope<E>> events(ActorSystem<?> system, DataSource views, String tag,
                                                               Class<E> type) {
        var config = system.settings().config();
        return events(system, views, tag, type, config.getInt("cairn.views.poll-batch"),
            config.getDuration("cairn.views.poll-interval"), () -> CompletableFuture.completedFuture(null));
    }

    /**
     * The tag's events; from the JDBC journal read {@code batch} positions at a time, pausing {@code pollInterval}
     * when caught up, handed out once {@code durable} completes (see {@link JournalEventsSource}).
     */
    static <E> SourceProvider<Offset, EventEnvelope<E>> events(ActorSystem<?> system, DataSource views, String tag,
                                                               Class<E> type, int batch, Duration pollInterval,
                                                               Supplier<CompletionStage<Void>> durable) {
        var config = system.settings().config();
        String readJournal = config.getString("cairn.projections.read-journal");
        if (!readJournal.equals(JDBC_READ_JOURNAL)) {
            return EventSourcedProvider.eventsByTag(system, readJournal, tag);
        }
        return new JournalEventsSource<>(system, views, List.of(tag), type,
            system.dispatchers().lookup(DispatcherSelector.blocking()), batch, pollInterval,
            config.getDuration("cairn.views.hole-timeout"), durable);
    }

    /** Runs {@code projectionOfSlice} for every slice, as the sharded daemon process {@code name}. */
    static void runSliced(ActorSystem<?> system, String name, IntFunction<Projection<?>> projectionOfSlice) {
        TagSlices slices = TagSlices.from(system.settings().config());
        ShardedDaemonProcess.get(system).init(ProjectionBehavior.Command.class, name, slices.count(),
            slice -> ProjectionBehavior.create(projectionOfSlice.apply(slice)),
            ShardedDaemonProcessSettings.create(system), Optional.of(ProjectionBehavior.stopMessage()));
    }

    /**
     * Runs a view projection: per slice, the slice's events of {@code baseTag} applied in groups by a
     * {@link JdbcHandler}, each group and its offset in one transaction (exactly once).
     */
    static <E> void startGrouped(ActorSystem<?> system, DataSource views, String name, String baseTag, Class<E> type,
                                 Supplier<JdbcHandler<List<EventEnvelope<E>>, ViewSession>> handler) throws Exception {
        createOffsetTables(system, views);
        var config = system.settings().config();
        TagSlices slices = TagSlices.from(config);
        runSliced(system, name, slice -> {
            String tag = slices.tag(baseTag, slice);
            return JdbcProjection.groupedWithin(org.apache.pekko.projection.ProjectionId.of(name, tag),
                    events(system, views, tag, type), () -> new ViewSession(views), handler::get, system)
                .withGroup(config.getInt("cairn.views.group-size"), config.getDuration("cairn.views.group-within"));
        });
    }
}
