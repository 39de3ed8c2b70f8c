package org.cairn.projection;

import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;
import org.cairn.study.StudyEntity;
import org.cairn.study.StudyEvent;

/**
 * The projection of Study events into the query views, one instance per tag slice: applied in groups (up to
 * {@code cairn.views.group-size} events or {@code cairn.views.group-within}), each group and its offset in one
 * transaction, so every event is applied exactly once.
 */
public final class StudyViews {
    /** The projection's name; its keys are the slice tags ({@code study-0} …). */
    public static final String NAME = "study-views";

    private StudyViews() {
    }

    /** Creates the offset tables if needed and runs the projection's slices on the cluster. */
    public static void start(ActorSystem<?> system, DataSource views) throws Exception {
        ViewProjections.startGrouped(system, views, NAME, StudyEntity.TAG, StudyEvent.class, StudyViewHandler::new);
    }
}
