package org.cairn.events;

import java.time.Instant;

/**
 * One event of the public change feed, as stored: its gap-free place in the feed ({@code seq}, the cursor), its
 * public type (see {@code docs/events.md}), the study it concerns (null for a worklist entry without one), when it
 * happened, and the whole event as JSON (a CloudEvents 1.0 structured envelope holding {@code seq}).
 */
public record FeedEvent(long seq, String type, String studyUid, Instant time, String json) {
}
