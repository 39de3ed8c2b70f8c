package org.cairn.dicom.pixel;

/** The object has no image (no Pixel Data, or no Rows, Columns and Bits Allocated to read it with). */
public final class NoPixelDataException extends RuntimeException {
    public NoPixelDataException(String message) {
        super(message);
    }
}
