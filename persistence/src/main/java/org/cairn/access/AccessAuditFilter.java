package org.cairn.access;

import java.time.Instant;

/**
 * Which audit rows to read: each non-null criterion narrows the result. Rows come newest first; {@code before} is the
 * id of the last row of the previous page (keyset paging, stable while rows keep arriving), {@code limit} the page
 * size.
 *
 * @param principal exactly this principal name, or null for anyone
 * @param studyInstanceUid exactly this study, or null for any request
 * @param from requests at or after this instant, or null
 * @param to requests before this instant, or null
 * @param before rows with a smaller id than this, or null for the newest
 * @param limit rows per page, at least 1
 */
public record AccessAuditFilter(String principal, String studyInstanceUid, Instant from, Instant to, Long before,
                                int limit) {

    public AccessAuditFilter {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1");
        }
    }
}
