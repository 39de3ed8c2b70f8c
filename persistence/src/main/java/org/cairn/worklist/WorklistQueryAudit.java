package org.cairn.worklist;

import java.time.Instant;

/**
 * One Modality Worklist query, as audited: who asked, with which matching keys (DICOM JSON of the identifier), how
 * many items were answered, how long it took and the final status (hex, e.g. "0000", "FE00", "C000").
 */
public record WorklistQueryAudit(Instant at, String callingAeTitle, String keysJson, int matches, double durationMs,
                                 String status) {
}
