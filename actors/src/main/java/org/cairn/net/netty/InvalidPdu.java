package org.cairn.net.netty;

/** Input that is not a valid PDU, as a value the association answers with A-ABORT ({@code reason}). */
public record InvalidPdu(int reason, String message) {
}
