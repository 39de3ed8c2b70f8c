package org.cairn.worklist;

import java.time.Instant;
import org.cairn.journal.JournalSerializable;

/**
 * What happens to an order, in the journal (persistence id {@code Order|<accession number>}, tag {@code order}).
 * Events carry what the worklist view needs, so the projection never reads entity state.
 */
public sealed interface OrderEvent extends JournalSerializable {

    String accessionNumber();

    /** Who caused it: "rest:…", "fhir", "hl7:<sending application>", "mpps:<calling AE>", "ingest". */
    String source();

    Instant at();

    /** The order is on the worklist. */
    record Scheduled(String accessionNumber, Order order, String source, Instant at) implements OrderEvent {
    }

    /** The order's details changed (an order update, a patient update or merge); {@code order} is the new whole. */
    record Updated(String accessionNumber, Order order, String source, Instant at) implements OrderEvent {
    }

    /** The order was cancelled before it started. */
    record Cancelled(String accessionNumber, String reason, String source, Instant at) implements OrderEvent {
    }

    /** The modality started the procedure ({@code mppsUid}: the MPPS that said so, or null for an HL7 status). */
    record ProcedureStarted(String accessionNumber, String mppsUid, String source, Instant at) implements OrderEvent {
    }

    /** The procedure was completed. */
    record ProcedureCompleted(String accessionNumber, String mppsUid, String source, Instant at) implements OrderEvent {
    }

    /** The procedure was stopped before completion. */
    record ProcedureDiscontinued(String accessionNumber, String mppsUid, String reason, String source, Instant at)
        implements OrderEvent {
    }

    /** Images of a study matching the order (Accession Number or Study Instance UID) arrived. */
    record ImagesArrived(String accessionNumber, String studyUid, String source, Instant at) implements OrderEvent {
    }
}
