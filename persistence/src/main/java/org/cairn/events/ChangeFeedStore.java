package org.cairn.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The change feed's table. Writers take consecutive sequence numbers from {@code change_feed_head} in the
 * transaction that inserts the events: the row stays locked until that transaction ends, so a writer numbering
 * after another commits after it, and readers only ever see a gap-free prefix. A cursor never skips an event that
 * commits later, however many writers (projection instances, nodes) there are.
 */
public final class ChangeFeedStore {
    private static final String COLUMNS = "seq, type, study_uid, occurred_at, body";

    private ChangeFeedStore() {
    }

    /** The last sequence number in the feed (0 when empty). */
    public static long latest(Connection c) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT MAX(seq) FROM change_feed");
             ResultSet r = q.executeQuery()) {
            return r.next() ? r.getLong(1) : 0;
        }
    }

    /**
     * Up to {@code limit} events with {@code after < seq <= upTo} that pass {@code filter}, in feed order. Reading
     * up to a latest taken first lets a reader of a filtered page skip to {@code upTo} without missing anything.
     */
    public static List<FeedEvent> page(Connection c, long after, long upTo, int limit, FeedFilter filter)
        throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM change_feed WHERE seq > ? AND seq <= ?");
        List<Object> parameters = new ArrayList<>(List.of(after, upTo));
        if (!filter.types().isEmpty()) {
            sql.append(" AND type IN (").append("?,".repeat(filter.types().size() - 1)).append("?)");
            parameters.addAll(filter.types().stream().sorted().toList());
        }
        if (filter.from() != null) {
            sql.append(" AND occurred_at >= ?");
            parameters.add(filter.from().toEpochMilli());
        }
        if (filter.to() != null) {
            sql.append(" AND occurred_at < ?");
            parameters.add(filter.to().toEpochMilli());
        }
        sql.append(" ORDER BY seq LIMIT ?");
        parameters.add(limit); // in the SQL: a driver may fetch every row before applying setMaxRows
        List<FeedEvent> events = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
                q.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    events.add(new FeedEvent(r.getLong(1), r.getString(2), r.getString(3),
                        Instant.ofEpochMilli(r.getLong(4)), r.getString(5)));
                }
            }
        }
        return events;
    }

    /**
     * Reserves {@code count} sequence numbers in the caller's transaction and returns the first; the head stays
     * locked until the transaction ends. Call it last before {@link #append}, to hold the lock briefly.
     */
    public static long reserve(Connection c, int count) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE change_feed_head SET seq = seq + ? WHERE id = 1")) {
            update.setInt(1, count);
            if (update.executeUpdate() != 1) {
                throw new SQLException("change_feed_head has no row: the schema is not at V6");
            }
        }
        try (PreparedStatement q = c.prepareStatement("SELECT seq FROM change_feed_head WHERE id = 1");
             ResultSet r = q.executeQuery()) {
            r.next();
            return r.getLong(1) - count + 1;
        }
    }

    /** Appends events (their {@code seq} from {@link #reserve}) in the caller's transaction. */
    public static void append(Connection c, List<FeedEvent> events, List<String> eventIds) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement(
            "INSERT INTO change_feed (seq, event_id, type, study_uid, occurred_at, body) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < events.size(); i++) {
                FeedEvent e = events.get(i);
                insert.setLong(1, e.seq());
                insert.setString(2, eventIds.get(i));
                insert.setString(3, e.type());
                insert.setString(4, e.studyUid());
                insert.setLong(5, e.time().toEpochMilli());
                insert.setString(6, e.json());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
