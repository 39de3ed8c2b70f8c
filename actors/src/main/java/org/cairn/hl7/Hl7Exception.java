package org.cairn.hl7;

import java.util.Optional;

/**
 * A message that cannot be read as HL7 at all: no MSH, a broken MSH, a malformed segment, an unknown character set.
 * It carries the error to acknowledge with and, when the MSH itself could be read, a message made of that MSH alone,
 * so that the AR acknowledgement can still swap sender and receiver and quote the original control id.
 */
public final class Hl7Exception extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Hl7Error error;
    private final transient Hl7Message header;

    public Hl7Exception(Hl7Error error) {
        this(error, null);
    }

    public Hl7Exception(Hl7Error error, Hl7Message header) {
        super(error.toString());
        this.error = error;
        this.header = header;
    }

    /** What to answer in ERR. */
    public Hl7Error error() {
        return error;
    }

    /** The message's MSH (as a message of one segment) when it was readable. */
    public Optional<Hl7Message> header() {
        return Optional.ofNullable(header);
    }
}
