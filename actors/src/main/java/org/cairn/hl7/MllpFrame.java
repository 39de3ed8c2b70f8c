package org.cairn.hl7;

/** What {@link MllpFraming} finds in the byte stream: a whole message, or one that was too large to keep. */
public sealed interface MllpFrame {

    /** The bytes between a start block (0x0B) and an end block (0x1C): one HL7 message, not yet decoded. */
    record Message(byte[] bytes) implements MllpFrame {
    }

    /**
     * A frame longer than the limit. Its bytes were dropped as they came, so memory stays bounded; it is reported
     * once the frame ends (or the next one starts) so that it can be refused in its turn.
     *
     * @param size how many bytes the frame had
     * @param head the frame's first line (its MSH, if it starts with one), at most {@link MllpFraming#HEAD_LIMIT}
     *             bytes: enough to address the refusal to the sender and quote its control id
     */
    record Oversized(long size, byte[] head) implements MllpFrame {
    }
}
