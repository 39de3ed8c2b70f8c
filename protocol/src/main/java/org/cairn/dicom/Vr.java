package org.cairn.dicom;

/**
 * The 34 value representations of PS3.5 section 6.2, with the facts the codec needs about each:
 * how its explicit-VR header is laid out, how values are padded, and how values are interpreted.
 */
public enum Vr {
    AE(Kind.STRING, false, ' ', 0, false),
    AS(Kind.STRING, false, ' ', 0, false),
    AT(Kind.NUMBER, false, 0, 4, false),
    CS(Kind.STRING, false, ' ', 0, false),
    DA(Kind.STRING, false, ' ', 0, false),
    DS(Kind.STRING, false, ' ', 0, false),
    DT(Kind.STRING, false, ' ', 0, false),
    FL(Kind.NUMBER, false, 0, 4, false),
    FD(Kind.NUMBER, false, 0, 8, false),
    IS(Kind.STRING, false, ' ', 0, false),
    LO(Kind.STRING, false, ' ', 0, true),
    LT(Kind.TEXT, false, ' ', 0, true),
    OB(Kind.BINARY, true, 0, 1, false),
    OD(Kind.BINARY, true, 0, 8, false),
    OF(Kind.BINARY, true, 0, 4, false),
    OL(Kind.BINARY, true, 0, 4, false),
    OV(Kind.BINARY, true, 0, 8, false),
    OW(Kind.BINARY, true, 0, 2, false),
    PN(Kind.STRING, false, ' ', 0, true),
    SH(Kind.STRING, false, ' ', 0, true),
    SL(Kind.NUMBER, false, 0, 4, false),
    SQ(Kind.SEQUENCE, true, 0, 0, false),
    SS(Kind.NUMBER, false, 0, 2, false),
    ST(Kind.TEXT, false, ' ', 0, true),
    SV(Kind.NUMBER, true, 0, 8, false),
    TM(Kind.STRING, false, ' ', 0, false),
    UC(Kind.STRING, true, ' ', 0, true),
    UI(Kind.STRING, false, 0, 0, false),
    UL(Kind.NUMBER, false, 0, 4, false),
    UN(Kind.BINARY, true, 0, 1, false),
    UR(Kind.TEXT, true, ' ', 0, false),
    US(Kind.NUMBER, false, 0, 2, false),
    UT(Kind.TEXT, true, ' ', 0, true),
    UV(Kind.NUMBER, true, 0, 8, false);

    /** How a value of this VR is interpreted. */
    public enum Kind {
        /** Character strings, multi-valued with backslash. */
        STRING,
        /** Character text that is never split on backslash (LT, ST, UT, UR). */
        TEXT,
        /** Fixed-size binary numbers (and AT), multi-valued by count. */
        NUMBER,
        /** Byte or word streams (OB, OW, OF, OD, OL, OV, UN). */
        BINARY,
        /** Sequence of items. */
        SEQUENCE
    }

    private static final Vr[] BY_CODE = new Vr[0x10000];

    static {
        for (Vr vr : values()) {
            BY_CODE[vr.code] = vr;
        }
    }

    private final Kind kind;
    private final boolean longHeader;
    private final byte padding;
    private final int bytesPerValue;
    private final boolean characterSetSensitive;
    /** The two ASCII letters as a big-endian 16-bit number, the way they appear on the wire. */
    private final int code;

    Vr(Kind kind, boolean longHeader, int padding, int bytesPerValue, boolean characterSetSensitive) {
        this.kind = kind;
        this.longHeader = longHeader;
        this.padding = (byte) padding;
        this.bytesPerValue = bytesPerValue;
        this.characterSetSensitive = characterSetSensitive;
        this.code = (name().charAt(0) << 8) | name().charAt(1);
    }

    public Kind kind() {
        return kind;
    }

    /**
     * Whether an explicit-VR header for this VR has two reserved bytes and a 32-bit length (PS3.5 7.1.2)
     * rather than a 16-bit length.
     */
    public boolean hasLongHeader() {
        return longHeader;
    }

    /** The byte that pads an odd-length value to even length. */
    public byte padding() {
        return padding;
    }

    /** Size of one value for fixed-size numeric and word VRs; 0 for strings and sequences. */
    public int bytesPerValue() {
        return bytesPerValue;
    }

    /** Whether values are encoded in the data set's Specific Character Set rather than the default repertoire. */
    public boolean isCharacterSetSensitive() {
        return characterSetSensitive;
    }

    public boolean isText() {
        return kind == Kind.STRING || kind == Kind.TEXT;
    }

    public boolean isBinary() {
        return kind == Kind.BINARY;
    }

    /** The two VR letters as read from the wire (big-endian order of the two ASCII bytes). */
    public int code() {
        return code;
    }

    /** The VR with the given two-letter wire code, or {@code null} if the bytes name no VR. */
    public static Vr ofCode(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }

    /** The VR with the given two letters, or {@code null}. */
    public static Vr ofName(String name) {
        if (name == null || name.length() != 2) {
            return null;
        }
        return ofCode((name.charAt(0) << 8) | name.charAt(1));
    }
}
