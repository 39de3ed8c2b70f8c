package org.cairn.http.wado;

import java.util.Map;
import org.cairn.dicom.TransferSyntax;

/**
 * The media type a frame is served as (PS3.18 8.7.3.5, Table 8.7.3-5): uncompressed frames as
 * application/octet-stream, compressed ones as the image or video type of their transfer syntax, and
 * application/octet-stream with the transfer syntax named for syntaxes without one of their own.
 */
final class FrameMediaTypes {
    /** Transfer syntax UID to media type. */
    private static final Map<String, String> TYPES = Map.ofEntries(
        Map.entry("1.2.840.10008.1.2.4.50", "image/jpeg"),
        Map.entry("1.2.840.10008.1.2.4.51", "image/jpeg"),
        Map.entry("1.2.840.10008.1.2.4.57", "image/jpeg"),
        Map.entry("1.2.840.10008.1.2.4.70", "image/jpeg"),
        Map.entry("1.2.840.10008.1.2.4.80", "image/jls"),
        Map.entry("1.2.840.10008.1.2.4.81", "image/jls"),
        Map.entry("1.2.840.10008.1.2.4.90", "image/jp2"),
        Map.entry("1.2.840.10008.1.2.4.91", "image/jp2"),
        Map.entry("1.2.840.10008.1.2.4.92", "image/jpx"),
        Map.entry("1.2.840.10008.1.2.4.93", "image/jpx"),
        Map.entry("1.2.840.10008.1.2.4.201", "image/jphc"),
        Map.entry("1.2.840.10008.1.2.4.202", "image/jphc"),
        Map.entry("1.2.840.10008.1.2.4.203", "image/jphc"),
        Map.entry("1.2.840.10008.1.2.5", "image/dicom-rle"),
        Map.entry("1.2.840.10008.1.2.4.100", "video/mpeg"),
        Map.entry("1.2.840.10008.1.2.4.101", "video/mpeg"),
        Map.entry("1.2.840.10008.1.2.4.102", "video/mp4"),
        Map.entry("1.2.840.10008.1.2.4.103", "video/mp4"),
        Map.entry("1.2.840.10008.1.2.4.104", "video/mp4"),
        Map.entry("1.2.840.10008.1.2.4.105", "video/mp4"),
        Map.entry("1.2.840.10008.1.2.4.106", "video/mp4"),
        Map.entry("1.2.840.10008.1.2.4.107", "video/H265"),
        Map.entry("1.2.840.10008.1.2.4.108", "video/H265"));

    static final String EXPLICIT_VR_LITTLE_ENDIAN = "1.2.840.10008.1.2.1";
    static final String OCTET_STREAM = "application/octet-stream";

    private FrameMediaTypes() {
    }

    /** "image/jpeg", "application/octet-stream", ...: the type a frame of {@code ts} is served as. */
    static String mediaType(TransferSyntax ts) {
        if (ts.isNative()) {
            return OCTET_STREAM;
        }
        String type = TYPES.get(ts.uid());
        return type == null ? OCTET_STREAM : type;
    }

    /**
     * The transfer syntax UID the part's Content-Type names: Explicit VR Little Endian for uncompressed frames
     * (they are served little endian whatever the file's byte order), the file's syntax otherwise.
     */
    static String servedTransferSyntax(TransferSyntax ts) {
        return ts.isNative() ? EXPLICIT_VR_LITTLE_ENDIAN : ts.uid();
    }

    /** The part's Content-Type value: media type and transfer-syntax parameter. */
    static String partContentType(TransferSyntax ts) {
        return mediaType(ts) + "; transfer-syntax=" + servedTransferSyntax(ts);
    }
}
