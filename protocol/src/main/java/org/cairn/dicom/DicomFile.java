package org.cairn.dicom;

import org.cairn.dicom.dict.Tag;

/**
 * A Part 10 file (or raw data set) read into memory.
 *
 * @param preamble        the 128-byte preamble plus "DICM", or {@code null} when the input had none
 * @param fileMeta        the File Meta Information (group 0002), or {@code null} when absent
 * @param dataSet         the data set
 * @param transferSyntax  how the data set was encoded
 */
public record DicomFile(byte[] preamble, DataSet fileMeta, DataSet dataSet, TransferSyntax transferSyntax) {

    /** The media storage SOP class from the meta, else the data set's SOP Class UID. */
    public String sopClassUid() {
        String fromMeta = fileMeta == null ? null : fileMeta.getString(Tag.MediaStorageSOPClassUID);
        return fromMeta != null ? fromMeta : dataSet.getString(Tag.SOPClassUID);
    }
}
