package org.cairn.dicom.pixel;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The concatenation of ascending byte ranges of an underlying stream that starts at offset 0: the gaps are skipped
 * (a seek on a file stream). A range that runs past the end of the stream is an error, not a short frame.
 */
final class RangesInputStream extends InputStream {
    private final InputStream in;
    private final PixelFrames.Ranges ranges;
    private long position;
    private int range = -1;
    private long remaining;

    RangesInputStream(InputStream in, PixelFrames.Ranges ranges) {
        this.in = in;
        this.ranges = ranges;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (remaining == 0) {
            if (range + 1 >= ranges.offsets().length) {
                return -1;
            }
            range++;
            long target = ranges.offsets()[range];
            if (target < position) {
                throw new IOException("byte ranges out of order at " + target);
            }
            try {
                in.skipNBytes(target - position);
            } catch (EOFException e) {
                throw new EOFException("the file ends before byte " + target);
            }
            position = target;
            remaining = ranges.lengths()[range];
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw new EOFException("the file ends " + remaining + " bytes before the end of a frame");
        }
        position += n;
        remaining -= n;
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
