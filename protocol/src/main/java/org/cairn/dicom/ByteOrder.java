package org.cairn.dicom;

/** Byte swapping of values between little- and big-endian encodings, by VR (PS3.5 7.3). */
public final class ByteOrder {
    private ByteOrder() {
    }

    /** How many bytes form one swappable unit for a VR: 1 (no swapping) for strings and OB/UN. */
    public static int unit(Vr vr) {
        return switch (vr) {
            case AT, OW, SS, US -> 2;
            case FL, OF, OL, SL, UL -> 4;
            case FD, OD, OV, SV, UV -> 8;
            default -> 1;
        };
    }

    /** A copy of {@code bytes} with each unit of {@code vr} reversed; the array itself when there is nothing to swap. */
    public static byte[] swap(byte[] bytes, Vr vr) {
        int unit = unit(vr);
        if (unit == 1 || bytes.length == 0) {
            return bytes;
        }
        byte[] out = bytes.clone();
        if (vr == Vr.AT) {
            unit = 2; // AT is a pair of 16-bit numbers: group and element swap separately
        }
        int whole = out.length - out.length % unit;
        for (int i = 0; i < whole; i += unit) {
            for (int a = i, b = i + unit - 1; a < b; a++, b--) {
                byte t = out[a];
                out[a] = out[b];
                out[b] = t;
            }
        }
        return out;
    }
}
