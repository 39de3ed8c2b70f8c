package org.cairn.dicom.pixel;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;

/**
 * Renders a decoded frame for display (PS3.18 8.3.5, PS3.4 N.2): monochrome values go through the Modality LUT
 * (Rescale Slope and Intercept) and a VOI window to 8-bit grey, MONOCHROME1 inverted; colour is shown as it is.
 * The result is cut to the requested region and scaled to fit the viewport keeping its aspect ratio.
 */
public final class FrameRenderer {
    private FrameRenderer() {
    }

    public static BufferedImage render(PixelDescription d, DecodedFrame frame, RenderOptions options) {
        BufferedImage image = frame.rgb() ? rgb(frame) : grey(d, frame, options.window());
        if (options.region() != null) {
            RenderOptions.Region r = options.region();
            int x = Math.min(r.x(), image.getWidth() - 1);
            int y = Math.min(r.y(), image.getHeight() - 1);
            image = image.getSubimage(x, y, Math.min(r.width(), image.getWidth() - x),
                Math.min(r.height(), image.getHeight() - y));
        }
        return fit(image, options.maxWidth(), options.maxHeight());
    }

    private static BufferedImage rgb(DecodedFrame frame) {
        BufferedImage image = new BufferedImage(frame.width(), frame.height(), BufferedImage.TYPE_INT_RGB);
        int[] target = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        System.arraycopy(frame.values(), 0, target, 0, Math.min(target.length, frame.values().length));
        return image;
    }

    private static BufferedImage grey(PixelDescription d, DecodedFrame frame, VoiWindow requested) {
        int[] values = frame.values();
        double slope = d.rescaleSlope();
        double intercept = d.rescaleIntercept();
        VoiWindow window = requested;
        if (window == null && !d.windows().isEmpty()) {
            window = d.windows().get(0);
        }
        if (window == null) {
            window = rangeWindow(values, slope, intercept);
        }
        boolean invert = d.photometricInterpretation().equals("MONOCHROME1");
        BufferedImage image = new BufferedImage(frame.width(), frame.height(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] target = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        // a table over the stored values when their range is small (the common case of 8 to 16 bits)
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        long span = (long) max - min + 1;
        if (span <= 1 << 20) {
            byte[] lut = new byte[(int) span];
            for (int i = 0; i < lut.length; i++) {
                lut[i] = level((min + i) * slope + intercept, window, invert);
            }
            for (int p = 0; p < target.length; p++) {
                target[p] = lut[values[p] - min];
            }
        } else {
            for (int p = 0; p < target.length; p++) {
                target[p] = level(values[p] * slope + intercept, window, invert);
            }
        }
        return image;
    }

    private static byte level(double modality, VoiWindow window, boolean invert) {
        int g = (int) Math.round(window.apply(modality) * 255);
        return (byte) (invert ? 255 - g : g);
    }

    /** A LINEAR_EXACT window over the frame's modality values: the whole range from black to white. */
    private static VoiWindow rangeWindow(int[] values, double slope, double intercept) {
        double low = Double.MAX_VALUE;
        double high = -Double.MAX_VALUE;
        for (int v : values) {
            double m = v * slope + intercept;
            low = Math.min(low, m);
            high = Math.max(high, m);
        }
        if (values.length == 0) {
            low = 0;
            high = 1;
        }
        double width = Math.max(high - low, 1e-6);
        return new VoiWindow(low + width / 2, width, VoiWindow.Function.LINEAR_EXACT);
    }

    /**
     * Scaled, up or down, to the largest size that fits in the box (0 = unbounded), aspect ratio kept; halving
     * steps first when reducing, for a smooth result.
     */
    static BufferedImage fit(BufferedImage image, int maxWidth, int maxHeight) {
        double scale = Double.MAX_VALUE;
        if (maxWidth > 0) {
            scale = Math.min(scale, (double) maxWidth / image.getWidth());
        }
        if (maxHeight > 0) {
            scale = Math.min(scale, (double) maxHeight / image.getHeight());
        }
        if (scale == Double.MAX_VALUE) {
            return image;
        }
        int width = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int height = Math.max(1, (int) Math.round(image.getHeight() * scale));
        if (width == image.getWidth() && height == image.getHeight()) {
            return image;
        }
        BufferedImage current = image;
        while (current.getWidth() / 2 >= width && current.getHeight() / 2 >= height) {
            current = draw(current, current.getWidth() / 2, current.getHeight() / 2);
        }
        return draw(current, width, height);
    }

    private static BufferedImage draw(BufferedImage source, int width, int height) {
        BufferedImage target = new BufferedImage(width, height, source.getType() == BufferedImage.TYPE_BYTE_GRAY
            ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        Graphics2D g = target.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(source, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return target;
    }
}
