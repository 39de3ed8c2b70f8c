package org.cairn.association;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a verified user's roles allow over DIMSE, added to what the calling AE may do. A pure function of the
 * role names (case does not matter); a role it does not know grants nothing.
 *
 * <ul>
 *   <li>{@code viewer}: echo, query and retrieve (C-GET) — looking, not changing, not sending elsewhere;</li>
 *   <li>{@code technician}, {@code integration}, {@code radiologist}, {@code admin}: every permission. C-MOVE
 *       still goes only to the configured destinations: no role sends instances to a title not listed there.</li>
 * </ul>
 */
public final class RolePermissions {
    private static final Set<DimsePermission> VIEWER = Set.copyOf(EnumSet.of(DimsePermission.ECHO,
        DimsePermission.QUERY, DimsePermission.RETRIEVE));
    private static final Set<DimsePermission> ALL = Set.copyOf(EnumSet.allOf(DimsePermission.class));

    private static final Map<String, Set<DimsePermission>> BY_ROLE = Map.of(
        "viewer", VIEWER,
        "technician", ALL,
        "integration", ALL,
        "radiologist", ALL,
        "admin", ALL);

    private RolePermissions() {
    }

    /** The union of what each role grants. */
    public static Set<DimsePermission> grantedBy(Set<String> roles) {
        EnumSet<DimsePermission> granted = EnumSet.noneOf(DimsePermission.class);
        for (String role : roles) {
            granted.addAll(BY_ROLE.getOrDefault(role.strip().toLowerCase(Locale.ROOT), Set.of()));
        }
        return Set.copyOf(granted);
    }
}
