package org.cairn.projection;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.projection.ProjectionId;
import org.apache.pekko.projection.jdbc.javadsl.JdbcProjection;
import org.cairn.journal.TagSlices;
import org.cairn.study.StudyEntity;
import org.cairn.worklist.OrderEntity;

/**
 * The public change feed's projection: Study and order events, read by tag slice from the journal in commit order,
 * become public events in {@code change_feed} ({@link ChangeFeedHandler}). One instance runs per tag and slice,
 * anywhere in the cluster; events are numbered under the feed head's row lock, so the feed stays gap-free in the
 * order of the instances' commits, and a study's (or order's) events, all in one slice, keep their order. Its own
 * settings ({@code cairn.events.projection}) are tighter than the views' so that subscribers hear of an instance
 * within tens of milliseconds.
 */
public final class ChangeFeedProjection {
    /** The projection's name; its keys are the slice tags of Study and order events. */
    public static final String NAME = "change-feed";

    private ChangeFeedProjection() {
    }

    /**
     * Runs the projection's slices; {@code source} names this archive in every event (e.g. {@code /cairn/CAIRN});
     * {@code durable} completes once the journal's commits so far are on disk (an embedded journal's group commit),
     * and events are published only after it.
     */
    public static void start(ActorSystem<?> system, DataSource views, String source,
                             Supplier<CompletionStage<Void>> durable) throws Exception {
        ViewProjections.createOffsetTables(system, views);
        var settings = system.settings().config().getConfig("cairn.events.projection");
        TagSlices slices = TagSlices.from(system.settings().config());
        for (String baseTag : List.of(StudyEntity.TAG, OrderEntity.TAG)) {
            ViewProjections.runSliced(system, NAME + "-" + baseTag, slice -> {
                String tag = slices.tag(baseTag, slice);
                var events = ViewProjections.events(system, views, tag, Object.class, settings.getInt("poll-batch"),
                    settings.getDuration("poll-interval"), durable);
                return JdbcProjection.groupedWithin(ProjectionId.of(NAME, tag), events, () -> new ViewSession(views),
                        () -> new ChangeFeedHandler(source), system)
                    .withGroup(settings.getInt("group-size"), settings.getDuration("group-within"));
            });
        }
    }
}
