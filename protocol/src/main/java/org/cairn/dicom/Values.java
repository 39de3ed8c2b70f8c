package org.cairn.dicom;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Decoding of element values from their encoded bytes: strings by VR and character set, binary numbers by byte order. */
public final class Values {
    private Values() {
    }

    /** Splits a default-repertoire multi-valued string (e.g. Specific Character Set) into trimmed values. */
    public static String[] splitAscii(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return new String[0];
        }
        String[] parts = new String(bytes, StandardCharsets.ISO_8859_1).split("\\\\", -1);
        for (int i = 0; i < parts.length; i++) {
            parts[i] = parts[i].strip();
        }
        return parts;
    }

    /**
     * The values of a string or text element: decoded with {@code charset} where the VR is sensitive to it,
     * split on backslash unless the VR is a text VR (LT, ST, UT, UR), trailing padding removed (NUL and spaces),
     * and for VRs whose leading spaces are insignificant (all but the text VRs), leading spaces too.
     */
    public static List<String> strings(byte[] bytes, Vr vr, SpecificCharacterSet charset) {
        int end = bytes.length;
        while (end > 0 && (bytes[end - 1] == 0 || bytes[end - 1] == ' ')) {
            end--;
        }
        if (vr.kind() == Vr.Kind.TEXT) {
            return List.of(decode(bytes, 0, end, vr, charset));
        }
        // Decode first, then split: in multi-byte sets (GBK, GB18030, JIS) a 0x5C byte can be half a character,
        // and no decoder turns part of a character into a backslash.
        String decoded = decode(bytes, 0, end, vr, charset);
        List<String> values = new ArrayList<>();
        int start = 0;
        for (int i = decoded.indexOf('\\'); i >= 0; i = decoded.indexOf('\\', start)) {
            values.add(trim(decoded.substring(start, i), vr));
            start = i + 1;
        }
        values.add(trim(decoded.substring(start), vr));
        return values;
    }

    private static String decode(byte[] bytes, int offset, int length, Vr vr, SpecificCharacterSet charset) {
        if (vr.isCharacterSetSensitive()) {
            return charset.decode(bytes, offset, length, vr);
        }
        return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    }

    private static String trim(String value, Vr vr) {
        int start = 0;
        int end = value.length();
        while (end > start && (value.charAt(end - 1) == ' ' || value.charAt(end - 1) == '\0')) {
            end--;
        }
        if (vr != Vr.PN) {
            while (start < end && value.charAt(start) == ' ') {
                start++;
            }
        }
        return value.substring(start, end);
    }

    /**
     * The values of a binary numeric element (US, SS, UL, SL, SV, UV, FL, FD) as Java numbers, and of AT as
     * "GGGGEEEE" strings. Trailing bytes that do not make a whole value are ignored.
     */
    public static List<Object> numbers(byte[] b, boolean bigEndian, Vr vr) {
        int size = vr.bytesPerValue();
        int count = size == 0 ? 0 : b.length / size;
        List<Object> out = new ArrayList<>(count);
        for (int i = 0, at = 0; i < count; i++, at += size) {
            out.add(switch (vr) {
                case US -> uint16(b, at, bigEndian);
                case SS -> (int) (short) uint16(b, at, bigEndian);
                case UL -> int32(b, at, bigEndian) & 0xFFFFFFFFL;
                case SL -> int32(b, at, bigEndian);
                case SV -> int64(b, at, bigEndian);
                case UV -> new java.math.BigInteger(Long.toUnsignedString(int64(b, at, bigEndian)));
                case FL -> (double) Float.intBitsToFloat(int32(b, at, bigEndian));
                case FD -> Double.longBitsToDouble(int64(b, at, bigEndian));
                case AT -> Tags.toHex(uint16(b, at, bigEndian) << 16 | uint16(b, at + 2, bigEndian));
                default -> throw new IllegalArgumentException("not a numeric VR: " + vr);
            });
        }
        return out;
    }

    public static int uint16(byte[] b, int at, boolean bigEndian) {
        return bigEndian ? (b[at] & 0xFF) << 8 | (b[at + 1] & 0xFF) : (b[at + 1] & 0xFF) << 8 | (b[at] & 0xFF);
    }

    public static int int32(byte[] b, int at, boolean bigEndian) {
        return bigEndian
            ? (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF)
            : (b[at + 3] & 0xFF) << 24 | (b[at + 2] & 0xFF) << 16 | (b[at + 1] & 0xFF) << 8 | (b[at] & 0xFF);
    }

    public static long int64(byte[] b, int at, boolean bigEndian) {
        long hi = int32(b, bigEndian ? at : at + 4, bigEndian) & 0xFFFFFFFFL;
        long lo = int32(b, bigEndian ? at + 4 : at, bigEndian) & 0xFFFFFFFFL;
        return hi << 32 | lo;
    }

    public static void putUint16(byte[] b, int at, int value, boolean bigEndian) {
        if (bigEndian) {
            b[at] = (byte) (value >>> 8);
            b[at + 1] = (byte) value;
        } else {
            b[at] = (byte) value;
            b[at + 1] = (byte) (value >>> 8);
        }
    }

    public static void putInt32(byte[] b, int at, int value, boolean bigEndian) {
        if (bigEndian) {
            putUint16(b, at, value >>> 16, true);
            putUint16(b, at + 2, value, true);
        } else {
            putUint16(b, at, value, false);
            putUint16(b, at + 2, value >>> 16, false);
        }
    }
}
