package org.cairn.access;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One HTTP request as the access audit keeps it: when it arrived, who made it ({@code principal} null when the
 * request was not authenticated) with which roles, what it asked for, how it was answered, from where, and the Study
 * Instance UID its path or query named, if any (null otherwise).
 */
public record AccessRecord(Instant at, String principal, Set<Role> roles, String method, String uri, int status,
                           String remoteAddress, String studyInstanceUid) {

    public AccessRecord {
        Objects.requireNonNull(at, "at");
        roles = Set.copyOf(roles);
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(remoteAddress, "remoteAddress");
    }
}
