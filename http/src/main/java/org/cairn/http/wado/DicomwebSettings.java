package org.cairn.http.wado;

import com.typesafe.config.Config;

/**
 * The {@code cairn.dicomweb} settings of the retrieve side (see reference.conf for each key's meaning and range).
 *
 * @param jpegQuality              quality of rendered JPEG images, 1 to 100
 * @param thumbnailSize            the box thumbnails fit in, in pixels
 * @param maxRenderedFrameBytes    frames larger than this (decoded) are refused rather than rendered in memory
 * @param metadataBulkDataUri      whether metadata gives Pixel Data a BulkDataURI
 * @param metadataBatchSize        instances whose attributes are read from the views per query
 */
public record DicomwebSettings(int jpegQuality, int thumbnailSize, long maxRenderedFrameBytes,
                               boolean metadataBulkDataUri, int metadataBatchSize) {

    public DicomwebSettings {
        if (jpegQuality < 1 || jpegQuality > 100) {
            throw new IllegalArgumentException("cairn.dicomweb.jpeg-quality must be 1 to 100: " + jpegQuality);
        }
        if (thumbnailSize < 8 || thumbnailSize > 4096) {
            throw new IllegalArgumentException("cairn.dicomweb.thumbnail-size must be 8 to 4096: " + thumbnailSize);
        }
        if (maxRenderedFrameBytes < 1 << 20) {
            throw new IllegalArgumentException("cairn.dicomweb.max-rendered-frame-size must be at least 1 MiB");
        }
        if (metadataBatchSize < 1 || metadataBatchSize > 1000) {
            throw new IllegalArgumentException("cairn.dicomweb.metadata-batch-size must be 1 to 1000");
        }
    }

    /** The defaults of reference.conf. */
    public static DicomwebSettings defaults() {
        return new DicomwebSettings(90, 128, 256L << 20, true, 50);
    }

    /** Reads the {@code cairn.dicomweb} block of {@code config} (the application's whole config). */
    public static DicomwebSettings fromConfig(Config config) {
        Config c = config.getConfig("cairn.dicomweb");
        return new DicomwebSettings(c.getInt("jpeg-quality"), c.getInt("thumbnail-size"),
            c.getBytes("max-rendered-frame-size"), c.getBoolean("metadata-bulk-data-uri"),
            c.getInt("metadata-batch-size"));
    }
}
