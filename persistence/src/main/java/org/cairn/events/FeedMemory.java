package org.cairn.events;

import java.time.Instant;

/**
 * What the feed remembers of past events to word new ones: which studies and series it has announced (so
 * "created" comes once, and again after a purge) and when each study last received an instance (to find quiet
 * studies). Calls happen in feed order.
 */
public interface FeedMemory {

    /** True the first time a study is seen (since it was last forgotten); remembers it. */
    boolean firstOfStudy(String studyUid);

    /** True the first time a series of the study is seen; remembers it. */
    boolean firstOfSeries(String studyUid, String seriesUid);

    /** The study received an instance at {@code receivedAt}: it is not stable until the next quiet time. */
    void received(String studyUid, Instant receivedAt);

    /** The study was announced stable (as of its instance received at {@code lastReceivedAt}). */
    void stable(String studyUid, Instant lastReceivedAt);

    /** The study is gone (deleted or purged): nothing to watch; after a purge its UID may start over. */
    void forget(String studyUid, boolean purged);
}
