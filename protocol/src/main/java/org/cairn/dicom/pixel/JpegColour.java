package org.cairn.dicom.pixel;

/**
 * Whether a three-component JPEG codestream holds YCbCr or RGB. The markers decide when they say, as libjpeg reads
 * them: an Adobe APP14 transform flag, a JFIF APP0 (always YCbCr), component identifiers 1,2,3 (the JFIF
 * convention: YCbCr) or 'R','G','B'. Otherwise the Photometric Interpretation does: some writers store RGB without
 * a colour transform and without markers (pydicom's SC_jpeg_no_color_transform, identifiers 0,1,2), while GDCM
 * labels YCbCr data with identifiers 1,2,3 as RGB.
 */
final class JpegColour {
    private JpegColour() {
    }

    static boolean isYcbcr(byte[] jpeg, String photometric) {
        Boolean fromMarkers = fromMarkers(jpeg);
        if (fromMarkers != null) {
            return fromMarkers;
        }
        return photometric.startsWith("YBR");
    }

    private static Boolean fromMarkers(byte[] b) {
        if (b.length < 4 || (b[0] & 0xFF) != 0xFF || (b[1] & 0xFF) != 0xD8) {
            return null;
        }
        boolean jfif = false;
        Boolean sofSaysYcbcr = null;
        int at = 2;
        while (at + 4 <= b.length) {
            if ((b[at] & 0xFF) != 0xFF) {
                return null;
            }
            int marker = b[at + 1] & 0xFF;
            if (marker == 0xFF) {
                at++; // fill byte
                continue;
            }
            if (marker == 0xDA || marker == 0xD9) {
                break; // start of scan: every marker that matters has been seen
            }
            int length = (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
            int data = at + 4;
            if (marker == 0xE0 && length >= 7 && matches(b, data, "JFIF")) {
                jfif = true;
            } else if (marker == 0xEE && length >= 14 && matches(b, data, "Adobe")) {
                return (b[data + 11] & 0xFF) != 0;
            } else if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC
                && length >= 8 + 3 * 3 && (b[data + 5] & 0xFF) == 3) {
                if (b[data + 6] == 'R' && b[data + 9] == 'G' && b[data + 12] == 'B') {
                    sofSaysYcbcr = false;
                } else if (b[data + 6] == 1 && b[data + 9] == 2 && b[data + 12] == 3) {
                    sofSaysYcbcr = true;
                }
            }
            at += 2 + length;
        }
        if (jfif) {
            return true;
        }
        return sofSaysYcbcr;
    }

    private static boolean matches(byte[] b, int at, String ascii) {
        if (at + ascii.length() > b.length) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (b[at + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
