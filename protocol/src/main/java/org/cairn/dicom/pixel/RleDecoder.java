package org.cairn.dicom.pixel;

/**
 * Decodes one frame of RLE Lossless (PS3.5 Annex G): a 64-byte header of segment offsets, then one PackBits
 * segment per byte of each sample, most significant byte first. Each segment decodes to one byte per pixel.
 */
final class RleDecoder {
    private RleDecoder() {
    }

    /** The frame's segments, each {@code pixels} bytes long. */
    static byte[][] segments(byte[] frame, int pixels) {
        if (frame.length < 64) {
            throw new UnsupportedPixelDataException("an RLE frame of " + frame.length + " bytes has no header");
        }
        int count = int32(frame, 0);
        if (count < 1 || count > 15) {
            throw new UnsupportedPixelDataException("an RLE header declares " + count + " segments");
        }
        byte[][] segments = new byte[count][];
        for (int s = 0; s < count; s++) {
            long start = int32(frame, 4 + 4 * s) & 0xFFFFFFFFL;
            long end = s + 1 < count ? int32(frame, 8 + 4 * s) & 0xFFFFFFFFL : frame.length;
            if (start < 64 || end > frame.length || start > end) {
                throw new UnsupportedPixelDataException("RLE segment " + (s + 1) + " lies outside its frame");
            }
            segments[s] = unpack(frame, (int) start, (int) end, pixels);
        }
        return segments;
    }

    private static byte[] unpack(byte[] in, int at, int end, int pixels) {
        byte[] out = new byte[pixels];
        int o = 0;
        while (at < end && o < pixels) {
            int n = in[at++];
            if (n >= 0) {
                int literal = Math.min(n + 1, Math.min(end - at, pixels - o));
                System.arraycopy(in, at, out, o, literal);
                at += n + 1;
                o += literal;
            } else if (n != -128) {
                if (at >= end) {
                    break;
                }
                byte value = in[at++];
                int run = Math.min(1 - n, pixels - o);
                java.util.Arrays.fill(out, o, o + run, value);
                o += run;
            }
        }
        return out; // a short segment leaves its last pixels 0, as other decoders do
    }

    private static int int32(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }
}
