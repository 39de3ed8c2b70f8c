package org.cairn.events;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@link FeedMemory} in {@code change_feed_series} and {@code change_feed_study}, written in the feed projection's
 * transaction so memory and feed never disagree. One instance serves one group of events.
 */
public final class JdbcFeedMemory implements FeedMemory {
    private final Connection c;
    private final Set<String> knownStudies = new HashSet<>();
    private final Set<String> knownSeries = new HashSet<>();

    public JdbcFeedMemory(Connection c) {
        this.c = c;
    }

    @Override
    public boolean firstOfStudy(String studyUid) {
        if (knownStudies.contains(studyUid)) {
            return false;
        }
        knownStudies.add(studyUid);
        return !exists("SELECT 1 FROM change_feed_series WHERE study_uid = ?", studyUid);
    }

    @Override
    public boolean firstOfSeries(String studyUid, String seriesUid) {
        if (!knownSeries.add(studyUid + "\u0000" + seriesUid)) {
            return false;
        }
        if (exists("SELECT 1 FROM change_feed_series WHERE study_uid = ? AND series_uid = ?", studyUid, seriesUid)) {
            return false;
        }
        update("INSERT INTO change_feed_series (study_uid, series_uid) VALUES (?, ?)", studyUid, seriesUid);
        return true;
    }

    @Override
    public void received(String studyUid, Instant receivedAt) {
        long at = receivedAt.toEpochMilli();
        if (update("UPDATE change_feed_study SET last_received_at = CASE WHEN last_received_at > ? THEN"
            + " last_received_at ELSE ? END, stable = FALSE WHERE study_uid = ?", at, at, studyUid) == 0) {
            update("INSERT INTO change_feed_study (study_uid, last_received_at, stable) VALUES (?, ?, FALSE)",
                studyUid, at);
        }
    }

    @Override
    public void stable(String studyUid, Instant lastReceivedAt) {
        update("UPDATE change_feed_study SET stable = TRUE WHERE study_uid = ? AND last_received_at <= ?",
            studyUid, lastReceivedAt.toEpochMilli());
    }

    @Override
    public void forget(String studyUid, boolean purged) {
        update("DELETE FROM change_feed_study WHERE study_uid = ?", studyUid);
        if (purged) {
            update("DELETE FROM change_feed_series WHERE study_uid = ?", studyUid);
            knownStudies.remove(studyUid);
            knownSeries.removeIf(key -> key.startsWith(studyUid + "\u0000"));
        }
    }

    /** Studies not announced stable whose last instance arrived before {@code quietSince}, oldest first. */
    public static List<String> quietStudies(Connection c, Instant quietSince, int limit) throws SQLException {
        List<String> studies = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT study_uid FROM change_feed_study WHERE stable = FALSE"
            + " AND last_received_at < ? ORDER BY last_received_at LIMIT ?")) {
            q.setLong(1, quietSince.toEpochMilli());
            q.setInt(2, limit);
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    studies.add(r.getString(1));
                }
            }
        }
        return studies;
    }

    private boolean exists(String sql, Object... parameters) {
        try (PreparedStatement q = prepare(sql, parameters); ResultSet r = q.executeQuery()) {
            return r.next();
        } catch (SQLException e) {
            throw new IllegalStateException("change feed memory: " + e.getMessage(), e);
        }
    }

    private int update(String sql, Object... parameters) {
        try (PreparedStatement q = prepare(sql, parameters)) {
            return q.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("change feed memory: " + e.getMessage(), e);
        }
    }

    private PreparedStatement prepare(String sql, Object... parameters) throws SQLException {
        PreparedStatement q = c.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            q.setObject(i + 1, parameters[i]);
        }
        return q;
    }
}
