package org.cairn.net.pdu;

/** Result, source and reason codes of A-ASSOCIATE-RJ (PS3.8 Table 9-21). */
public final class RejectReason {
    public static final int RESULT_PERMANENT = 1;
    public static final int RESULT_TRANSIENT = 2;

    public static final int SOURCE_SERVICE_USER = 1;
    public static final int SOURCE_ACSE = 2;
    public static final int SOURCE_PRESENTATION = 3;

    /** Source 1. */
    public static final int NO_REASON_GIVEN = 1;
    public static final int APPLICATION_CONTEXT_NOT_SUPPORTED = 2;
    public static final int CALLING_AE_NOT_RECOGNIZED = 3;
    public static final int CALLED_AE_NOT_RECOGNIZED = 7;
    /** Source 2. */
    public static final int PROTOCOL_VERSION_NOT_SUPPORTED = 2;
    /** Source 3. */
    public static final int TEMPORARY_CONGESTION = 1;
    public static final int LOCAL_LIMIT_EXCEEDED = 2;

    private RejectReason() {
    }
}
