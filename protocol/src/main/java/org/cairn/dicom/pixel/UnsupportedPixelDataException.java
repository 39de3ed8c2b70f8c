package org.cairn.dicom.pixel;

/**
 * Pixel data that is valid DICOM but that Cairn cannot extract or render: a compression without a decoder, a
 * layout that does not say where a frame is, an object without an image. The message says which, for the client.
 */
public final class UnsupportedPixelDataException extends RuntimeException {
    public UnsupportedPixelDataException(String message) {
        super(message);
    }

    public UnsupportedPixelDataException(String message, Throwable cause) {
        super(message, cause);
    }
}
