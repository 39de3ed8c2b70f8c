package org.cairn.http.wado;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.cairn.dicom.TransferSyntax;
import org.cairn.dicom.pixel.ImageEncoding;

/**
 * Content negotiation of PS3.18 8.7 for what Cairn can serve without transcoding. The ranges are the client's
 * acceptable media types in preference order ({@link MediaRange#parseList}); an empty list accepts the default.
 * Nothing is ever converted: a request that only accepts something else is answered 406 with what is available.
 */
final class Negotiation {
    private static final String DICOM = "application/dicom";

    private Negotiation() {
    }

    /**
     * Instances as Part 10 files. {@code transfer-syntax=*}, the stored syntax itself, or no parameter at all are
     * served as stored. Without the parameter PS3.18 would want Explicit VR Little Endian; like Orthanc, Cairn
     * sends what it stores instead, and names it in each part's Content-Type.
     */
    static void dicom(List<MediaRange> accept, Set<String> storedSyntaxes) {
        if (accept.isEmpty()) {
            return;
        }
        for (MediaRange r : accept) {
            if (r.isWildcard()) {
                return;
            }
            String inner = r.type().equals("multipart") ? r.parameter("type") : r.essence();
            if (r.type().equals("multipart") && !(r.subtype().equals("related") || r.subtype().equals("*"))) {
                continue;
            }
            if (inner != null && !MediaRange.parse(inner).admits(DICOM)) {
                continue;
            }
            String ts = r.parameter("transfer-syntax");
            if (ts == null || ts.equals("*") || Set.of(ts).equals(storedSyntaxes)) {
                return;
            }
        }
        throw WadoException.notAcceptable("the instances are stored as " + String.join(", ", new TreeSet<>(storedSyntaxes))
            + " and Cairn does not transcode: accept multipart/related; type=\"application/dicom\" with"
            + " transfer-syntax=* or the stored syntax");
    }

    /**
     * Frames of {@code ts}: as their own media type ({@link FrameMediaTypes}), or as application/octet-stream with
     * {@code transfer-syntax=*}. Compressed frames are never decompressed, uncompressed ones never compressed.
     */
    static void frames(List<MediaRange> accept, TransferSyntax ts) {
        String natural = FrameMediaTypes.mediaType(ts);
        if (accept.isEmpty()) {
            return;
        }
        for (MediaRange r : accept) {
            if (r.isWildcard()) {
                return;
            }
            if (r.type().equals("multipart") && !(r.subtype().equals("related") || r.subtype().equals("*"))) {
                continue;
            }
            String inner = r.type().equals("multipart") ? r.parameter("type") : r.essence();
            String wanted = r.parameter("transfer-syntax");
            if (inner != null) {
                MediaRange innerRange = MediaRange.parse(inner);
                boolean asStored = "*".equals(wanted) && innerRange.admits(FrameMediaTypes.OCTET_STREAM);
                if (!innerRange.admits(natural) && !asStored) {
                    continue;
                }
            }
            if (wanted == null || wanted.equals("*") || wanted.equals(ts.uid())
                || wanted.equals(FrameMediaTypes.servedTransferSyntax(ts))) {
                return;
            }
        }
        throw WadoException.notAcceptable("the frames are stored as " + ts.uid() + " and served as " + natural
            + "; Cairn does not transcode pixel data");
    }

    /** Rendered images: JPEG (the default, and for image/* or * / *) or PNG. */
    static ImageEncoding.Format rendered(List<MediaRange> accept) {
        if (accept.isEmpty()) {
            return ImageEncoding.Format.JPEG;
        }
        for (MediaRange r : accept) {
            if (r.admits("image/jpeg")) {
                return ImageEncoding.Format.JPEG;
            }
            if (r.admits("image/png")) {
                return ImageEncoding.Format.PNG;
            }
        }
        throw WadoException.notAcceptable("rendered images are available as image/jpeg or image/png");
    }

    /** Metadata: DICOM JSON (application/dicom+json, or application/json). */
    static void json(List<MediaRange> accept) {
        if (accept.isEmpty()) {
            return;
        }
        for (MediaRange r : accept) {
            if (r.admits("application/dicom+json") || r.admits("application/json")) {
                return;
            }
        }
        throw WadoException.notAcceptable("metadata is available as application/dicom+json only");
    }

    /** Bulk data: multipart/related of application/octet-stream (or the frame type, for encapsulated Pixel Data). */
    static void bulkData(List<MediaRange> accept) {
        if (accept.isEmpty()) {
            return;
        }
        for (MediaRange r : accept) {
            String essence = r.essence().toLowerCase(Locale.ROOT);
            if (r.isWildcard() || essence.startsWith("multipart/") || r.admits(FrameMediaTypes.OCTET_STREAM)) {
                return;
            }
        }
        throw WadoException.notAcceptable("bulk data is available as multipart/related; type=\"application/octet-stream\"");
    }
}
