package org.cairn.ingest;

/**
 * How the ingest of one instance ended, whatever brought it (C-STORE, STOW-RS, an upload). Each path maps it to its
 * own answer: a DIMSE status, a STOW-RS response item, an upload result.
 */
public sealed interface IngestOutcome {

    InstanceIds ids();

    /**
     * The instance is durable (blob committed) and journaled.
     *
     * @param size     bytes of the stored file (Cairn's File Meta and the data set)
     * @param replaced whether it replaced different content under the duplicate policy "replace"
     */
    record Stored(InstanceIds ids, long size, boolean replaced) implements IngestOutcome {
    }

    /** The same data set was stored before: nothing changed, and nothing new is kept. */
    record AlreadyStored(InstanceIds ids) implements IngestOutcome {
    }

    /**
     * Nothing was kept: no blob, no event.
     *
     * @param status a PS3.4 Storage status (e.g. C000 cannot understand, A900 does not match its SOP class, A700 out
     *               of resources), which is also what STOW-RS reports as the Failure Reason (PS3.18 I.2.2)
     * @param reason what was wrong, for a person
     */
    record Refused(InstanceIds ids, int status, String reason) implements IngestOutcome, IncomingInstance.Result {
    }
}
