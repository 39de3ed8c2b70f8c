package org.cairn.hl7;

/** The acknowledgment codes of MSA-1 in original acknowledgment mode (HL7 table 0008). */
public enum AckCode {
    /** Application Accept: everything in the message was applied. */
    AA,
    /** Application Error: the message was understood but (some of) it could not be applied; see ERR. */
    AE,
    /** Application Reject: the message is not one Cairn takes (type, event, version) or cannot be read at all. */
    AR
}
