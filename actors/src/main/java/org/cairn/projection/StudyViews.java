package org.cairn.projection;

import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.projection.ProjectionBehavior;
import org.apache.pekko.projection.ProjectionId;
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
        return ViewProjections.startGrouped(system, views, ID, StudyEntity.TAG, StudyEvent.class, StudyViewHandler::new,
            "study-views-projection");
    }
}
