package org.cairn.http.auth;

import java.util.Objects;
import java.util.Set;
import org.cairn.access.Role;

/**
 * Who made a request, once authenticated: a user name (HTTP Basic) or a token's subject (bearer), the Cairn roles
 * they hold, and which of the two proved it.
 */
public record Principal(String name, Set<Role> roles, Scheme scheme) {

    /** How the principal was authenticated. */
    public enum Scheme { BASIC, BEARER }

    public Principal {
        Objects.requireNonNull(name, "name");
        roles = Set.copyOf(roles);
        Objects.requireNonNull(scheme, "scheme");
    }

    public Set<Permission> permissions() {
        return Permission.of(roles);
    }

    public boolean may(Permission permission) {
        return permissions().contains(permission);
    }
}
