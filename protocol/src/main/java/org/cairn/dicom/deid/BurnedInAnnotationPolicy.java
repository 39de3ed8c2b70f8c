package org.cairn.dicom.deid;

/** What {@link StreamingAnonymizer} does with an instance whose pixel data may carry burned-in identification. */
public enum BurnedInAnnotationPolicy {
    /** De-identify it anyway and report {@link BurnedInAnnotation} in the result, for the caller to warn. */
    KEEP,
    /** Refuse an instance that says Burned In Annotation (0028,0301) = YES, with {@link AnonymizationRefusedException}. */
    REFUSE_YES
}
