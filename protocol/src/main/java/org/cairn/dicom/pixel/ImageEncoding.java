package org.cairn.dicom.pixel;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Encodes a rendered image as JPEG (with a quality) or PNG, with the JDK's writers. */
public final class ImageEncoding {

    /** The consumer formats of PS3.18 8.7.4 that Cairn renders to. */
    public enum Format {
        JPEG("image/jpeg", "jpeg"), PNG("image/png", "png");

        private final String mediaType;
        private final String imageIoName;

        Format(String mediaType, String imageIoName) {
            this.mediaType = mediaType;
            this.imageIoName = imageIoName;
        }

        public String mediaType() {
            return mediaType;
        }
    }

    private ImageEncoding() {
    }

    /** The image's bytes; {@code quality} (1 to 100) applies to JPEG. */
    public static byte[] encode(BufferedImage image, Format format, int quality) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName(format.imageIoName);
        if (!writers.hasNext()) {
            throw new UnsupportedPixelDataException("this Java runtime has no " + format.mediaType + " writer");
        }
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            if (format == Format.JPEG) {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(Math.max(1, Math.min(100, quality)) / 100f);
            }
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
