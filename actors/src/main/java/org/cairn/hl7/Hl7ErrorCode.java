package org.cairn.hl7;

/**
 * The HL7 error codes Cairn answers with (HL7 v2.5 table 0357, "Message error condition codes"). They go into ERR-3
 * (and the ERR-1 error code of older versions) so that the sender's interface engine can tell a message it should fix
 * from one it should simply not have sent to us.
 */
public enum Hl7ErrorCode {
    SEGMENT_SEQUENCE_ERROR(100, "Segment sequence error"),
    REQUIRED_FIELD_MISSING(101, "Required field missing"),
    DATA_TYPE_ERROR(102, "Data type error"),
    TABLE_VALUE_NOT_FOUND(103, "Table value not found"),
    UNSUPPORTED_MESSAGE_TYPE(200, "Unsupported message type"),
    UNSUPPORTED_EVENT_CODE(201, "Unsupported event code"),
    UNSUPPORTED_VERSION_ID(203, "Unsupported version id"),
    APPLICATION_INTERNAL_ERROR(207, "Application internal error");

    private final int code;
    private final String text;

    Hl7ErrorCode(int code, String text) {
        this.code = code;
        this.text = text;
    }

    /** The numeric code of table 0357. */
    public int code() {
        return code;
    }

    /** The description table 0357 gives the code. */
    public String text() {
        return text;
    }
}
