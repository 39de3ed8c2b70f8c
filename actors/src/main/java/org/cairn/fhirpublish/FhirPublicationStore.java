package org.cairn.fhirpublish;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.cairn.fhirpublish.Publication.State;

/**
 * The publications ({@code fhir_publication}) and the feed cursors of built-in subscribers ({@code feed_consumer}),
 * Flyway V6, in portable SQL for H2 and PostgreSQL: an upsert is an UPDATE, then an INSERT when no row was there, in
 * one transaction. Blocking JDBC: call it off the dispatchers.
 *
 * <p>An attempt's outcome is written only if the row still describes the stable event that was attempted
 * ({@code stable_seq}), so a study that became stable again meanwhile stays pending for its new images.
 */
public final class FhirPublicationStore {
    static final int MAX_ERROR = 2048;
    private static final int MAX_REFERENCE = 256;
    private static final String COLUMNS = "study_uid, state, attempts, last_error, service_request, resource_id,"
        + " stable_seq, updated_at, next_attempt_at";

    private final DataSource database;

    public FhirPublicationStore(DataSource database) {
        this.database = database;
    }

    /** The seq after which {@code consumer} reads the change feed: 0 for a consumer that never recorded one. */
    public long cursor(String consumer) throws SQLException {
        try (Connection c = database.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT cursor_seq FROM feed_consumer WHERE name = ?")) {
            q.setString(1, consumer);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? r.getLong(1) : 0;
            }
        }
    }

    /**
     * Records that {@code studyUid} became stable at feed position {@code seq} and moves {@code consumer}'s cursor
     * to {@code seq}, in one transaction: the study is pending from {@code now} on, its attempts start again, and
     * what the server already holds (ServiceRequest, resource id) is kept. An event at or before the one recorded
     * (read again after a restart) changes nothing.
     */
    public Publication recordStable(String consumer, String studyUid, long seq, Instant now) throws SQLException {
        try (Connection c = database.getConnection()) {
            c.setAutoCommit(false);
            try {
                long millis = now.toEpochMilli();
                int updated;
                try (PreparedStatement u = c.prepareStatement("UPDATE fhir_publication SET state = ?, attempts = 0,"
                    + " last_error = NULL, stable_seq = ?, updated_at = ?, next_attempt_at = ?"
                    + " WHERE study_uid = ? AND stable_seq < ?")) {
                    u.setString(1, State.PENDING.id());
                    u.setLong(2, seq);
                    u.setLong(3, millis);
                    u.setLong(4, millis);
                    u.setString(5, studyUid);
                    u.setLong(6, seq);
                    updated = u.executeUpdate();
                }
                if (updated == 0 && find(c, studyUid).isEmpty()) {
                    try (PreparedStatement i = c.prepareStatement("INSERT INTO fhir_publication (" + COLUMNS
                        + ") VALUES (?,?,0,NULL,NULL,NULL,?,?,?)")) {
                        i.setString(1, studyUid);
                        i.setString(2, State.PENDING.id());
                        i.setLong(3, seq);
                        i.setLong(4, millis);
                        i.setLong(5, millis);
                        i.executeUpdate();
                    }
                }
                saveCursor(c, consumer, seq);
                Publication recorded = find(c, studyUid).orElseThrow();
                c.commit();
                return recorded;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    public Optional<Publication> get(String studyUid) throws SQLException {
        try (Connection c = database.getConnection()) {
            return find(c, studyUid);
        }
    }

    /** Up to {@code limit} publications in {@code state} (any state if null), the most recently changed first. */
    public List<Publication> list(State state, int limit) throws SQLException {
        try (Connection c = database.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT " + COLUMNS + " FROM fhir_publication"
                 + (state == null ? "" : " WHERE state = ?") + " ORDER BY updated_at DESC, study_uid")) {
            if (state != null) {
                q.setString(1, state.id());
            }
            q.setMaxRows(limit);
            return publications(q, limit);
        }
    }

    /** Up to {@code limit} pending or retrying publications due at {@code now}, the longest waiting first. */
    public List<Publication> due(Instant now, int limit) throws SQLException {
        try (Connection c = database.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT " + COLUMNS + " FROM fhir_publication"
                 + " WHERE state IN (?, ?) AND next_attempt_at <= ? ORDER BY next_attempt_at, study_uid")) {
            q.setString(1, State.PENDING.id());
            q.setString(2, State.RETRYING.id());
            q.setLong(3, now.toEpochMilli());
            q.setMaxRows(limit);
            return publications(q, limit);
        }
    }

    /**
     * The attempt for stable event {@code stableSeq} succeeded. The server's ids are kept whatever happened since
     * (a later publication then updates the same resource); the state changes only if no newer stable event came.
     */
    public void published(String studyUid, long stableSeq, int attempts, String serviceRequest, String resourceId,
                          Instant now) throws SQLException {
        try (Connection c = database.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement u = c.prepareStatement("UPDATE fhir_publication SET service_request = ?,"
                    + " resource_id = COALESCE(?, resource_id) WHERE study_uid = ?")) {
                    u.setString(1, truncate(serviceRequest, MAX_REFERENCE));
                    u.setString(2, truncate(resourceId, MAX_REFERENCE));
                    u.setString(3, studyUid);
                    u.executeUpdate();
                }
                try (PreparedStatement u = c.prepareStatement("UPDATE fhir_publication SET state = ?, attempts = ?,"
                    + " last_error = NULL, updated_at = ?, next_attempt_at = NULL WHERE study_uid = ? AND stable_seq = ?")) {
                    u.setString(1, State.PUBLISHED.id());
                    u.setInt(2, attempts);
                    u.setLong(3, now.toEpochMilli());
                    u.setString(4, studyUid);
                    u.setLong(5, stableSeq);
                    u.executeUpdate();
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * The attempt for stable event {@code stableSeq} failed: retrying at {@code nextAttemptAt}, or abandoned when
     * that is null. Nothing changes if a newer stable event came meanwhile.
     */
    public void failed(String studyUid, long stableSeq, int attempts, String error, Instant nextAttemptAt, Instant now)
        throws SQLException {
        try (Connection c = database.getConnection();
             PreparedStatement u = c.prepareStatement("UPDATE fhir_publication SET state = ?, attempts = ?,"
                 + " last_error = ?, updated_at = ?, next_attempt_at = ? WHERE study_uid = ? AND stable_seq = ?")) {
            u.setString(1, (nextAttemptAt == null ? State.ABANDONED : State.RETRYING).id());
            u.setInt(2, attempts);
            u.setString(3, truncate(error, MAX_ERROR));
            u.setLong(4, now.toEpochMilli());
            if (nextAttemptAt == null) {
                u.setNull(5, Types.BIGINT);
            } else {
                u.setLong(5, nextAttemptAt.toEpochMilli());
            }
            u.setString(6, studyUid);
            u.setLong(7, stableSeq);
            u.executeUpdate();
        }
    }

    /**
     * Makes a publication pending again with no attempts counted, whatever its state (a published study is then
     * sent again); empty when the study was never recorded.
     */
    public Optional<Publication> markForRetry(String studyUid, Instant now) throws SQLException {
        try (Connection c = database.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement u = c.prepareStatement("UPDATE fhir_publication SET state = ?, attempts = 0,"
                    + " last_error = NULL, updated_at = ?, next_attempt_at = ? WHERE study_uid = ?")) {
                    u.setString(1, State.PENDING.id());
                    u.setLong(2, now.toEpochMilli());
                    u.setLong(3, now.toEpochMilli());
                    u.setString(4, studyUid);
                    u.executeUpdate();
                }
                Optional<Publication> marked = find(c, studyUid);
                c.commit();
                return marked;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static void saveCursor(Connection c, String consumer, long seq) throws SQLException {
        try (PreparedStatement u = c.prepareStatement("UPDATE feed_consumer SET cursor_seq = ? WHERE name = ?")) {
            u.setLong(1, seq);
            u.setString(2, consumer);
            if (u.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement i = c.prepareStatement("INSERT INTO feed_consumer (name, cursor_seq) VALUES (?, ?)")) {
            i.setString(1, consumer);
            i.setLong(2, seq);
            i.executeUpdate();
        }
    }

    private static Optional<Publication> find(Connection c, String studyUid) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT " + COLUMNS + " FROM fhir_publication WHERE study_uid = ?")) {
            q.setString(1, studyUid);
            List<Publication> found = publications(q, 1);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
        }
    }

    private static List<Publication> publications(PreparedStatement q, int limit) throws SQLException {
        List<Publication> all = new ArrayList<>();
        try (ResultSet r = q.executeQuery()) {
            while (r.next() && all.size() < limit) {
                long next = r.getLong(9);
                Instant nextAttemptAt = r.wasNull() ? null : Instant.ofEpochMilli(next);
                all.add(new Publication(r.getString(1), State.of(r.getString(2)).orElseThrow(() ->
                    new SQLException("unknown publication state in fhir_publication")), r.getInt(3), r.getString(4),
                    r.getString(5), r.getString(6), r.getLong(7), Instant.ofEpochMilli(r.getLong(8)), nextAttemptAt));
            }
        }
        return all;
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
