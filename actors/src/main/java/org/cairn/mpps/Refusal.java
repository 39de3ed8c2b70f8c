package org.cairn.mpps;

import java.util.List;
import org.cairn.journal.JournalSerializable;

/**
 * Why an N-CREATE or N-SET of a performed step is refused: the DIMSE status (PS3.7 C, PS3.4 F.7.2), the Error
 * Comment, the Error ID where the standard names one (A710 for a step that may no longer be updated, else 0), and
 * the attributes at fault for the Attribute Identifier List.
 */
public record Refusal(int status, String comment, int errorId, List<Integer> attributes) implements JournalSerializable {

    public static final int NO_SUCH_ATTRIBUTE = 0x0105;
    public static final int INVALID_ATTRIBUTE_VALUE = 0x0106;
    public static final int PROCESSING_FAILURE = 0x0110;
    public static final int DUPLICATE_SOP_INSTANCE = 0x0111;
    public static final int NO_SUCH_SOP_INSTANCE = 0x0112;
    public static final int MISSING_ATTRIBUTE = 0x0120;
    public static final int MISSING_ATTRIBUTE_VALUE = 0x0121;
    /** Error ID of PS3.4 Table F.7.2-2: "Performed Procedure Step Object may no longer be updated". */
    public static final int MAY_NO_LONGER_BE_UPDATED = 0xA710;

    public Refusal {
        attributes = List.copyOf(attributes);
    }
}
