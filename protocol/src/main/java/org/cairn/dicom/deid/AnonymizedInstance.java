package org.cairn.dicom.deid;

/**
 * What {@link StreamingAnonymizer} wrote: the new identity of the instance, the original one it replaces (for the
 * job's own records; never to be written into the de-identified data), and what the caller must know about it.
 *
 * @param sopClassUid                SOP Class UID (unchanged)
 * @param sopInstanceUid             the new SOP Instance UID, also the Media Storage SOP Instance UID of the file
 * @param studyInstanceUid           the new Study Instance UID
 * @param seriesInstanceUid          the new Series Instance UID
 * @param originalSopInstanceUid     the SOP Instance UID read
 * @param originalStudyInstanceUid   the Study Instance UID read
 * @param originalSeriesInstanceUid  the Series Instance UID read
 * @param transferSyntaxUid          the transfer syntax of input and output (unchanged)
 * @param burnedInAnnotation         what the instance says of burned-in annotation, kept as it was
 * @param bytesWritten               the size of the Part 10 output
 */
public record AnonymizedInstance(String sopClassUid, String sopInstanceUid, String studyInstanceUid,
                                 String seriesInstanceUid, String originalSopInstanceUid,
                                 String originalStudyInstanceUid, String originalSeriesInstanceUid,
                                 String transferSyntaxUid, BurnedInAnnotation burnedInAnnotation, long bytesWritten) {
}
