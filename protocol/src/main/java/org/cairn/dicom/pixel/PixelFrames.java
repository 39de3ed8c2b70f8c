package org.cairn.dicom.pixel;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.cairn.dicom.TransferSyntax;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.Tag;

/**
 * The frames of an instance's pixel data, as byte ranges of its file: computed from the Image Pixel attributes
 * for native data, and from the Basic or Extended Offset Table, or the fragments themselves, for encapsulated data
 * (PS3.5 A.4). A frame is then read by skipping to its ranges, never by loading the pixel data.
 *
 * <p>Native frames are served as PS3.18 wants uncompressed bulk data: little endian, each frame starting on a
 * byte (1-bit frames that do not are shifted).
 */
public final class PixelFrames {

    /** Byte ranges of a file, in ascending order. */
    public record Ranges(long[] offsets, long[] lengths) {
        public long total() {
            long sum = 0;
            for (long l : lengths) {
                sum += l;
            }
            return sum;
        }
    }

    private final PixelDescription description;
    private final TransferSyntax transferSyntax;
    private final ElementLocation location;
    private final int count;
    /** Encapsulated: the index of each frame's first fragment, plus the fragment count at the end. */
    private final int[] frameStarts;

    private PixelFrames(PixelDescription description, TransferSyntax transferSyntax, ElementLocation location,
                        int count, int[] frameStarts) {
        this.description = description;
        this.transferSyntax = transferSyntax;
        this.location = location;
        this.count = count;
        this.frameStarts = frameStarts;
    }

    /**
     * The frames of pixel data at {@code pixelData} ({@link ElementLocator} with {@link Tag#PixelData}).
     *
     * @param extendedOffsetTable the (7FE0,0001) value, or {@code null}
     * @throws NoPixelDataException          when there is no pixel data
     * @throws UnsupportedPixelDataException when the pixel data does not say where its frames are
     */
    public static PixelFrames of(PixelDescription description, TransferSyntax ts, ElementLocation pixelData,
                                 byte[] extendedOffsetTable) {
        if (pixelData == null) {
            throw new NoPixelDataException("the object has no Pixel Data");
        }
        int frames = description.numberOfFrames();
        if (pixelData instanceof ElementLocation.Value v) {
            if (description.frameBits() == 0) {
                throw new UnsupportedPixelDataException("the image has no pixels");
            }
            long available = v.length() * 8 / description.frameBits();
            if (available < frames) {
                throw new UnsupportedPixelDataException("Pixel Data holds " + v.length() + " bytes, fewer than the "
                    + frames + " frames of " + description.rows() + "x" + description.columns() + " it declares");
            }
            return new PixelFrames(description, ts, pixelData, frames, null);
        }
        if (pixelData instanceof ElementLocation.Fragments f) {
            return new PixelFrames(description, ts, pixelData, frames, frameStarts(f, frames, extendedOffsetTable));
        }
        throw new UnsupportedPixelDataException("Pixel Data is encoded as a sequence");
    }

    public int count() {
        return count;
    }

    public boolean encapsulated() {
        return location instanceof ElementLocation.Fragments;
    }

    public PixelDescription description() {
        return description;
    }

    public TransferSyntax transferSyntax() {
        return transferSyntax;
    }

    /** Where frame {@code index} (from 0) lies: one range for native data, its fragments' values for encapsulated. */
    public Ranges ranges(int index) {
        checkIndex(index);
        if (location instanceof ElementLocation.Fragments f) {
            int from = frameStarts[index];
            int to = frameStarts[index + 1];
            long[] offsets = new long[to - from];
            long[] lengths = new long[to - from];
            for (int i = from; i < to; i++) {
                offsets[i - from] = f.valueOffsets()[i];
                lengths[i - from] = f.lengths()[i];
            }
            return new Ranges(offsets, lengths);
        }
        ElementLocation.Value v = (ElementLocation.Value) location;
        long startBit = index * description.frameBits();
        long endBit = startBit + description.frameBits();
        long first = startBit / 8;
        long end = (endBit + 7) / 8;
        return new Ranges(new long[] {v.offset() + first}, new long[] {end - first});
    }

    /** The length of frame {@code index} as {@link #open} serves it. */
    public long servedLength(int index) {
        return encapsulated() ? ranges(index).total() : description.frameBytes();
    }

    /**
     * Frame {@code index} (from 0) read from {@code file}, a stream of the whole file from its first byte that the
     * returned stream takes over (closing it closes the file).
     */
    public InputStream open(InputStream file, int index) throws IOException {
        Ranges ranges = ranges(index);
        InputStream raw = new RangesInputStream(file, ranges);
        if (encapsulated()) {
            return raw;
        }
        ElementLocation.Value v = (ElementLocation.Value) location;
        long startBit = index * description.frameBits();
        if (startBit % 8 != 0 || description.frameBits() % 8 != 0) {
            // 1-bit frames that start or end inside a byte: realigned in memory (an eighth of the frame's pixels)
            try (raw) {
                return new ByteArrayInputStream(realignBits(raw.readAllBytes(), (int) (startBit % 8),
                    description.frameBits()));
            }
        }
        int width = swapWidth(v);
        return width > 1 ? new ByteSwappingInputStream(raw, width) : raw;
    }

