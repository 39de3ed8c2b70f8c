package org.cairn.http.auth;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cairn.access.Role;

/**
 * Cairn roles from a token's claims. The roles claim is found by a dotted path ({@code roles},
 * {@code realm_access.roles} for Keycloak realm roles, {@code resource_access.cairn.roles} for client roles) and may be
 * a JSON array of names or one string of names separated by spaces or commas. Each name is first looked up in the
 * configured mapping (for providers whose role names differ, e.g. {@code cairn-admin = admin}), then taken as a Cairn
 * role name in any case. Names that are neither (Keycloak's {@code offline_access}...) are ignored.
 */
record RoleClaims(String path, Map<String, Role> mapping) {

    RoleClaims {
        if (path.isBlank()) {
            throw new IllegalArgumentException("the roles claim path is empty");
        }
        mapping = Map.copyOf(mapping);
    }

    Set<Role> roles(Map<String, Object> claims) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : names(claims)) {
            Role mapped = mapping.get(name);
            if (mapped != null) {
                roles.add(mapped);
            } else {
                Role.of(name).ifPresent(roles::add);
            }
        }
        return roles;
    }

    private List<String> names(Map<String, Object> claims) {
        Object value = claims;
        for (String step : path.split("\\.")) {
            if (!(value instanceof Map<?, ?> map)) {
                return List.of();
            }
            value = map.get(step);
        }
        List<String> names = new ArrayList<>();
        if (value instanceof Collection<?> list) {
            list.stream().filter(String.class::isInstance).map(String.class::cast).forEach(names::add);
        } else if (value instanceof String text) {
            for (String name : text.split("[\\s,]+")) {
                if (!name.isEmpty()) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /** The mapping of configured names to roles, refusing a target that is not a Cairn role. */
    static Map<String, Role> mapping(Map<String, String> configured) {
        Map<String, Role> mapping = new HashMap<>();
        configured.forEach((name, target) -> mapping.put(name, Role.of(target).orElseThrow(() ->
            new IllegalArgumentException("role-mapping: " + name + " maps to " + target + ", which is not a Cairn role"
                + " (admin, radiologist, technician, viewer, integration)"))));
        return mapping;
    }
}
