package org.cairn.projection;

import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;
import org.cairn.worklist.OrderEntity;
import org.cairn.worklist.OrderEvent;

/**
 * The projection of order events into the worklist view, as {@link StudyViews} does for studies: one instance per
 * tag slice, applied in groups, each group and its offset in one transaction (exactly once).
 */
public final class OrderViews {
    /** The projection's name; its keys are the slice tags ({@code order-0} …). */
    public static final String NAME = "worklist-view";

    private OrderViews() {
    }

    /** Creates the offset tables if needed and runs the projection's slices on the cluster. */
    public static void start(ActorSystem<?> system, DataSource views) throws Exception {
        ViewProjections.startGrouped(system, views, NAME, OrderEntity.TAG, OrderEvent.class, OrderViewHandler::new);
    }
}
