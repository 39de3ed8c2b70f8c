package org.cairn.http.stow;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.cairn.dicom.DataElement;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.Uids;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.Tag;
import org.cairn.ingest.IngestOutcome;
import org.cairn.ingest.InstanceIds;

/**
 * The answer to a STOW-RS request (PS3.18 10.5.3 and Annex I), built up one instance outcome at a time: the Store
 * Instances Response Module as a data set, and the HTTP status that goes with it (200 every instance stored, 202
 * some stored and some not, 409 none stored).
 *
 * <p>An instance stored before (the same data set) counts as stored: storing is idempotent, so a client may resend a
 * request that broke off. A failed instance's Referenced SOP Class and Instance UIDs are given when they could be read
 * (from the data set, else from its File Meta Information); for bytes that are not DICOM at all the item has only its
 * Failure Reason.
 */
final class StoreInstancesResponse {
    private final String dicomWebBase;
    private final String requestStudy;
    private final List<DataSet> referenced = new ArrayList<>();
    private final List<DataSet> failed = new ArrayList<>();
    private final List<String> failureReasons = new ArrayList<>();
    private final Set<String> storedStudies = new LinkedHashSet<>();

    /**
     * @param dicomWebBase  the URL of {@code /dicom-web} as the client reached it
     * @param requestStudy  the study the request was addressed to, or null
     */
    StoreInstancesResponse(String dicomWebBase, String requestStudy) {
        this.dicomWebBase = dicomWebBase;
        this.requestStudy = requestStudy;
    }

    void add(IngestOutcome outcome) {
        InstanceIds ids = outcome.ids();
        DataSet item = new DataSet();
        putUid(item, Tag.ReferencedSOPClassUID, ids.sopClassUid());
        putUid(item, Tag.ReferencedSOPInstanceUID, ids.sopInstanceUid());
        if (outcome instanceof IngestOutcome.Refused refused) {
            byte[] reason = {(byte) refused.status(), (byte) (refused.status() >> 8)};
            item.put(DataElement.of(Tag.FailureReason, Vr.US, reason));
            failed.add(item);
            failureReasons.add(refused.reason());
            return;
        }
        item.putString(Tag.RetrieveURL, Vr.UR, studyUrl(ids.studyInstanceUid()) + "/series/"
            + ids.seriesInstanceUid() + "/instances/" + ids.sopInstanceUid());
        referenced.add(item);
        storedStudies.add(ids.studyInstanceUid());
    }

    private static void putUid(DataSet item, int tag, String uid) {
        if (uid != null && Uids.isValid(uid)) {
            item.putString(tag, Vr.UI, uid);
        }
    }

    private String studyUrl(String studyUid) {
        return dicomWebBase + "/studies/" + studyUid;
    }

    boolean isEmpty() {
        return referenced.isEmpty() && failed.isEmpty();
    }

    int storedCount() {
        return referenced.size();
    }

    /** What was wrong with each failed instance, in the order of {@link Tag#FailedSOPSequence}'s items. */
    List<String> failureReasons() {
        return List.copyOf(failureReasons);
    }

    /** 200 (all stored), 202 (some failed), 409 (none stored). */
    int httpStatus() {
        if (failed.isEmpty()) {
            return 200;
        }
        return referenced.isEmpty() ? 409 : 202;
    }

    /**
     * The Store Instances Response Module. Its Retrieve URL (Type 2) is the study's: the one addressed, else the one
     * every stored instance belongs to; empty when there is no such single study.
     */
    DataSet dataSet() {
        DataSet response = new DataSet();
        String study = requestStudy != null ? requestStudy
            : storedStudies.size() == 1 ? storedStudies.iterator().next() : null;
        response.putString(Tag.RetrieveURL, Vr.UR, study == null ? "" : studyUrl(study));
        if (!failed.isEmpty()) {
            response.put(sequence(Tag.FailedSOPSequence, failed));
        }
        if (!referenced.isEmpty()) {
            response.put(sequence(Tag.ReferencedSOPSequence, referenced));
        }
        return response;
    }

    private static DataElement sequence(int tag, List<DataSet> items) {
        DataElement sequence = DataElement.sequence(tag, Vr.SQ, false, true);
        sequence.items().addAll(items);
        return sequence;
    }
}
