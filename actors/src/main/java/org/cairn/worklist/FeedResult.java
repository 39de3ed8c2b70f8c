package org.cairn.worklist;

/** What a feed's request (REST, FHIR, HL7) came to, for the feed to answer in its own terms. */
public sealed interface FeedResult extends org.cairn.journal.JournalSerializable {

    /** Done (or already so): the order as it now stands. */
    record Accepted(String accessionNumber, OrderStatus status, boolean changed) implements FeedResult {
    }

    /** No order with that Accession Number. */
    record NotFound(String reason) implements FeedResult {
    }

    /** The order's state forbids it (e.g. cancelling an order in progress, scheduling one that exists). */
    record Conflict(String reason) implements FeedResult {
    }

    /** The request itself is wrong (a missing or malformed attribute). */
    record Invalid(String reason) implements FeedResult {
    }
}
