package org.cairn.dicom.pixel;

import java.io.IOException;
import java.io.InputStream;

/** Reverses the bytes of each {@code width}-byte unit: big-endian pixel values become little endian. */
final class ByteSwappingInputStream extends InputStream {
    private final InputStream in;
    private final int width;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;

    ByteSwappingInputStream(InputStream in, int width) {
        this.in = in;
        this.width = width;
    }

    @Override
    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        return buffer[position++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, limit - position);
        System.arraycopy(buffer, position, b, off, n);
        position += n;
        return n;
    }

    /** Refills with whole units (a trailing partial unit is passed as it is). */
    private boolean fill() throws IOException {
        if (position < limit) {
            return true;
        }
        int n = in.readNBytes(buffer, 0, buffer.length - buffer.length % width);
        if (n <= 0) {
            return false;
        }
        for (int at = 0; at + width <= n; at += width) {
            for (int i = 0, j = width - 1; i < j; i++, j--) {
                byte t = buffer[at + i];
                buffer[at + i] = buffer[at + j];
                buffer[at + j] = t;
            }
        }
        position = 0;
        limit = n;
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
