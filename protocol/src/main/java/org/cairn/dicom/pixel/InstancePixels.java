package org.cairn.dicom.pixel;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import org.cairn.dicom.DataElement;
import org.cairn.dicom.DicomFile;
import org.cairn.dicom.TransferSyntax;
import org.cairn.dicom.dict.Tag;

/**
 * The image of one instance's file: its attributes, how its pixels are described and where its frames are. Built
 * from one read of the file's header (and fragment item headers); each frame is then read from a fresh stream of
 * the file, by skipping to it.
 */
public final class InstancePixels {
    /** Attribute values longer than this are not kept from the header: enough for palettes and offset tables. */
    private static final long HEADER_VALUE_LIMIT = 1 << 20;

    private final DicomFile header;
    private final PixelFrames frames;

    private InstancePixels(DicomFile header, PixelFrames frames) {
        this.header = header;
        this.frames = frames;
    }

    /**
     * Reads the header and locates the frames of the file in {@code file} (from its first byte; the caller closes it).
     *
     * @throws NoPixelDataException           when the object has no image
     * @throws UnsupportedPixelDataException  when its frames cannot be located (deflated, or no frame boundaries)
     * @throws org.cairn.dicom.DicomException when the file is malformed
     */
    public static InstancePixels locate(InputStream file) throws IOException {
        ElementLocator.Located located = ElementLocator.locate(file, Tag.PixelData, HEADER_VALUE_LIMIT);
        if (located.location() == null) {
            throw new NoPixelDataException("the object has no Pixel Data");
        }
        PixelDescription description = PixelDescription.of(located.header().dataSet());
        DataElement eot = located.header().dataSet().get(Tag.ExtendedOffsetTable);
        byte[] extendedOffsets = eot == null || eot.isBulkDataPlaceholder() ? null : eot.bytes();
        return new InstancePixels(located.header(), PixelFrames.of(description, located.transferSyntax(),
            located.location(), extendedOffsets));
    }

    public DicomFile header() {
        return header;
    }

    public PixelDescription description() {
        return frames.description();
    }

    public TransferSyntax transferSyntax() {
        return frames.transferSyntax();
    }

    public PixelFrames frames() {
        return frames;
    }

    /**
     * Frame {@code index} (from 0), as {@link PixelFrames#open} serves it, read from {@code file} (a fresh stream of
     * the whole file, closed here). Frames longer than {@code maxBytes} are refused rather than loaded.
     */
    public byte[] readFrame(InputStream file, int index, long maxBytes) throws IOException {
        long length = frames.servedLength(index);
        if (length > maxBytes) {
            throw new UnsupportedPixelDataException("frame " + (index + 1) + " has " + length
                + " bytes, more than the " + maxBytes + " Cairn decodes in memory");
        }
        try (InputStream frame = frames.open(file, index)) {
            return frame.readAllBytes();
        }
    }

    /** Frame {@code index} decoded and rendered for display; {@code file} as for {@link #readFrame}. */
    public BufferedImage render(InputStream file, int index, RenderOptions options, long maxBytes) throws IOException {
        if (!FrameDecoder.canDecode(transferSyntax())) {
            file.close();
            throw new UnsupportedPixelDataException("no decoder for transfer syntax " + transferSyntax().uid()
                + ": Cairn renders uncompressed, RLE and 8-bit JPEG images");
        }
        long decodedBytes = (long) description().rows() * description().columns() * 4L;
        if (decodedBytes > maxBytes) {
            file.close();
            throw new UnsupportedPixelDataException("a frame of " + description().columns() + "x"
                + description().rows() + " is larger than Cairn renders in memory (" + maxBytes + " bytes)");
        }
        byte[] bytes = readFrame(file, index, maxBytes);
        DecodedFrame decoded = FrameDecoder.decode(description(), transferSyntax(), bytes);
        return FrameRenderer.render(description(), decoded, options);
    }
}
