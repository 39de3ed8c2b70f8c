package org.cairn.dicom.pixel;

import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.cairn.dicom.TransferSyntax;

/**
 * Turns one frame's bytes (as {@link PixelFrames#open} serves them) into pixel values: native data of 1 to 32
 * bits, RLE Lossless, and JPEG Baseline or 8-bit Extended through the JDK's JPEG reader. Other compressions have
 * no decoder here and are refused with {@link UnsupportedPixelDataException}.
 *
 * <p>Colour becomes RGB: YBR_FULL and YBR_FULL_422 are converted (PS3.3 C.7.6.3.1.2), PALETTE COLOR is looked up.
 */
public final class FrameDecoder {
    public static final String JPEG_BASELINE = "1.2.840.10008.1.2.4.50";
    public static final String JPEG_EXTENDED = "1.2.840.10008.1.2.4.51";
    public static final String RLE_LOSSLESS = "1.2.840.10008.1.2.5";

    private FrameDecoder() {
    }

    /** Whether frames of this transfer syntax can be decoded (JPEG Extended only when 8-bit, found when decoding). */
    public static boolean canDecode(TransferSyntax ts) {
        return ts.isNative() || ts.uid().equals(JPEG_BASELINE) || ts.uid().equals(JPEG_EXTENDED)
            || ts.uid().equals(RLE_LOSSLESS);
    }

    public static DecodedFrame decode(PixelDescription d, TransferSyntax ts, byte[] frame) {
        if (ts.isNative()) {
            return fromNative(d, frame);
        }
        if (ts.uid().equals(RLE_LOSSLESS)) {
            return fromRle(d, frame);
        }
        if (ts.uid().equals(JPEG_BASELINE) || ts.uid().equals(JPEG_EXTENDED)) {
            return fromJpeg(d, frame);
        }
        throw new UnsupportedPixelDataException("no decoder for transfer syntax " + ts.uid()
            + ": Cairn renders uncompressed, RLE and 8-bit JPEG images");
    }

    private static DecodedFrame fromNative(PixelDescription d, byte[] b) {
        int pixels = d.rows() * d.columns();
        int bits = d.bitsAllocated();
        if (bits != 1 && bits != 8 && bits != 16 && bits != 32) {
            throw new UnsupportedPixelDataException("Bits Allocated " + bits + " is not rendered");
        }
        String photometric = d.photometricInterpretation();
        if (photometric.equals("YBR_FULL_422") && d.samplesPerPixel() == 3) {
            if (bits != 8) {
                throw new UnsupportedPixelDataException("uncompressed YBR_FULL_422 of " + bits + " bits is not rendered");
            }
            int[] rgb = new int[pixels];
            for (int p = 0; p < pixels; p++) {
                int pair = (p / 2) * 4; // Y1 Y2 Cb Cr for every two pixels of a row
                int y = b[pair + (p % 2)] & 0xFF;
                rgb[p] = ycbcr(y, b[pair + 2] & 0xFF, b[pair + 3] & 0xFF);
            }
            return new DecodedFrame(d.columns(), d.rows(), true, rgb);
        }
        int samples = d.samplesPerPixel();
        int[] values = new int[pixels * samples];
        for (int i = 0; i < values.length; i++) {
            values[i] = switch (bits) {
                case 1 -> (b[i >> 3] >> (i & 7)) & 1;
                case 8 -> b[i] & 0xFF;
                case 16 -> (b[2 * i] & 0xFF) | (b[2 * i + 1] & 0xFF) << 8;
                default -> (b[4 * i] & 0xFF) | (b[4 * i + 1] & 0xFF) << 8 | (b[4 * i + 2] & 0xFF) << 16
                    | (b[4 * i + 3] & 0xFF) << 24;
            };
        }
        return assemble(d, values, samples == 3 && d.planarConfiguration() == 1);
    }

    private static DecodedFrame fromRle(PixelDescription d, byte[] frame) {
        int pixels = d.rows() * d.columns();
        int bytesPerSample = (d.bitsAllocated() + 7) / 8;
        byte[][] segments = RleDecoder.segments(frame, pixels);
        int samples = d.samplesPerPixel();
        if (segments.length != samples * bytesPerSample) {
            throw new UnsupportedPixelDataException("an RLE frame of " + segments.length + " segments for "
                + samples + " samples of " + d.bitsAllocated() + " bits");
        }
        int[] values = new int[pixels * samples];
        for (int s = 0; s < samples; s++) {
            for (int p = 0; p < pixels; p++) {
                int v = 0;
                for (int k = 0; k < bytesPerSample; k++) {
                    v = v << 8 | (segments[s * bytesPerSample + k][p] & 0xFF);
                }
                values[s * pixels + p] = v; // planes: RLE segments hold one sample each
            }
        }
        return assemble(d, values, samples == 3);
    }

