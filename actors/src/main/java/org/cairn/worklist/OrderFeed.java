package org.cairn.worklist;

import java.util.concurrent.CompletionStage;

/**
 * How the hospital's information systems change the worklist, whatever the feed (REST, FHIR ServiceRequest, HL7 v2
 * over MLLP). Every method completes once the change is persisted as an event (or refused); {@code source} names the
 * feed and sender for the event ("hl7:RIS", "fhir", "rest:admin").
 */
public interface OrderFeed {

    /** A new order (HL7 NW, FHIR POST, REST POST). Scheduling the same order again is accepted and changes nothing. */
    CompletionStage<FeedResult> schedule(Order order, String source);

    /** A changed order (HL7 XO, REST PUT); not once it is completed, discontinued or cancelled. */
    CompletionStage<FeedResult> update(Order order, String source);

    /** The order is cancelled (HL7 CA, REST DELETE): only while it is still scheduled. */
    CompletionStage<FeedResult> cancel(String accessionNumber, String reason, String source);

    /** The procedure is discontinued (HL7 DC): scheduled or in progress. */
    CompletionStage<FeedResult> discontinue(String accessionNumber, String reason, String source);

    /**
     * The ordering system reports a status (HL7 SC with ORC-5): IN_PROGRESS, COMPLETED, DISCONTINUED or CANCELLED;
     * SCHEDULED changes nothing.
     */
    CompletionStage<FeedResult> statusChanged(String accessionNumber, OrderStatus status, String source);

    /**
     * New demographics for a patient (HL7 ADT^A08), applied to every order of that Patient ID (and issuer) that is
     * scheduled or in progress; completes with how many orders changed.
     */
    CompletionStage<Integer> updatePatient(Patient patient, String source);

    /**
     * Two patient records merged (HL7 ADT^A40): every order of {@code oldPatientId} (and {@code oldIssuer}, null for
     * any) that is scheduled or in progress moves to {@code survivor}; completes with how many orders changed.
     */
    CompletionStage<Integer> mergePatient(String oldPatientId, String oldIssuer, Patient survivor, String source);
}
