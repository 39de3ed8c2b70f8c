package org.cairn.access;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a person or integration is to the archive. The permissions each role carries are decided by the HTTP layer
 * ({@code org.cairn.http.auth.Permission}); here a role is only a name that is stored with a user and read from a
 * token's roles claim.
 */
public enum Role {
    ADMIN,
    RADIOLOGIST,
    TECHNICIAN,
    VIEWER,
    INTEGRATION;

    /** The lower-case name used in the database, in JSON and in tokens. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role named {@code id}, in any case; empty for a name Cairn does not know. */
    public static Optional<Role> of(String id) {
        String upper = id.trim().toUpperCase(Locale.ROOT);
        return Arrays.stream(values()).filter(r -> r.name().equals(upper)).findFirst();
    }

    /** The roles as stored: their ids, comma-separated, in declaration order. */
    public static String join(Collection<Role> roles) {
        return roles.stream().distinct().sorted().map(Role::id).collect(Collectors.joining(","));
    }

    /** The roles of a stored list; names no longer known are left out. */
    public static Set<Role> parse(String joined) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (joined != null) {
            for (String id : joined.split(",")) {
                of(id).ifPresent(roles::add);
            }
        }
        return roles;
    }
}
