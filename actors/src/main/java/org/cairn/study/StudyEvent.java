package org.cairn.study;

import java.time.Instant;
import org.cairn.journal.JournalSerializable;

/**
 * What happens to a study, in the journal. Events carry what the query views need, so projections never read
 * entity state; they never leave the service as they are (the edge maps them to DICOM JSON or the feed).
 */
public sealed interface StudyEvent extends JournalSerializable {

    String studyUid();

    /** An instance was stored: its identity, where its bytes are, and its non-bulk attributes as DICOM JSON. */
    record InstanceStored(String studyUid, StoredInstance instance) implements StudyEvent {
    }

    /** An instance was stored again with different content, and the duplicate policy replaced the old one. */
    record InstanceReplaced(String studyUid, StoredInstance instance, String replacedDigest) implements StudyEvent {
    }

    /**
     * One stored instance.
     *
     * @param digest         SHA-256 of the stored file (Cairn's File Meta and the data set): the blob's name
     * @param dataSetDigest  SHA-256 of the data set bytes as received: what makes two stores of an instance the same
     * @param attributesJson the instance's attributes before Pixel Data, as DICOM JSON (PS3.18 F.2)
     */
    record StoredInstance(String seriesUid, String sopInstanceUid, String sopClassUid, String transferSyntaxUid,
                          String digest, String dataSetDigest, long size, String sourceAeTitle, Instant receivedAt,
                          String attributesJson) {
    }

    /**
     * The study's images belong to an order: a stored instance carried the order's Accession Number, or the Study
     * Instance UID the worklist handed out for it.
     */
    record LinkedToOrder(String studyUid, String accessionNumber, Instant at) implements StudyEvent {
    }

    /** Patient or study attributes were corrected; every file served from then on carries the new values. */
    record AttributesChanged(String studyUid, java.util.List<AttributeChange> changes, String by, String reason,
                             Instant at) implements StudyEvent {
    }

    /** One attribute's correction, by DICOM keyword; an absent attribute's before value is null. */
    record AttributeChange(String keyword, String before, String after) {
    }

    /** The study was deleted, softly: hidden from queries and retrieval, restorable until it is purged. */
    record StudyDeleted(String studyUid, String by, String reason, Instant at) implements StudyEvent {
    }

    /** A deleted study was brought back as it was. */
    record StudyRestored(String studyUid, String by, Instant at) implements StudyEvent {
    }

    /**
     * A deleted study was removed for good: its blobs (listed by digest) are deleted after this event, and the
     * Study Instance UID may be stored again as a new study.
     */
    record StudyPurged(String studyUid, String by, Instant at, java.util.List<String> digests) implements StudyEvent {
    }

    /**
     * No instance arrived for the configured quiet time since the last one ({@code lastReceivedAt}): downstream
     * systems may take the study as complete. A later instance makes it unstable again, until the next quiet time.
     */
    record StudyStable(String studyUid, int seriesCount, int instanceCount, Instant lastReceivedAt, Instant at)
        implements StudyEvent {
    }

    /** The instance an event stores (stored or replacing), or null for an event that stores none. */
    default StoredInstance stored() {
        if (this instanceof InstanceStored s) {
            return s.instance();
        }
        if (this instanceof InstanceReplaced r) {
            return r.instance();
        }
        return null;
    }

}
