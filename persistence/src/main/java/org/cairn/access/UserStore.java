package org.cairn.access;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The users in the journal's database ({@code access_user}, see {@link AccessSchema}). Blocking JDBC. */
public final class UserStore {
    /** SQLSTATE of a unique or primary key violation, on H2 and PostgreSQL alike. */
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String COLUMNS = "name, password_hash, roles, created_at, updated_at";

    private final DataSource database;

    public UserStore(DataSource database) {
        this.database = database;
    }

    public Optional<User> find(String name) throws SQLException {
        try (Connection c = database.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT " + COLUMNS + " FROM access_user WHERE name = ?")) {
            q.setString(1, name);
            try (ResultSet r = q.executeQuery()) {
                return r.next() ? Optional.of(user(r)) : Optional.empty();
            }
        }
    }

    /** Every user, by name. */
    public List<User> list() throws SQLException {
        List<User> users = new ArrayList<>();
        try (Connection c = database.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT " + COLUMNS + " FROM access_user ORDER BY name");
             ResultSet r = q.executeQuery()) {
            while (r.next()) {
                users.add(user(r));
            }
        }
        return users;
    }

    /** Adds {@code user}; false (and nothing written) if the name is taken. */
    public boolean create(User user) throws SQLException {
        try (Connection c = database.getConnection();
             PreparedStatement u = c.prepareStatement("INSERT INTO access_user (" + COLUMNS + ") VALUES (?,?,?,?,?)")) {
            u.setString(1, user.name());
            u.setString(2, user.passwordHash());
            u.setString(3, Role.join(user.roles()));
            u.setString(4, user.createdAt().toString());
            u.setString(5, user.updatedAt().toString());
            u.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false;
            }
            throw e;
        }
    }

    /** Stores the password hash, roles and update time of {@code user}; false if there is no such user. */
    public boolean update(User user) throws SQLException {
        try (Connection c = database.getConnection();
             PreparedStatement u = c.prepareStatement(
                 "UPDATE access_user SET password_hash = ?, roles = ?, updated_at = ? WHERE name = ?")) {
            u.setString(1, user.passwordHash());
            u.setString(2, Role.join(user.roles()));
            u.setString(3, user.updatedAt().toString());
            u.setString(4, user.name());
            return u.executeUpdate() == 1;
        }
    }

    /** Removes the user; false if there was none. */
    public boolean delete(String name) throws SQLException {
        try (Connection c = database.getConnection();
             PreparedStatement u = c.prepareStatement("DELETE FROM access_user WHERE name = ?")) {
            u.setString(1, name);
            return u.executeUpdate() == 1;
        }
    }

    private static User user(ResultSet r) throws SQLException {
        return new User(r.getString(1), r.getString(2), Role.parse(r.getString(3)), Instant.parse(r.getString(4)),
            Instant.parse(r.getString(5)));
    }
}
