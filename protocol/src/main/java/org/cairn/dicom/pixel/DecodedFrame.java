package org.cairn.dicom.pixel;

/**
 * A frame's pixels, decoded: for a monochrome image the stored values (sign-extended when signed), for a colour
 * image 0xRRGGBB per pixel, row by row.
 */
public record DecodedFrame(int width, int height, boolean rgb, int[] values) {
}
