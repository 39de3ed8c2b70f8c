package org.cairn.access;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A person or integration that signs in with a name and password (HTTP Basic). The password is only ever held as its
 * {@link PasswordHasher} encoding, and {@link #toString()} leaves even that out so that a log line cannot leak it.
 */
public record User(String name, String passwordHash, Set<Role> roles, Instant createdAt, Instant updatedAt) {
    /** Letters, digits and {@code . _ @ -}, 1 to 64 of them: no colon, which HTTP Basic uses as its separator. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    public User {
        if (!isValidName(name)) {
            throw new IllegalArgumentException("a user name is 1 to 64 letters, digits, '.', '_', '@' or '-'");
        }
        Objects.requireNonNull(passwordHash, "passwordHash");
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** This user with another password (already hashed) and/or roles, changed at {@code at}. */
    public User with(String newPasswordHash, Set<Role> newRoles, Instant at) {
        return new User(name, newPasswordHash, newRoles, createdAt, at);
    }

    @Override
    public String toString() {
        return "User[name=" + name + ", roles=" + Role.join(roles) + ", createdAt=" + createdAt + ", updatedAt="
            + updatedAt + "]";
    }
}
