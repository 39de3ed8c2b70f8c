package org.cairn.dicom.deid;

/**
 * An input that the de-identifier will not de-identify: an instance with burned-in annotation under
 * {@link BurnedInAnnotationPolicy#REFUSE_YES}, or a file that is no composite instance (a DICOMDIR, or a data set
 * without SOP Class and Instance UIDs). Raised before anything is written when the reason is known in time
 * (Burned In Annotation precedes the pixel data, so it always is for conformant instances).
 */
public final class AnonymizationRefusedException extends RuntimeException {

    private final String sopInstanceUid;

    public AnonymizationRefusedException(String sopInstanceUid, String reason) {
        super("instance " + sopInstanceUid + " not de-identified: " + reason);
        this.sopInstanceUid = sopInstanceUid;
    }

    /** The original SOP Instance UID of the refused instance (null when it was not read yet). */
    public String sopInstanceUid() {
        return sopInstanceUid;
    }
}
