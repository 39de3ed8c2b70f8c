package org.cairn.projection;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.persistence.query.Offset;
import org.apache.pekko.projection.ProjectionBehavior;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.javadsl.GroupedProjection;
import org.apache.pekko.projection.javadsl.SourceProvider;
import org.apache.pekko.projection.jdbc.javadsl.JdbcProjection;
import org.cairn.study.StudyEntity;
import org.cairn.study.StudyEvent;

/**
 * The projection of Study events into the query views: read from the journal's tables by
 * {@link JournalEventsSource}, applied in groups (up to {@code cairn.views.group-size} events or
 * {@code cairn.views.group-within}), each group and its offset in one transaction, so every event is applied
 * exactly once.
 */
public final class StudyViews {
    public static final ProjectionId ID = ProjectionId.of("study-views", StudyEntity.TAG);

    private StudyViews() {
    }

    /** Creates the offset tables if needed and starts the projection; returns its actor. */
    public static ActorRef<ProjectionBehavior.Command> start(ActorSystem<?> system, DataSource views) throws Exception {
        JdbcProjection.createTablesIfNotExists(() -> new ViewSession(views), system).toCompletableFuture()
            .get(60, TimeUnit.SECONDS);
        var config = system.settings().config();
        SourceProvider<Offset, EventEnvelope<StudyEvent>> events = new JournalEventsSource(system, views,
            StudyEntity.TAG, system.dispatchers().lookup(org.apache.pekko.actor.typed.DispatcherSelector.blocking()),
            config.getInt("cairn.views.poll-batch"), config.getDuration("cairn.views.poll-interval"),
            config.getDuration("cairn.views.hole-timeout"));
        int groupSize = system.settings().config().getInt("cairn.views.group-size");
        Duration groupWithin = system.settings().config().getDuration("cairn.views.group-within");
        GroupedProjection<Offset, EventEnvelope<StudyEvent>> projection = JdbcProjection.groupedWithin(ID, events,
                () -> new ViewSession(views), StudyViewHandler::new, system)
            .withGroup(groupSize, groupWithin);
        return system.systemActorOf(ProjectionBehavior.create(projection), "study-views-projection", Props.empty());
    }
}
