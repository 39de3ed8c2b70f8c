package org.cairn.events;

import java.time.Instant;
import java.util.Set;

/**
 * Which feed events a reader wants: some types (empty: all) within a time window (either end may be null).
 * Filtering never changes the cursor: a reader skips what it does not want and resumes after the last seq it saw.
 */
public record FeedFilter(Set<String> types, Instant from, Instant to) {

    public static final FeedFilter ALL = new FeedFilter(Set.of(), null, null);

    public FeedFilter {
        types = Set.copyOf(types);
    }

    public static FeedFilter types(Set<String> types) {
        return new FeedFilter(types, null, null);
    }

    public boolean matches(FeedEvent event) {
        return (types.isEmpty() || types.contains(event.type()))
            && (from == null || !event.time().isBefore(from))
            && (to == null || event.time().isBefore(to));
    }
}
