package org.cairn.association;

import org.cairn.dicom.DataSet;
import org.cairn.dicom.TransferSyntax;

/** What a {@link DimseService} sees of the association a message arrived on, and how it answers. */
public interface DimseContext {
    String callingAeTitle();

    String calledAeTitle();

    int presentationContextId();

    /** Names the association, unique in this node while it is open: what a C-CANCEL is matched within. */
    String associationId();

    /** The transfer syntax negotiated for the message's presentation context. */
    TransferSyntax transferSyntax();

    /**
     * Stops reading from the peer until the returned action runs (from any thread, once): how a service whose
     * stream is full slows the sender down. Call it on the association's thread, while handling a message.
     */
    Runnable pauseReading();

    /**
     * Sends a response command (and its data set, encoded in {@link #transferSyntax()}, or null). Thread-safe: the
     * association sends it in order with its other output.
     */
    void respond(DataSet responseCommand, byte[] dataSet);
}
