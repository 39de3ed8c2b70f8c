package org.cairn.association;

import org.cairn.dicom.DataSet;
import org.cairn.dicom.TransferSyntax;

/** What a {@link DimseService} sees of the association a message arrived on, and how it answers. */
public interface DimseContext {
    String callingAeTitle();

    String calledAeTitle();

    /** The user the requestor identified as and Cairn verified (User Identity negotiation), or null: for audit. */
    String username();

    int presentationContextId();

    /** The Query/Retrieve options agreed for this message's SOP class by extended negotiation. */
    QueryRetrieveOptions queryRetrieveOptions();

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
     * The presentation context accepted on this association for {@code abstractSyntax} in {@code transferSyntaxUid},
     * or -1: where a request this side originates (a C-GET's C-STORE sub-operation) may go.
     */
    int acceptedContext(String abstractSyntax, String transferSyntaxUid);

    /**
     * Sends a request to the peer on this association (a C-GET's C-STORE sub-operation; the Message ID is set
     * here) with its data set read from {@code dataSet} as the transport drains, and completes with the peer's
     * response command. It blocks while it sends: call it from a thread meant for blocking, never the association's.
     */
    java.util.concurrent.CompletionStage<DataSet> sendRequest(int presentationContextId, DataSet command,
                                                              java.io.InputStream dataSet) throws java.io.IOException;

    /**
     * Sends a response command (and its data set, encoded in {@link #transferSyntax()}, or null). Thread-safe: the
     * association sends it in order with its other output.
     */
    void respond(DataSet responseCommand, byte[] dataSet);
}
