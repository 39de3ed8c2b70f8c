package org.cairn.dicom.pixel;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;
import org.cairn.dicom.DataSetBuilder;
import org.cairn.dicom.DicomException;
import org.cairn.dicom.DicomFile;
import org.cairn.dicom.DicomStreamParser;
import org.cairn.dicom.Tags;
import org.cairn.dicom.TransferSyntax;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.ElementDictionary;

/**
 * Finds a top-level element in a Part 10 file: the streaming parser reads the attributes before it (values above a
 * limit kept as placeholders), then the element's header and, for encapsulated pixel data, only the item headers of
 * its fragments are read: their values are skipped, so locating the frames of a 2 GB object reads a few kilobytes
 * per thousand fragments and holds none of the pixel data.
 *
 * <p>Offsets are file offsets, so a later read can skip straight to a value. A deflated data set has no such
 * offsets and is refused.
 */
public final class ElementLocator {
    private static final int CHUNK = 16 * 1024;
    private static final long UNDEFINED = 0xFFFFFFFFL;
    /** More fragments than this is not an image Cairn could have stored sensibly; stop before the index grows wild. */
    private static final int MAX_FRAGMENTS = 1_000_000;
    private static final long MAX_OFFSET_TABLE = 4L * MAX_FRAGMENTS;

    /** The attributes before the element, and the element's location ({@code null} when the file has no such element). */
    public record Located(DicomFile header, TransferSyntax transferSyntax, ElementLocation location) {
    }

    private ElementLocator() {
    }

    /**
     * Reads {@code in} (from the file's first byte; not closed here) up to top-level element {@code tag} and locates
     * its value. Attributes before it with values longer than {@code headerValueLimit} are kept as placeholders.
     *
     * @throws DicomException                 when the file is malformed before or inside the element's framing
     * @throws UnsupportedPixelDataException  for a deflated data set
     */
    public static Located locate(InputStream in, int tag, long headerValueLimit) throws IOException {
        DataSetBuilder builder = new DataSetBuilder(headerValueLimit);
        DicomStreamParser parser = DicomStreamParser.forFile(builder, tag);
        byte[] buffer = new byte[CHUNK];
        byte[] previous = new byte[CHUNK];
        int previousLength = 0;
        long read = 0;
        while (true) {
            int n = in.readNBytes(buffer, 0, buffer.length);
            if (n <= 0) {
                parser.finish();
                DicomFile header = builder.result();
                return new Located(header, header.transferSyntax(), null);
            }
            parser.feed(buffer, 0, n);
            read += n;
            if (parser.transferSyntax() != null && parser.transferSyntax().deflated()) {
                throw new UnsupportedPixelDataException("the data set is deflated ("
                    + parser.transferSyntax().uid() + "): its values cannot be located without inflating all of it");
            }
            if (parser.isStopped()) {
                long at = parser.position();
                long unread = read - at;
                // a header that straddled two reads starts in the previous one
                if (unread < 0 || unread > n + previousLength) {
                    throw new IllegalStateException("parser position " + at + " outside the last two reads");
                }
                byte[] tail = new byte[(int) unread];
                int fromPrevious = (int) Math.max(0, unread - n);
                System.arraycopy(previous, previousLength - fromPrevious, tail, 0, fromPrevious);
                System.arraycopy(buffer, n - (tail.length - fromPrevious), tail, fromPrevious, tail.length - fromPrevious);
                InputStream rest = new SequenceInputStream(new ByteArrayInputStream(tail), in);
                DicomFile header = builder.result();
                TransferSyntax ts = header.transferSyntax();
                return new Located(header, ts, readElement(new Position(rest, at), tag, ts));
            }
            byte[] swap = previous;
            previous = buffer;
            previousLength = n;
            buffer = swap;
        }
    }

    /** An input stream that knows how far into the file it is. */
    private static final class Position {
        private final InputStream in;
        private long offset;

        Position(InputStream in, long offset) {
            this.in = in;
            this.offset = offset;
        }

        byte[] read(int n) throws IOException {
            byte[] b = in.readNBytes(n);
            if (b.length < n) {
                throw new EOFException("the file ends at byte " + (offset + b.length) + ", inside an element header");
            }
            offset += n;
            return b;
        }

        void skip(long n) throws IOException {
            try {
                in.skipNBytes(n);
            } catch (EOFException e) {
                throw new DicomException("", offset, "a value of " + n + " bytes runs past the end of the file");
            }
            offset += n;
        }
    }

