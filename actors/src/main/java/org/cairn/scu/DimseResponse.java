package org.cairn.scu;

import org.cairn.dicom.DataSet;
import org.cairn.dicom.dict.Tag;
import org.cairn.net.dimse.Commands;

/** A response command and the data set that came with it (bytes in the context's transfer syntax), if any. */
public record DimseResponse(DataSet command, byte[] dataSet) {
    public int status() {
        return Commands.status(command);
    }

    /** Sub-operation counts of C-MOVE and C-GET responses (-1 when absent). */
    public int completed() {
        return command.getInt(Tag.NumberOfCompletedSuboperations, -1);
    }

    public int failed() {
        return command.getInt(Tag.NumberOfFailedSuboperations, -1);
    }

    public int remaining() {
        return command.getInt(Tag.NumberOfRemainingSuboperations, -1);
    }
}