    private static DecodedFrame fromJpeg(PixelDescription d, byte[] frame) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName("jpeg");
        if (!readers.hasNext()) {
            throw new UnsupportedPixelDataException("this Java runtime has no JPEG reader");
        }
        ImageReader reader = readers.next();
        Raster raster;
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(frame))) {
            reader.setInput(in);
            raster = reader.readRaster(0, null); // the decoded samples, without the reader's colour conversion
        } catch (IOException | RuntimeException e) {
            throw new UnsupportedPixelDataException("the JPEG frame cannot be decoded by the Java runtime ("
                + e.getMessage() + "); 12-bit and lossless JPEG are not supported", e);
        } finally {
            reader.dispose();
        }
        int width = raster.getWidth();
        int height = raster.getHeight();
        int bands = raster.getNumBands();
        if (bands != 1 && bands != 3) {
            throw new UnsupportedPixelDataException("a JPEG frame of " + bands + " components");
        }
        int pixels = width * height;
        int[] samples = raster.getPixels(0, 0, width, height, (int[]) null);
        if (bands == 1) {
            PixelDescription sized = resized(d, width, height);
            return assemble(sized, samples, false);
        }
        boolean ycbcr = JpegColour.isYcbcr(frame, d.photometricInterpretation());
        int[] rgb = new int[pixels];
        for (int p = 0; p < pixels; p++) {
            int a = samples[3 * p];
            int b = samples[3 * p + 1];
            int c = samples[3 * p + 2];
            rgb[p] = ycbcr ? ycbcr(a, b, c) : a << 16 | b << 8 | c;
        }
        return new DecodedFrame(width, height, true, rgb);
    }

    private static PixelDescription resized(PixelDescription d, int width, int height) {
        if (d.columns() == width && d.rows() == height) {
            return d;
        }
        return new PixelDescription(height, width, d.samplesPerPixel(), d.bitsAllocated(), d.bitsStored(),
            d.pixelRepresentation(), d.planarConfiguration(), d.photometricInterpretation(), d.numberOfFrames(),
            d.rescaleSlope(), d.rescaleIntercept(), d.windows(), d.voiLutFunction(), d.palette());
    }

    /**
     * Values as read (interleaved, or planes when {@code planar}) into a frame: monochrome values masked to Bits
     * Stored and sign-extended, colour samples scaled to 8 bits and converted to RGB.
     */
    private static DecodedFrame assemble(PixelDescription d, int[] values, boolean planar) {
        int pixels = d.rows() * d.columns();
        int samples = d.samplesPerPixel();
        if (samples == 1) {
            int stored = d.bitsStored();
            if (d.photometricInterpretation().equals("PALETTE COLOR") && d.palette() != null) {
                PixelDescription.Palette lut = d.palette();
                int[] rgb = new int[pixels];
                for (int p = 0; p < pixels; p++) {
                    int v = stored < 32 ? values[p] & ((1 << stored) - 1) : values[p];
                    int i = Math.max(0, Math.min(lut.red().length - 1, v - lut.firstMapped()));
                    rgb[p] = lut.red()[i] << 16 | lut.green()[i] << 8 | lut.blue()[i];
                }
                return new DecodedFrame(d.columns(), d.rows(), true, rgb);
            }
            if (stored < 32) {
                int mask = (1 << stored) - 1;
                int sign = 1 << (stored - 1);
                for (int p = 0; p < pixels; p++) {
                    int v = values[p] & mask;
                    values[p] = d.signed() && (v & sign) != 0 ? v - (1 << stored) : v;
                }
            }
            return new DecodedFrame(d.columns(), d.rows(), false, values.length == pixels ? values
                : java.util.Arrays.copyOf(values, pixels));
        }
        if (samples != 3) {
            throw new UnsupportedPixelDataException(samples + " samples per pixel are not rendered");
        }
        int shift = Math.max(0, d.bitsStored() - 8);
        boolean ycbcr = d.photometricInterpretation().startsWith("YBR_FULL");
        int[] rgb = new int[pixels];
        for (int p = 0; p < pixels; p++) {
            int a = (planar ? values[p] : values[3 * p]) >>> shift & 0xFF;
            int b = (planar ? values[pixels + p] : values[3 * p + 1]) >>> shift & 0xFF;
            int c = (planar ? values[2 * pixels + p] : values[3 * p + 2]) >>> shift & 0xFF;
            rgb[p] = ycbcr ? ycbcr(a, b, c) : a << 16 | b << 8 | c;
        }
        return new DecodedFrame(d.columns(), d.rows(), true, rgb);
    }

    /** Full-range YCbCr to RGB (PS3.3 C.7.6.3.1.2, YBR_FULL). */
    static int ycbcr(int y, int cb, int cr) {
        int r = clamp(y + 1.402 * (cr - 128));
        int g = clamp(y - 0.344136 * (cb - 128) - 0.714136 * (cr - 128));
        int b = clamp(y + 1.772 * (cb - 128));
        return r << 16 | g << 8 | b;
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
