package org.cairn.ingest;

import java.util.Optional;
import java.util.Set;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.Tags;
import org.cairn.dicom.Uids;
import org.cairn.dicom.dict.Tag;
import org.cairn.net.dimse.Status;

/**
 * What a received instance must satisfy before Cairn acknowledges it (PS3.4 B.2.3 statuses): its identifying UIDs
 * present and well formed, and its SOP Class and Instance those announced for it (by the C-STORE-RQ, or by a Part 10
 * file's File Meta Information); for a file, a File Meta Information that says how to read it; for a STOW-RS request
 * to one study, that study.
 */
public final class IngestValidation {
    /**
     * An instance whose Study Instance UID is not the study a STOW-RS request was addressed to. PS3.18 10.5.3 names
     * the case ("Study Instance UID mismatch", answered 409 when nothing was stored) without a code of its own; this
     * one is in the "cannot understand" range (Cxxx) that PS3.18 I.2.2 leaves to implementations, and is the value
     * other archives (dcm4chee) use.
     */
    public static final int STUDY_INSTANCE_UID_MISMATCH = 0xC409;

    private IngestValidation() {
    }

    /** Why an instance is refused, with the status to answer. */
    public record Failure(int status, String reason) {
    }

    /** The data set against what a C-STORE-RQ announced. */
    public static Optional<Failure> check(DataSet header, String commandSopClass, String commandSopInstance) {
        return check(header, commandSopClass, commandSopInstance, "the command");
    }

    /**
     * The data set against the SOP Class and Instance announced for it by {@code announcer} ("the command", "the File
     * Meta Information").
     */
    public static Optional<Failure> check(DataSet header, String sopClass, String sopInstance, String announcer) {
        for (int tag : new int[] {Tag.StudyInstanceUID, Tag.SeriesInstanceUID, Tag.SOPInstanceUID, Tag.SOPClassUID}) {
            String uid = header.getString(tag);
            if (uid == null) {
                return Optional.of(new Failure(Status.CANNOT_UNDERSTAND, "missing " + Tags.toString(tag)));
            }
            if (!Uids.isValid(uid)) {
                return Optional.of(new Failure(Status.CANNOT_UNDERSTAND, "invalid UID in " + Tags.toString(tag) + ": "
                    + uid));
            }
        }
        if (!header.getString(Tag.SOPClassUID).equals(sopClass)) {
            return Optional.of(new Failure(Status.DATA_SET_DOES_NOT_MATCH_SOP_CLASS, "SOP Class UID "
                + header.getString(Tag.SOPClassUID) + " in the data set, " + sopClass + " in " + announcer));
        }
        if (!header.getString(Tag.SOPInstanceUID).equals(sopInstance)) {
            return Optional.of(new Failure(Status.DATA_SET_DOES_NOT_MATCH_SOP_CLASS, "SOP Instance UID "
                + header.getString(Tag.SOPInstanceUID) + " in the data set, " + sopInstance + " in " + announcer));
        }
        return Optional.empty();
    }

    /**
     * A Part 10 file's File Meta Information (PS3.10 7.1): it must name the transfer syntax (Cairn stores the data set
     * as received and never guesses its encoding) and the SOP Class and Instance, which the stored file's own File
     * Meta repeats before the data set is read; the SOP Class must be one this node stores.
     */
    public static Optional<Failure> checkFileMeta(DataSet meta, Set<String> storedSopClasses) {
        for (int tag : new int[] {Tag.TransferSyntaxUID, Tag.MediaStorageSOPClassUID, Tag.MediaStorageSOPInstanceUID}) {
            String uid = meta.getString(tag);
            if (uid == null) {
                return Optional.of(new Failure(Status.CANNOT_UNDERSTAND, "the File Meta Information has no "
                    + Tags.toString(tag)));
            }
            if (!Uids.isValid(uid)) {
                return Optional.of(new Failure(Status.CANNOT_UNDERSTAND, "invalid UID in the File Meta Information's "
                    + Tags.toString(tag) + ": " + uid));
            }
        }
        String sopClass = meta.getString(Tag.MediaStorageSOPClassUID);
        if (!storedSopClasses.contains(sopClass)) {
            return Optional.of(new Failure(Status.SOP_CLASS_NOT_SUPPORTED, "SOP Class " + sopClass
                + " is not a Storage SOP Class this node accepts"));
        }
        return Optional.empty();
    }

    /** The instance's study against the one a request was addressed to ({@code null}: any study). */
    public static Optional<Failure> checkStudy(DataSet header, String requiredStudyUid) {
        String study = header.getString(Tag.StudyInstanceUID);
        if (requiredStudyUid == null || requiredStudyUid.equals(study)) {
            return Optional.empty();
        }
        return Optional.of(new Failure(STUDY_INSTANCE_UID_MISMATCH, "Study Instance UID " + study
            + " in the data set, " + requiredStudyUid + " in the request"));
    }
}
