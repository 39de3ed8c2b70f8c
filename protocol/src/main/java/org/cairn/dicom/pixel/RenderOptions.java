package org.cairn.dicom.pixel;

/**
 * How to present a frame (PS3.18 8.3.5.1): a VOI window that overrides the file's, the part of the image to show
 * and the size to fit it in.
 *
 * @param window     the window to apply, or {@code null} for the file's first window, else the frame's value range
 * @param region     the part of the image in pixels, or {@code null} for all of it
 * @param maxWidth   the width to fit the result in (aspect ratio kept), or 0 for no limit
 * @param maxHeight  the height to fit the result in, or 0 for no limit
 */
public record RenderOptions(VoiWindow window, Region region, int maxWidth, int maxHeight) {

    /** A rectangle of the image, in pixels. */
    public record Region(int x, int y, int width, int height) {
        public Region {
            if (x < 0 || y < 0 || width <= 0 || height <= 0) {
                throw new IllegalArgumentException("a region starts at 0 or more and has a positive size");
            }
        }
    }

    public RenderOptions {
        if (maxWidth < 0 || maxHeight < 0) {
            throw new IllegalArgumentException("a viewport size cannot be negative");
        }
    }

    /** The whole frame, the file's window, at its own size. */
    public static RenderOptions defaults() {
        return new RenderOptions(null, null, 0, 0);
    }
}
