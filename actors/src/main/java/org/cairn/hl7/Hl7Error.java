package org.cairn.hl7;

import java.util.Objects;

/**
 * One thing wrong with a message, as an ERR segment reports it: what (a table 0357 code), where (segment, its
 * occurrence, field) and a message for the person at the other end.
 *
 * @param code            the HL7 error code
 * @param segmentId       the segment in error ("PID"), or null when the error concerns no one segment
 * @param segmentSequence which occurrence of that segment, from 1 (0 when unknown)
 * @param field           the field position, from 1 (0 when the whole segment is meant)
 * @param message         a human-readable explanation; never patient names or other demographics
 */
public record Hl7Error(Hl7ErrorCode code, String segmentId, int segmentSequence, int field, String message) {

    public Hl7Error {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    /** An error located at a field of a segment. */
    public static Hl7Error at(Hl7ErrorCode code, String segmentId, int segmentSequence, int field, String message) {
        return new Hl7Error(code, segmentId, segmentSequence, field, message);
    }

    /** An error about the message as a whole. */
    public static Hl7Error general(Hl7ErrorCode code, String message) {
        return new Hl7Error(code, null, 0, 0, message);
    }

    /** Whether the error names a segment. */
    public boolean hasLocation() {
        return segmentId != null;
    }

    /** The location as HL7 writes it in text, e.g. "PID-3" or "ORC[2]-1", or "message" when there is none. */
    public String locationText() {
        if (segmentId == null) {
            return "message";
        }
        String segment = segmentSequence > 1 ? segmentId + "[" + segmentSequence + "]" : segmentId;
        return field > 0 ? segment + "-" + field : segment;
    }

    @Override
    public String toString() {
        return code.code() + " " + locationText() + ": " + message;
    }
}
