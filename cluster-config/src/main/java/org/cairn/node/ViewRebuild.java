package org.cairn.node;

import com.typesafe.config.Config;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.cairn.journal.TagSlices;
import org.apache.pekko.projection.ProjectionId;
import org.cairn.projection.OrderViews;
import org.cairn.worklist.OrderEntity;
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
 * {@code ./cairn rebuild-views}: empties the query views and the worklist view and their projections' offsets, then
 * replays every Study and order event through the same projections as the node, and returns once they have applied
 * the last ones. Run it while the
 * node is stopped (an embedded H2 journal is locked by a running node anyway).
 */
final class ViewRebuild {
    private static final Logger LOG = LoggerFactory.getLogger(ViewRebuild.class);

    private ViewRebuild() {
    }

    /** A view and the projection that fills it. */
    private record Rebuilt(String name, String tag, SqlWork clear, Starter start) {
    }

    private interface SqlWork {
        void run(Connection c) throws SQLException;
    }

    private interface Starter {
        void start(ActorSystem<?> system, javax.sql.DataSource views) throws Exception;
    }

    private static final List<Rebuilt> VIEWS = List.of(
        new Rebuilt(StudyViews.NAME, StudyEntity.TAG, ViewUpdater::clear, StudyViews::start),
        new Rebuilt(OrderViews.NAME, OrderEntity.TAG, c -> {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM view_worklist"); // the query audit is a record, not a view: kept
            }
        }, OrderViews::start));

    /** Returns the number of journal entries replayed (the highest tagged position). */
    static long run(Config config) throws Exception {
        TagSlices slices = TagSlices.from(config);
        try (ViewDatabase views = ViewDatabase.open(config.getString("cairn.journal.url"),
            config.getString("cairn.journal.user"), config.getString("cairn.journal.password"),
            config.getInt("cairn.views.max-connections"))) {
            // per view and slice: the last journal position the slice's projection must reach
            Map<ProjectionId, Long> last = new LinkedHashMap<>();
            try (Connection c = views.dataSource().getConnection()) {
                c.setAutoCommit(false);
                for (Rebuilt view : VIEWS) {
                    view.clear().run(c);
                }
                try (PreparedStatement clear = c.prepareStatement(
                    "DELETE FROM \"pekko_projection_offset_store\" WHERE \"projection_name\" = ?")) {
                    for (Rebuilt view : VIEWS) {
                        clear.setString(1, view.name());
                        clear.executeUpdate();
                    }
                } catch (SQLException noOffsetTableYet) {
                    c.rollback();
                    for (Rebuilt view : VIEWS) {
                        view.clear().run(c);
                    }
                }
                c.commit();
                for (Rebuilt view : VIEWS) {
                    for (String tag : slices.tags(view.tag())) {
                        last.put(ProjectionId.of(view.name(), tag), lastTaggedEvent(c, tag));
                    }
                }
            }
            long total = last.values().stream().mapToLong(Long::longValue).max().orElse(0);
            LOG.info("Views emptied; replaying {} journal entries", total);
            ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "cairn-rebuild", config);
            try {
                // the projections run as sharded daemon processes: this process is a cluster of one
                Cluster cluster = Cluster.get(system);
                cluster.manager().tell(Join.create(cluster.selfMember().address()));
                for (Rebuilt view : VIEWS) {
                    view.start().start(system, views.dataSource());
                }
                long deadline = System.nanoTime() + Duration.ofHours(12).toNanos();
                for (Map.Entry<ProjectionId, Long> slice : last.entrySet()) {
                    while (projected(views, slice.getKey()) < slice.getValue()) {
                        if (System.nanoTime() > deadline) {
                            throw new IllegalStateException("the projection " + slice.getKey().id()
                                + " did not catch up");
                        }
                        Thread.sleep(200);
                    }
                }
                // printed before the actor system stops: the node's profile ends the JVM with it
                System.out.println("Views rebuilt from " + total + " journal entries");
            } finally {
                system.terminate();
                system.getWhenTerminated().toCompletableFuture().get();
            }
            return total;
        }
    }

    private static long lastTaggedEvent(Connection c, String tag) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT MAX(\"event_id\") FROM \"event_tag\" WHERE \"tag\" = ?")) {
            q.setString(1, tag);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? r.getLong(1) : 0;
            }
        }
    }

    private static long projected(ViewDatabase views, ProjectionId id) throws SQLException {
        try (Connection c = views.dataSource().getConnection(); PreparedStatement q = c.prepareStatement(
            "SELECT \"current_offset\" FROM \"pekko_projection_offset_store\" WHERE \"projection_name\" = ?"
                + " AND \"projection_key\" = ?")) {
            q.setString(1, id.name());
            q.setString(2, id.key());
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? Long.parseLong(r.getString(1)) : 0;
            }
        }
    }
}
