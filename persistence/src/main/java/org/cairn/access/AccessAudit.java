package org.cairn.access;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The HTTP access audit table ({@code access_audit}, see {@link AccessSchema}): rows written and pages read. */
public final class AccessAudit {

    /** A stored row: its id (the paging key) and what it records. */
    public record Entry(long id, AccessRecord access) {
    }

    /** A page of rows, newest first; {@code nextBefore} is the {@code before} of the next page, null on the last. */
    public record Page(List<Entry> entries, Long nextBefore) {
    }

    private AccessAudit() {
    }

    /** Prepares the insert that {@link #add} fills, for a batch of rows in one statement. */
    public static PreparedStatement prepareInsert(Connection c) throws SQLException {
        return c.prepareStatement("INSERT INTO access_audit (accessed_at, principal, roles, method, uri, status,"
            + " remote_address, study_uid) VALUES (?,?,?,?,?,?,?,?)");
    }

    /** Adds {@code access} to the batch of {@code insert} (from {@link #prepareInsert}), cutting over-long values. */
    public static void add(PreparedStatement insert, AccessRecord access) throws SQLException {
        insert.setLong(1, access.at().toEpochMilli());
        if (access.principal() == null) {
            insert.setNull(2, Types.VARCHAR);
        } else {
            insert.setString(2, cut(access.principal(), AccessSchema.MAX_PRINCIPAL));
        }
        insert.setString(3, cut(Role.join(access.roles()), 256));
        insert.setString(4, cut(access.method(), 16));
        insert.setString(5, cut(access.uri(), AccessSchema.MAX_URI));
        insert.setInt(6, access.status());
        insert.setString(7, cut(access.remoteAddress(), 128));
        if (access.studyInstanceUid() == null) {
            insert.setNull(8, Types.VARCHAR);
        } else {
            insert.setString(8, cut(access.studyInstanceUid(), 64));
        }
        insert.addBatch();
    }

    /** The page of rows that {@code filter} selects. */
    public static Page read(Connection c, AccessAuditFilter filter) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT id, accessed_at, principal, roles, method, uri, status,"
            + " remote_address, study_uid FROM access_audit WHERE 1 = 1");
        List<Object> parameters = new ArrayList<>();
        if (filter.principal() != null) {
            sql.append(" AND principal = ?");
            parameters.add(filter.principal());
        }
        if (filter.studyInstanceUid() != null) {
            sql.append(" AND study_uid = ?");
            parameters.add(filter.studyInstanceUid());
        }
        if (filter.from() != null) {
            sql.append(" AND accessed_at >= ?");
            parameters.add(filter.from().toEpochMilli());
        }
        if (filter.to() != null) {
            sql.append(" AND accessed_at < ?");
            parameters.add(filter.to().toEpochMilli());
        }
        if (filter.before() != null) {
            sql.append(" AND id < ?");
            parameters.add(filter.before());
        }
        // one row more than asked tells whether there is a next page
        sql.append(" ORDER BY id DESC LIMIT ").append(filter.limit() + 1);
        List<Entry> entries = new ArrayList<>();
        boolean more = false;
        try (PreparedStatement q = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
                q.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet r = q.executeQuery()) {
                while (r.next()) {
                    if (entries.size() == filter.limit()) {
                        more = true;
                        break;
                    }
                    entries.add(new Entry(r.getLong(1), new AccessRecord(Instant.ofEpochMilli(r.getLong(2)),
                        r.getString(3), Role.parse(r.getString(4)), r.getString(5), r.getString(6), r.getInt(7),
                        r.getString(8), r.getString(9))));
                }
            }
        }
        return new Page(entries, more ? entries.get(entries.size() - 1).id() : null);
    }

    private static String cut(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }
}
