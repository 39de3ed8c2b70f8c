package org.cairn.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * One event in its public form, before the feed gives it a place: a stable id (the journal event it came from and
 * its index among the public events made of it), its public type, the study it concerns (or null), when it
 * happened and its data. See {@code docs/events.md}.
 */
public record PublicEvent(String id, String type, String studyUid, Instant time, ObjectNode data) {
}
