package org.cairn.views;

import java.time.Instant;

/**
 * What the views record of a stored instance: where it is and its attributes (DICOM JSON, values up to 64 KiB,
 * no pixel data). The projection maps the Study events to it, so the views know nothing of the journal.
 */
public record IndexedInstance(String studyUid, String seriesUid, String sopInstanceUid, String sopClassUid,
                              String transferSyntaxUid, String digest, long size, String sourceAeTitle,
                              Instant receivedAt, String attributesJson) {
}
