package org.cairn.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.cairn.http.auth.Permission.ADMIN;
import static org.cairn.http.auth.Permission.DELETE;
import static org.cairn.http.auth.Permission.MODIFY;
import static org.cairn.http.auth.Permission.READ;
import static org.cairn.http.auth.Permission.SEND;
import static org.cairn.http.auth.Permission.STORE;
import static org.cairn.http.auth.Permission.WORKLIST;

import java.util.List;
import java.util.Set;
import org.cairn.access.Role;
import org.junit.jupiter.api.Test;

/** The role matrix, row by row as the javadoc table of Permission states it. */
class PermissionTest {

    @Test
    void eachRoleHasExactlyItsRow() {
        assertThat(Permission.of(Role.ADMIN)).containsExactlyInAnyOrder(Permission.values());
        assertThat(Permission.of(Role.RADIOLOGIST)).containsExactlyInAnyOrder(READ, STORE, WORKLIST, SEND, MODIFY, DELETE);
        assertThat(Permission.of(Role.TECHNICIAN)).containsExactlyInAnyOrder(READ, STORE, WORKLIST, SEND);
        assertThat(Permission.of(Role.INTEGRATION)).containsExactlyInAnyOrder(READ, STORE, WORKLIST, SEND);
        assertThat(Permission.of(Role.VIEWER)).containsExactly(READ);
    }

    @Test
    void everyRoleMayReadAndOnlyAdminsAdminister() {
        for (Role role : Role.values()) {
            assertThat(Permission.of(role)).as(role.id()).contains(READ);
            assertThat(Permission.of(role).contains(ADMIN)).as(role.id()).isEqualTo(role == Role.ADMIN);
        }
    }

    @Test
    void severalRolesUniteTheirPermissionsAndNoRoleGivesNone() {
        assertThat(Permission.of(List.of(Role.VIEWER, Role.TECHNICIAN))).containsExactlyInAnyOrder(READ, STORE, WORKLIST, SEND);
        assertThat(Permission.of(Set.of())).isEmpty();
        Principal viewer = new Principal("v", Set.of(Role.VIEWER), Principal.Scheme.BASIC);
        assertThat(viewer.may(READ)).isTrue();
        assertThat(viewer.may(STORE)).isFalse();
    }
}
