package org.cairn.projection;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.projection.ProjectionBehavior;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.jdbc.javadsl.JdbcProjection;
import org.cairn.study.StudyEntity;
import org.cairn.worklist.OrderEntity;

/**
 * The public change feed's projection: Study and order events, read by tag from the journal in commit order
 * ({@link JournalEventsSource}), become public events in {@code change_feed} ({@link ChangeFeedHandler}). Events
 * are numbered under the feed head's row lock, so the feed stays gap-free whatever runs it; one instance runs it
 * now, and with a study's events in one instance, they keep their order. Its own settings
 * ({@code cairn.events.projection}) are tighter than the views' so that subscribers hear of an instance within tens
 * of milliseconds.
 */
public final class ChangeFeedProjection {
    public static final ProjectionId ID = ProjectionId.of("change-feed", StudyEntity.TAG + "+" + OrderEntity.TAG);

    private ChangeFeedProjection() {
    }

    /**
     * Starts the projection; {@code source} names this archive in every event (e.g. {@code /cairn/CAIRN});
     * {@code durable} completes once the journal's commits so far are on disk (an embedded journal's group commit),
     * and events are published only after it.
     */
    public static ActorRef<ProjectionBehavior.Command> start(ActorSystem<?> system, DataSource views, String source,
                                                             Supplier<CompletionStage<Void>> durable) throws Exception {
        JdbcProjection.createTablesIfNotExists(() -> new ViewSession(views), system).toCompletableFuture()
            .get(60, TimeUnit.SECONDS);
        var settings = system.settings().config().getConfig("cairn.events.projection");
        var events = new JournalEventsSource<>(system, views, List.of(StudyEntity.TAG, OrderEntity.TAG), Object.class,
            system.dispatchers().lookup(DispatcherSelector.blocking()), settings.getInt("poll-batch"),
            settings.getDuration("poll-interval"), system.settings().config().getDuration("cairn.views.hole-timeout"),
            durable);
        var projection = JdbcProjection.groupedWithin(ID, events, () -> new ViewSession(views),
                () -> new ChangeFeedHandler(source), system)
            .withGroup(settings.getInt("group-size"), settings.getDuration("group-within"));
        return system.systemActorOf(ProjectionBehavior.create(projection), "change-feed-projection", Props.empty());
    }
}
