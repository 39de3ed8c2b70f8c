package org.cairn.http.auth;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;
import org.cairn.access.Role;

/**
 * What a request may do, and which roles may do it. Routes ask for a permission ({@link Access#require}); roles are
 * only ever turned into permissions here.
 *
 * <table>
 *   <caption>Permissions of each role</caption>
 *   <tr><th>Permission</th><th>admin</th><th>radiologist</th><th>technician</th><th>viewer</th><th>integration</th></tr>
 *   <tr><td>{@link #READ}: query and retrieve patient data</td><td>yes</td><td>yes</td><td>yes</td><td>yes</td><td>yes</td></tr>
 *   <tr><td>{@link #STORE}: STOW-RS, uploads</td><td>yes</td><td>yes</td><td>yes</td><td>-</td><td>yes</td></tr>
 *   <tr><td>{@link #WORKLIST}: create, update, cancel orders; FHIR; procedure steps</td><td>yes</td><td>yes</td><td>yes</td><td>-</td><td>yes</td></tr>
 *   <tr><td>{@link #SEND}: router and forwarding jobs</td><td>yes</td><td>yes</td><td>yes</td><td>-</td><td>yes</td></tr>
 *   <tr><td>{@link #MODIFY}: attribute changes, anonymization</td><td>yes</td><td>yes</td><td>-</td><td>-</td><td>-</td></tr>
 *   <tr><td>{@link #DELETE}: soft delete and restore</td><td>yes</td><td>yes</td><td>-</td><td>-</td><td>-</td></tr>
 *   <tr><td>{@link #ADMIN}: purge, users, audit logs, metrics, every job</td><td>yes</td><td>-</td><td>-</td><td>-</td><td>-</td></tr>
 * </table>
 */
public enum Permission {
    READ,
    STORE,
    WORKLIST,
    SEND,
    MODIFY,
    DELETE,
    ADMIN;

    /** The permissions of one role: the table above as a function. */
    public static Set<Permission> of(Role role) {
        return switch (role) {
            case ADMIN -> EnumSet.allOf(Permission.class);
            case RADIOLOGIST -> EnumSet.of(READ, STORE, WORKLIST, SEND, MODIFY, DELETE);
            case TECHNICIAN, INTEGRATION -> EnumSet.of(READ, STORE, WORKLIST, SEND);
            case VIEWER -> EnumSet.of(READ);
        };
    }

    /** The union of the permissions of {@code roles}; none for no roles. */
    public static Set<Permission> of(Collection<Role> roles) {
        Set<Permission> permissions = EnumSet.noneOf(Permission.class);
        roles.forEach(role -> permissions.addAll(of(role)));
        return permissions;
    }

    /** The lower-case name used in JSON. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
