package org.cairn.webhook;

import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.cairn.webhook.WebhookSubscription.State;

/**
 * The webhook subscriptions in the journal's database ({@code webhook_subscription}, Flyway V6), in portable SQL for
 * H2 and PostgreSQL. Blocking JDBC: call it off the dispatchers. Each subscription's delivery state is written only
 * by its one delivery loop, so the updates need no locking beyond the row's.
 */
public final class WebhookStore {
    static final int MAX_ERROR = 1024;
    private static final int MAX_CREATED_BY = 256;
    private static final String COLUMNS = "id, url, event_types, secret, description, created_by, created_at,"
        + " cursor_seq, state, consecutive_failures, last_error, last_attempt_at, last_success_at, delivered";

    private final DataSource database;

    public WebhookStore(DataSource database) {
        this.database = database;
    }

    /** Stores {@code request} as a new active subscription with a generated id, delivering after {@code cursor}. */
    public WebhookSubscription create(NewWebhook request, long cursor, String createdBy, Instant now)
        throws SQLException {
        WebhookSubscription s = new WebhookSubscription(UUID.randomUUID().toString(), request.url(),
            request.eventTypes(), request.secret(), request.description(), truncate(createdBy, MAX_CREATED_BY),
            Instant.ofEpochMilli(now.toEpochMilli()), cursor, State.ACTIVE, 0, null, null, null, 0);
        try (Connection c = database.getConnection();
             PreparedStatement u = c.prepareStatement("INSERT INTO webhook_subscription (" + COLUMNS
                 + ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            u.setString(1, s.id());
            u.setString(2, s.url().toString());
            u.setString(3, NewWebhook.joinTypes(s.eventTypes()));
            u.setString(4, s.secret());
            u.setString(5, s.description());
            u.setString(6, s.createdBy());
            u.setLong(7, s.createdAt().toEpochMilli());
            u.setLong(8, s.cursor());
            u.setString(9, s.state().name());
            u.setInt(10, 0);
            u.setNull(11, Types.VARCHAR);
            u.setNull(12, Types.BIGINT);
            u.setNull(13, Types.BIGINT);
            u.setLong(14, 0);
            u.executeUpdate();
        }
        return s;
    }

    /** Every subscription, oldest first. */
    public List<WebhookSubscription> list() throws SQLException {
        List<WebhookSubscription> all = new ArrayList<>();
        try (Connection c = database.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT " + COLUMNS
                 + " FROM webhook_subscription ORDER BY created_at, id");
             ResultSet r = q.executeQuery()) {
            while (r.next()) {
                all.add(subscription(r));
            }
        }
        return all;
    }

    public Optional<WebhookSubscription> get(String id) throws SQLException {
        try (Connection c = database.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT " + COLUMNS + " FROM webhook_subscription WHERE id = ?")) {
            q.setString(1, id);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? Optional.of(subscription(r)) : Optional.empty();
            }
        }
    }

    /** Removes the subscription; false if there was none. */
    public boolean delete(String id) throws SQLException {
        return update("DELETE FROM webhook_subscription WHERE id = ?", u -> u.setString(1, id)) == 1;
    }

    /**
     * Event {@code seq} was delivered at {@code at}: the cursor moves to it (never back), the failures start again
     * from 0. The last error stays, for the record.
     */
    public void delivered(String id, long seq, Instant at) throws SQLException {
        delivered(id, seq, 1, at);
    }

    /** {@code count} events were delivered, the last of them {@code seq}, by {@code at}. */
    public void delivered(String id, long seq, int count, Instant at) throws SQLException {
        update("UPDATE webhook_subscription SET cursor_seq = ?, delivered = delivered + ?, consecutive_failures = 0,"
            + " last_attempt_at = ?, last_success_at = ? WHERE id = ? AND cursor_seq < ?", u -> {
                u.setLong(1, seq);
                u.setInt(2, count);
                u.setLong(3, at.toEpochMilli());
                u.setLong(4, at.toEpochMilli());
                u.setString(5, id);
                u.setLong(6, seq);
            });
    }

    /** A delivery failed at {@code at}, the {@code failures}-th in a row, because of {@code error}. */
    public void failed(String id, int failures, String error, Instant at) throws SQLException {
        setFailure(id, State.ACTIVE, failures, error, at);
    }

    /** The {@code failures}-th failure in a row, at {@code at}, stops delivery until {@link #resume}. */
    public void deadLetter(String id, int failures, String error, Instant at) throws SQLException {
        setFailure(id, State.DEAD_LETTER, failures, error, at);
    }

    /** Back to active with no failures counted, at the cursor it had; empty if there is no such subscription. */
    public Optional<WebhookSubscription> resume(String id) throws SQLException {
        int updated = update("UPDATE webhook_subscription SET state = ?, consecutive_failures = 0 WHERE id = ?", u -> {
            u.setString(1, State.ACTIVE.name());
            u.setString(2, id);
        });
        return updated == 1 ? get(id) : Optional.empty();
    }

    private void setFailure(String id, State state, int failures, String error, Instant at) throws SQLException {
        update("UPDATE webhook_subscription SET state = ?, consecutive_failures = ?, last_error = ?,"
            + " last_attempt_at = ? WHERE id = ?", u -> {
                u.setString(1, state.name());
                u.setInt(2, failures);
                u.setString(3, truncate(error, MAX_ERROR));
                u.setLong(4, at.toEpochMilli());
                u.setString(5, id);
            });
    }

    private interface Parameters {
        void set(PreparedStatement statement) throws SQLException;
    }

    private int update(String sql, Parameters parameters) throws SQLException {
        try (Connection c = database.getConnection(); PreparedStatement u = c.prepareStatement(sql)) {
            parameters.set(u);
            return u.executeUpdate();
        }
    }

    private static WebhookSubscription subscription(ResultSet r) throws SQLException {
        return new WebhookSubscription(r.getString(1), URI.create(r.getString(2)),
            NewWebhook.splitTypes(r.getString(3)), r.getString(4), r.getString(5), r.getString(6),
            Instant.ofEpochMilli(r.getLong(7)), r.getLong(8), State.valueOf(r.getString(9)), r.getInt(10),
            r.getString(11), instant(r, 12), instant(r, 13), r.getLong(14));
    }

    private static Instant instant(ResultSet r, int column) throws SQLException {
        long millis = r.getLong(column);
        return r.wasNull() ? null : Instant.ofEpochMilli(millis);
    }

    private static String truncate(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