    /** Bytes per swapped unit when the value is big endian: the pixel size, or the OW word for 8-bit OW data. */
    private int swapWidth(ElementLocation.Value v) {
        if (!v.bigEndian()) {
            return 1;
        }
        int bits = description.bitsAllocated();
        if (bits == 16 || bits == 32 || bits == 64) {
            return bits / 8;
        }
        return v.vr() == Vr.OW ? 2 : 1;
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("frame " + (index + 1) + " of " + count);
        }
    }

    /** The frame's bits moved down by {@code shift}, so that its first pixel is bit 0 of byte 0 (PS3.5 8.1.1). */
    private static byte[] realignBits(byte[] in, int shift, long frameBits) {
        byte[] out = new byte[(int) ((frameBits + 7) / 8)];
        for (int i = 0; i < out.length; i++) {
            int low = (in[i] & 0xFF) >>> shift;
            int high = i + 1 < in.length ? (in[i + 1] & 0xFF) << (8 - shift) : 0;
            out[i] = (byte) (low | high);
        }
        int tail = (int) (frameBits % 8);
        if (tail != 0) {
            out[out.length - 1] &= (byte) ((1 << tail) - 1); // the bits after the last pixel are the next frame's
        }
        return out;
    }

    /**
     * Which fragments make each frame: one frame takes all; otherwise the Basic Offset Table, then the Extended
     * Offset Table, then one fragment per frame, then codestream starts (JPEG SOI, JPEG 2000 SOC or JP2 signature)
     * decide.
     */
    static int[] frameStarts(ElementLocation.Fragments f, int frames, byte[] extendedOffsetTable) {
        int fragments = f.count();
        if (fragments == 0) {
            throw new UnsupportedPixelDataException("the encapsulated Pixel Data has no fragments");
        }
        if (frames == 1) {
            return new int[] {0, fragments};
        }
        long[] offsets = f.basicOffsetTable();
        if (offsets.length == 0 && extendedOffsetTable != null && extendedOffsetTable.length >= 8L * frames) {
            offsets = new long[frames];
            for (int i = 0; i < frames; i++) {
                long value = 0;
                for (int b = 7; b >= 0; b--) {
                    value = value << 8 | (extendedOffsetTable[8 * i + b] & 0xFF);
                }
                offsets[i] = value;
            }
        }
        if (offsets.length == frames) {
            int[] starts = fromOffsets(f, offsets);
            if (starts != null) {
                return starts;
            }
        }
        if (fragments == frames) {
            int[] starts = new int[frames + 1];
            for (int i = 0; i <= frames; i++) {
                starts[i] = i;
            }
            return starts;
        }
        if (fragments > frames) {
            List<Integer> codestreams = new ArrayList<>();
            for (int i = 0; i < fragments; i++) {
                if (startsCodestream(f.heads()[i])) {
                    codestreams.add(i);
                }
            }
            if (codestreams.size() == frames && codestreams.get(0) == 0) {
                int[] starts = new int[frames + 1];
                for (int i = 0; i < frames; i++) {
                    starts[i] = codestreams.get(i);
                }
                starts[frames] = fragments;
                return starts;
            }
        }
        throw new UnsupportedPixelDataException("cannot tell which of the " + fragments + " fragments make each of the "
            + frames + " frames: the offset tables are empty and the fragments do not show where frames start");
    }

    private static int[] fromOffsets(ElementLocation.Fragments f, long[] offsets) {
        long base = f.itemOffsets()[0];
        int[] starts = new int[offsets.length + 1];
        int fragment = 0;
        for (int frame = 0; frame < offsets.length; frame++) {
            long wanted = base + offsets[frame];
            while (fragment < f.count() && f.itemOffsets()[fragment] < wanted) {
                fragment++;
            }
            if (fragment == f.count() || f.itemOffsets()[fragment] != wanted || (frame > 0 && fragment <= starts[frame - 1])) {
                return null; // the table does not point at fragment items: not to be believed
            }
            starts[frame] = fragment;
        }
        starts[offsets.length] = f.count();
        return starts;
    }

    /** JPEG and JPEG-LS start with SOI (FFD8), a JPEG 2000 codestream with SOC (FF4F), a JP2 file with its box. */
    private static boolean startsCodestream(int head) {
        int marker = head >>> 16;
        return marker == 0xFFD8 || marker == 0xFF4F || head == 0x0000000C;
    }
}