    private static ElementLocation readElement(Position p, int wanted, TransferSyntax ts) throws IOException {
        long headerOffset = p.offset;
        byte[] h = p.read(8);
        boolean bigEndian = ts.bigEndian();
        int tag = bigEndian ? (h[0] & 0xFF) << 24 | (h[1] & 0xFF) << 16 | (h[2] & 0xFF) << 8 | (h[3] & 0xFF)
            : (h[1] & 0xFF) << 24 | (h[0] & 0xFF) << 16 | (h[3] & 0xFF) << 8 | (h[2] & 0xFF);
        if (tag != wanted) {
            return null; // the parser stopped at a later tag: the element is absent
        }
        // Believe the bytes over the declared syntax, as the parser does for the first element
        Vr explicit = Vr.ofCode((h[4] & 0xFF) << 8 | (h[5] & 0xFF));
        Vr vr;
        long length;
        if (explicit != null) {
            vr = explicit;
            if (vr.hasLongHeader()) {
                length = uint32(p.read(4), 0, bigEndian);
            } else {
                length = bigEndian ? (h[6] & 0xFF) << 8 | (h[7] & 0xFF) : (h[7] & 0xFF) << 8 | (h[6] & 0xFF);
            }
        } else {
            vr = ElementDictionary.vrOf(tag);
            length = uint32(h, 4, bigEndian);
        }
        if (vr == Vr.SQ) {
            return new ElementLocation.Sequence(tag);
        }
        if (length == UNDEFINED) {
            if (tag != org.cairn.dicom.dict.Tag.PixelData) {
                return new ElementLocation.Sequence(tag); // undefined length outside pixel data: an (UN) sequence
            }
            return fragments(p, tag, headerOffset);
        }
        return new ElementLocation.Value(tag, vr == Vr.UN ? ElementDictionary.vrOf(tag) : vr, p.offset, length,
            bigEndian && vr != Vr.UN);
    }

    /**
     * The value at {@code value} read from {@code file} (the whole file from its first byte, taken over by the
     * returned stream), little endian: big-endian values are swapped by their VR's value size.
     */
    public static InputStream openValue(InputStream file, ElementLocation.Value value) {
        InputStream raw = new RangesInputStream(file, new PixelFrames.Ranges(new long[] {value.offset()},
            new long[] {value.length()}));
        int width = value.vr() == org.cairn.dicom.Vr.AT ? 2 : value.vr().bytesPerValue(); // AT: two 16-bit numbers
        return value.bigEndian() && width > 1 ? new ByteSwappingInputStream(raw, width) : raw;
    }

    /** Reads the item headers of encapsulated pixel data (always little endian, PS3.5 A.4), skipping the values. */
    private static ElementLocation.Fragments fragments(Position p, int tag, long headerOffset) throws IOException {
        long[] table = null;
        long[] items = new long[16];
        long[] values = new long[16];
        long[] lengths = new long[16];
        int[] heads = new int[16];
        int count = 0;
        while (true) {
            long itemOffset = p.offset;
            byte[] h = p.read(8);
            int itemTag = (h[1] & 0xFF) << 24 | (h[0] & 0xFF) << 16 | (h[3] & 0xFF) << 8 | (h[2] & 0xFF);
            long length = uint32(h, 4, false);
            if (itemTag == Tags.SEQUENCE_DELIMITATION) {
                break;
            }
            if (itemTag != Tags.ITEM || length == UNDEFINED) {
                throw new DicomException(Tags.toString(tag), itemOffset, "expected a fragment item, found "
                    + Tags.toString(itemTag) + (length == UNDEFINED ? " of undefined length" : ""));
            }
            if (table == null) {
                if (length > MAX_OFFSET_TABLE || length % 4 != 0) {
                    throw new DicomException(Tags.toString(tag), itemOffset, "a Basic Offset Table of " + length
                        + " bytes is not a list of 32-bit offsets");
                }
                byte[] t = p.read((int) length);
                table = new long[t.length / 4];
                for (int i = 0; i < table.length; i++) {
                    table[i] = uint32(t, 4 * i, false);
                }
                continue;
            }
            if (count == items.length) {
                if (count >= MAX_FRAGMENTS) {
                    throw new UnsupportedPixelDataException("more than " + MAX_FRAGMENTS + " pixel data fragments");
                }
                items = Arrays.copyOf(items, count * 2);
                values = Arrays.copyOf(values, count * 2);
                lengths = Arrays.copyOf(lengths, count * 2);
                heads = Arrays.copyOf(heads, count * 2);
            }
            items[count] = itemOffset;
            values[count] = p.offset;
            lengths[count] = length;
            int head = (int) Math.min(4, length);
            byte[] first = p.read(head);
            for (int i = 0; i < 4; i++) {
                heads[count] = heads[count] << 8 | (i < head ? first[i] & 0xFF : 0);
            }
            p.skip(length - head);
            count++;
        }
        if (table == null) {
            throw new DicomException(Tags.toString(tag), headerOffset, "encapsulated pixel data without a Basic Offset Table item");
        }
        return new ElementLocation.Fragments(tag, table, Arrays.copyOf(items, count), Arrays.copyOf(values, count),
            Arrays.copyOf(lengths, count), Arrays.copyOf(heads, count));
    }

    private static long uint32(byte[] b, int at, boolean bigEndian) {
        if (bigEndian) {
            return (long) (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF);
        }
        return (long) (b[at + 3] & 0xFF) << 24 | (b[at + 2] & 0xFF) << 16 | (b[at + 1] & 0xFF) << 8 | (b[at] & 0xFF);
    }
}
