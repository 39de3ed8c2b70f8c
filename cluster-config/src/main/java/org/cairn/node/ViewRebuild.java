package org.cairn.node;

import com.typesafe.config.Config;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.cairn.projection.StudyViews;
import org.cairn.study.StudyEntity;
import org.cairn.views.ViewDatabase;
import org.cairn.views.ViewUpdater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ./cairn rebuild-views}: empties the query views and the projection's offset, then replays every Study
 * event through the same projection as the node, and returns once it has applied the last one. Run it while the
 * node is stopped (an embedded H2 journal is locked by a running node anyway).
 */
final class ViewRebuild {
    private static final Logger LOG = LoggerFactory.getLogger(ViewRebuild.class);

    private ViewRebuild() {
    }

    /** Returns the number of events replayed. */
    static long run(Config config) throws Exception {
        try (ViewDatabase views = ViewDatabase.open(config.getString("cairn.journal.url"),
            config.getString("cairn.journal.user"), config.getString("cairn.journal.password"),
            config.getInt("cairn.views.max-connections"))) {
            long last;
            try (Connection c = views.dataSource().getConnection()) {
                c.setAutoCommit(false);
                ViewUpdater.clear(c);
                try (PreparedStatement clear = c.prepareStatement(
                    "DELETE FROM \"pekko_projection_offset_store\" WHERE \"projection_name\" = ?")) {
                    clear.setString(1, StudyViews.ID.name());
                    clear.executeUpdate();
                } catch (SQLException noOffsetTableYet) {
                    c.rollback();
                    ViewUpdater.clear(c);
                }
                c.commit();
                last = lastTaggedEvent(c);
            }
            LOG.info("Views emptied; replaying {} journal entries", last);
            ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "cairn-rebuild", config);
            try {
                StudyViews.start(system, views.dataSource());
                long deadline = System.nanoTime() + Duration.ofHours(12).toNanos();
                while (projected(views) < last) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the projection did not catch up");
                    }
                    Thread.sleep(200);
                }
                // printed before the actor system stops: the node's profile ends the JVM with it
                System.out.println("Views rebuilt from " + last + " journal entries");
            } finally {
                system.terminate();
                system.getWhenTerminated().toCompletableFuture().get();
            }
            return last;
        }
    }

    private static long lastTaggedEvent(Connection c) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT MAX(\"event_id\") FROM \"event_tag\" WHERE \"tag\" = ?")) {
            q.setString(1, StudyEntity.TAG);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? r.getLong(1) : 0;
            }
        }
    }

    private static long projected(ViewDatabase views) throws SQLException {
        try (Connection c = views.dataSource().getConnection(); PreparedStatement q = c.prepareStatement(
            "SELECT \"current_offset\" FROM \"pekko_projection_offset_store\" WHERE \"projection_name\" = ?")) {
            q.setString(1, StudyViews.ID.name());
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? Long.parseLong(r.getString(1)) : 0;
            }
        }
    }
}
