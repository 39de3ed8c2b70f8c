package org.cairn.dicom.pixel;

import java.util.ArrayList;
import java.util.List;
import org.cairn.dicom.DataElement;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.Values;
import org.cairn.dicom.dict.Tag;

/**
 * What the Image Pixel module (PS3.3 C.7.6.3) and the presentation attributes next to it say about the pixel data:
 * how a frame is laid out, and how its stored values become something to look at.
 *
 * @param rows                       (0028,0010)
 * @param columns                    (0028,0011)
 * @param samplesPerPixel            (0028,0002), 1 when absent
 * @param bitsAllocated              (0028,0100)
 * @param bitsStored                 (0028,0101), Bits Allocated when absent
 * @param pixelRepresentation        (0028,0103): 0 unsigned, 1 two's complement
 * @param planarConfiguration        (0028,0006): 0 colour-by-pixel, 1 colour-by-plane
 * @param photometricInterpretation  (0028,0004), upper case, MONOCHROME2 when absent
 * @param numberOfFrames             (0028,0008), 1 when absent or not a positive number
 * @param rescaleSlope               (0028,1053), 1 when absent
 * @param rescaleIntercept           (0028,1052), 0 when absent
 * @param windows                    the (0028,1050)/(0028,1051) pairs, in order
 * @param voiLutFunction             (0028,1056), LINEAR when absent
 * @param palette                    the Palette Color lookup tables, or {@code null}
 */
public record PixelDescription(int rows, int columns, int samplesPerPixel, int bitsAllocated, int bitsStored,
                               int pixelRepresentation, int planarConfiguration, String photometricInterpretation,
                               int numberOfFrames, double rescaleSlope, double rescaleIntercept,
                               List<VoiWindow> windows, String voiLutFunction, Palette palette) {

    /** The red, green and blue tables of a PALETTE COLOR image, each entry scaled to 0..255. */
    public record Palette(int firstMapped, int[] red, int[] green, int[] blue) {
    }

    /** Reads the description from a data set (its top level); throws {@link NoPixelDataException} without Rows, Columns or Bits Allocated. */
    public static PixelDescription of(DataSet ds) {
        int rows = ds.getInt(Tag.Rows, -1);
        int columns = ds.getInt(Tag.Columns, -1);
        int bitsAllocated = ds.getInt(Tag.BitsAllocated, -1);
        if (rows <= 0 || columns <= 0 || bitsAllocated <= 0) {
            throw new NoPixelDataException("the object has no image: Rows, Columns or Bits Allocated is missing");
        }
        int samples = Math.max(1, ds.getInt(Tag.SamplesPerPixel, 1));
        int bitsStored = ds.getInt(Tag.BitsStored, bitsAllocated);
        if (bitsStored <= 0 || bitsStored > bitsAllocated) {
            bitsStored = bitsAllocated;
        }
        int frames = ds.getInt(Tag.NumberOfFrames, 1);
        String photometric = ds.getString(Tag.PhotometricInterpretation);
        photometric = photometric == null ? "MONOCHROME2" : photometric.trim().toUpperCase(java.util.Locale.ROOT);
        String function = ds.getString(Tag.VOILUTFunction);
        List<VoiWindow> windows = new ArrayList<>();
        List<String> centers = ds.getStrings(Tag.WindowCenter);
        List<String> widths = ds.getStrings(Tag.WindowWidth);
        for (int i = 0; i < Math.min(centers.size(), widths.size()); i++) {
            try {
                double width = Double.parseDouble(widths.get(i).trim());
                if (width >= 1) {
                    windows.add(new VoiWindow(Double.parseDouble(centers.get(i).trim()), width,
                        VoiWindow.Function.of(function)));
                }
            } catch (NumberFormatException ignored) {
                // an unreadable window is skipped: the next one, or the pixel range, is used instead
            }
        }
        return new PixelDescription(rows, columns, samples, bitsAllocated, bitsStored,
            ds.getInt(Tag.PixelRepresentation, 0) == 1 ? 1 : 0, ds.getInt(Tag.PlanarConfiguration, 0) == 1 ? 1 : 0,
            photometric, Math.max(frames, 1), decimal(ds, Tag.RescaleSlope, 1), decimal(ds, Tag.RescaleIntercept, 0),
            List.copyOf(windows), function == null ? "LINEAR" : function.trim().toUpperCase(java.util.Locale.ROOT),
            photometric.equals("PALETTE COLOR") ? palette(ds) : null);
    }

    /**
     * Bits in one frame of native pixel data. Uncompressed YBR_FULL_422 holds two luminance and two chrominance
     * samples per pair of pixels (PS3.3 C.7.6.3.1.2), so two samples per pixel rather than three.
     */
    public long frameBits() {
        int samples = photometricInterpretation.equals("YBR_FULL_422") ? 2 : samplesPerPixel;
        return (long) rows * columns * samples * bitsAllocated;
    }

    /** Bytes of one frame when it is served on its own (a 1-bit frame is padded to a whole byte). */
    public long frameBytes() {
        return (frameBits() + 7) / 8;
    }

    public boolean signed() {
        return pixelRepresentation == 1;
    }

    public boolean monochrome() {
        return photometricInterpretation.startsWith("MONOCHROME");
    }

    private static double decimal(DataSet ds, int tag, double fallback) {
        String value = ds.getString(tag);
        if (value == null) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(value.trim());
            return Double.isFinite(d) ? d : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static Palette palette(DataSet ds) {
        DataElement descriptor = ds.get(Tag.RedPaletteColorLookupTableDescriptor);
        if (descriptor == null || descriptor.bytes() == null || descriptor.length() < 6) {
            return null;
        }
        int entries = Values.uint16(descriptor.bytes(), 0, descriptor.bigEndian());
        int first = Values.uint16(descriptor.bytes(), 2, descriptor.bigEndian());
        int bits = Values.uint16(descriptor.bytes(), 4, descriptor.bigEndian());
        entries = entries == 0 ? 65536 : entries;
        int[] red = table(ds.get(Tag.RedPaletteColorLookupTableData), entries, bits);
        int[] green = table(ds.get(Tag.GreenPaletteColorLookupTableData), entries, bits);
        int[] blue = table(ds.get(Tag.BluePaletteColorLookupTableData), entries, bits);
        return red == null || green == null || blue == null ? null : new Palette(first, red, green, blue);
    }

    /** A table's entries scaled to 8 bits: one byte per entry, or 16-bit words holding 8- or 16-bit entries. */
    private static int[] table(DataElement data, int entries, int bits) {
        if (data == null || data.bytes() == null) {
            return null;
        }
        byte[] b = data.bytes();
        int[] out = new int[entries];
        if (b.length == entries) {
            for (int i = 0; i < entries; i++) {
                out[i] = b[i] & 0xFF;
            }
            return out;
        }
        if (b.length < 2 * entries) {
            return null;
        }
        int max = 0;
        for (int i = 0; i < entries; i++) {
            out[i] = Values.uint16(b, 2 * i, data.bigEndian());
            max = Math.max(max, out[i]);
        }
        // Bits says 8 or 16, but writers disagree on where 8-bit entries sit in their words: look at the values
        int shift = bits == 8 && max < 256 ? 0 : 8;
        for (int i = 0; i < entries; i++) {
            out[i] = out[i] >> shift;
        }
        return out;
    }
}
