package org.cairn.net.dimse;

import org.cairn.dicom.DataSet;

/** What {@link DimseAssembler} makes of PDVs: complete commands, and the fragments of the data sets that follow. */
public sealed interface DimsePart {

    /** A complete command received on a presentation context. */
    record Command(int presentationContextId, DataSet command) implements DimsePart {
    }

    /** A fragment of the data set announced by the last command; {@code last} ends it. */
    record DataFragment(int presentationContextId, byte[] bytes, boolean last) implements DimsePart {
    }
}
