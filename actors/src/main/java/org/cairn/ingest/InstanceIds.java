package org.cairn.ingest;

/**
 * The UIDs an ingest found for an instance, to report back (a STOW-RS response, an upload's results). Any of them
 * is null when the instance was refused before it could be read (bytes that are not DICOM, a missing attribute).
 */
public record InstanceIds(String sopClassUid, String sopInstanceUid, String studyInstanceUid, String seriesInstanceUid) {

    /** Nothing known: what was received could not be read at all. */
    public static final InstanceIds UNKNOWN = new InstanceIds(null, null, null, null);
}
