package org.cairn.ingest;

import java.util.Optional;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.Uids;
import org.cairn.dicom.dict.Tag;
import org.cairn.net.dimse.Status;

/**
 * What a received instance must satisfy before Cairn acknowledges it (PS3.4 B.2.3 statuses): its identifying UIDs
 * present and well formed, and its SOP Class and Instance those the C-STORE-RQ announced.
 */
public final class IngestValidation {
    private IngestValidation() {
    }

    /** Why an instance is refused, with the status to answer. */
    public record Failure(int status, String reason) {
    }

    public static Optional<Failure> check(DataSet header, String commandSopClass, String commandSopInstance) {
        for (int tag : new int[] {Tag.StudyInstanceUID, Tag.SeriesInstanceUID, Tag.SOPInstanceUID, Tag.SOPClassUID}) {
            String uid = header.getString(tag);
            if (uid == null) {
                return Optional.of(new Failure(Status.CANNOT_UNDERSTAND, "missing " + org.cairn.dicom.Tags.toString(tag)));
            }
            if (!Uids.isValid(uid)) {
                return Optional.of(new Failure(Status.CANNOT_UNDERSTAND, "invalid UID in "
                    + org.cairn.dicom.Tags.toString(tag) + ": " + uid));
            }
        }
        if (!header.getString(Tag.SOPClassUID).equals(commandSopClass)) {
            return Optional.of(new Failure(Status.DATA_SET_DOES_NOT_MATCH_SOP_CLASS, "SOP Class UID "
                + header.getString(Tag.SOPClassUID) + " in the data set, " + commandSopClass + " in the command"));
        }
        if (!header.getString(Tag.SOPInstanceUID).equals(commandSopInstance)) {
            return Optional.of(new Failure(Status.DATA_SET_DOES_NOT_MATCH_SOP_CLASS, "SOP Instance UID "
                + header.getString(Tag.SOPInstanceUID) + " in the data set, " + commandSopInstance + " in the command"));
        }
        return Optional.empty();
    }
}
