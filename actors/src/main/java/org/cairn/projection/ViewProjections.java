package org.cairn.projection;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.ProjectionBehavior;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.SourceProvider;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;
import org.apache.pekko.projection.jdbc.javadsl.JdbcProjection;

/**
 * How the view projections run: the events of one tag read by {@link JournalEventsSource} (settings under
 * {@code cairn.views}), applied in groups by a {@link JdbcHandler}, each group and its offset in one transaction
 * (exactly once), in a system actor of the given name.
 */
final class ViewProjections {
    private ViewProjections() {
    }

    /** The tag's events, read from the journal's tables as the view projections do. */
    static <E> SourceProvider<Offset, EventEnvelope<E>> events(ActorSystem<?> system, DataSource views, String tag,
                                                               Class<E> type) throws Exception {
        JdbcProjection.createTablesIfNotExists(() -> new ViewSession(views), system).toCompletableFuture()
            .get(60, TimeUnit.SECONDS);
        var config = system.settings().config();
        return new JournalEventsSource<>(system, views, List.of(tag), type,
            system.dispatchers().lookup(DispatcherSelector.blocking()), config.getInt("cairn.views.poll-batch"),
            config.getDuration("cairn.views.poll-interval"), config.getDuration("cairn.views.hole-timeout"));
    }

    static <E> ActorRef<ProjectionBehavior.Command> startGrouped(
        ActorSystem<?> system, DataSource views, ProjectionId id, String tag, Class<E> type,
        Supplier<JdbcHandler<List<EventEnvelope<E>>, ViewSession>> handler, String actorName) throws Exception {
        var config = system.settings().config();
        var projection = JdbcProjection.groupedWithin(id, events(system, views, tag, type), () -> new ViewSession(views),
                handler::get, system)
            .withGroup(config.getInt("cairn.views.group-size"), config.getDuration("cairn.views.group-within"));
        return system.systemActorOf(ProjectionBehavior.create(projection), actorName, Props.empty());
    }
}
