package org.cairn.projection;

import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.projection.ProjectionBehavior;
import org.apache.pekko.projection.ProjectionId;
import org.cairn.worklist.OrderEntity;
import org.cairn.worklist.OrderEvent;

/**
 * The projection of order events into the worklist view, as {@link StudyViews} does for studies: read by
 * {@link JournalEventsSource}, applied in groups, each group and its offset in one transaction (exactly once).
 */
public final class OrderViews {
    public static final ProjectionId ID = ProjectionId.of("worklist-view", OrderEntity.TAG);

    private OrderViews() {
    }

    /** Creates the offset tables if needed and starts the projection; returns its actor. */
    public static ActorRef<ProjectionBehavior.Command> start(ActorSystem<?> system, DataSource views) throws Exception {
        return ViewProjections.startGrouped(system, views, ID, OrderEntity.TAG, OrderEvent.class, OrderViewHandler::new,
            "worklist-view-projection");
    }
}
