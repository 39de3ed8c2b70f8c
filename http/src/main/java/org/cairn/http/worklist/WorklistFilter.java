package org.cairn.http.worklist;

import java.util.Set;
import org.cairn.worklist.OrderStatus;

/**
 * Which worklist entries to list. A null criterion matches everything.
 *
 * @param statuses       the statuses wanted, or null for any
 * @param modality       Modality, exact, or null
 * @param stationAeTitle Scheduled Station AE Title, exact, or null
 * @param patientId      Patient ID, exact, or null
 * @param startDateFrom  earliest Scheduled Procedure Step Start Date (DA, YYYYMMDD, inclusive), or null
 * @param startDateTo    latest Scheduled Procedure Step Start Date (DA, YYYYMMDD, inclusive), or null
 * @param limit          at most this many entries (1 to {@link #MAX_LIMIT})
 * @param offset         entries skipped first, for paging (0 or more)
 */
public record WorklistFilter(Set<OrderStatus> statuses, String modality, String stationAeTitle, String patientId,
                             String startDateFrom, String startDateTo, int limit, int offset) {

    /** The most entries one request may ask for, so one call cannot make the node read the whole view. */
    public static final int MAX_LIMIT = 1000;

    /** What a request gets when it does not say. */
    public static final int DEFAULT_LIMIT = 100;

    public WorklistFilter {
        statuses = statuses == null ? null : Set.copyOf(statuses);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ": " + limit);
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative: " + offset);
        }
    }

    /** Everything, first page. */
    public static WorklistFilter all() {
        return new WorklistFilter(null, null, null, null, null, null, DEFAULT_LIMIT, 0);
    }
}
