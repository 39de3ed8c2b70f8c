package org.cairn.net.pdu;

/** A PDU that cannot be decoded; {@link #abortReason()} is what the A-ABORT that answers it says (PS3.8 9.3.8). */
public final class PduException extends RuntimeException {
    private final int abortReason;

    public PduException(int abortReason, String message) {
        super(message);
        this.abortReason = abortReason;
    }

    public int abortReason() {
        return abortReason;
    }
}
