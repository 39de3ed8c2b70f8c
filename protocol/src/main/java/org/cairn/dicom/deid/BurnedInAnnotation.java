package org.cairn.dicom.deid;

import org.cairn.dicom.DataSet;
import org.cairn.dicom.dict.Tag;

/**
 * What Burned In Annotation (0028,0301) says. The Basic Profile does not clean pixel data (the Clean Pixel Data
 * Option is not supported), so identifying text burned into the image survives de-identification: the value is kept
 * in the output and reported, for the caller to warn or refuse.
 */
public enum BurnedInAnnotation {
    /** The instance says its pixel data has burned-in annotation. */
    YES,
    /** The instance says its pixel data has none. */
    NO,
    /** The attribute is absent, empty or has another value. */
    UNKNOWN;

    /** The value in {@code dataSet}'s top level. */
    public static BurnedInAnnotation of(DataSet dataSet) {
        String value = dataSet.getString(Tag.BurnedInAnnotation);
        if ("YES".equals(value)) {
            return YES;
        }
        return "NO".equals(value) ? NO : UNKNOWN;
    }
}
