package org.cairn.dicom;

/** Small helpers on tags as {@code int}s (group in the high 16 bits). */
public final class Tags {
    public static final int ITEM = 0xFFFEE000;
    public static final int ITEM_DELIMITATION = 0xFFFEE00D;
    public static final int SEQUENCE_DELIMITATION = 0xFFFEE0DD;

    private Tags() {
    }

    public static int group(int tag) {
        return tag >>> 16;
    }

    public static int element(int tag) {
        return tag & 0xFFFF;
    }

    /** "(gggg,eeee)" in upper-case hex. */
    public static String toString(int tag) {
        return String.format("(%04X,%04X)", tag >>> 16, tag & 0xFFFF);
    }

    /** "GGGGEEEE" as used for keys of the DICOM JSON model. */
    public static String toHex(int tag) {
        String s = Integer.toHexString(tag).toUpperCase();
        return "00000000".substring(s.length()) + s;
    }

    /** Parses "GGGGEEEE" (8 hex digits), returning -1 when malformed. */
    public static int parseHex(String hex) {
        if (hex.length() != 8) {
            return -1;
        }
        try {
            return (int) Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Orders tags as unsigned numbers, which is the order of elements in a data set. */
    public static int compare(int a, int b) {
        return Integer.compareUnsigned(a, b);
    }
}
