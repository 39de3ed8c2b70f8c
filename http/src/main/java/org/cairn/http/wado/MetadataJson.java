package org.cairn.http.wado;

import org.cairn.dicom.TransferSyntax;
import org.cairn.views.RetrievableInstance;

/**
 * Adds the Pixel Data element, as a BulkDataURI (PS3.18 F.2.6), to an instance's stored attributes without parsing
 * them: the views keep the attributes before Pixel Data, so the element goes last, before the closing brace.
 */
final class MetadataJson {
    private static final String ROWS = "\"00280010\"";
    private static final String PIXEL_DATA = "\"7FE00010\"";
    private static final String BITS_ALLOCATED = "\"00280100\"";

    private MetadataJson() {
    }

    /**
     * {@code json} with {@code "7FE00010": {"vr": ..., "BulkDataURI": ...}} added when it describes an image
     * (has Rows) and has no Pixel Data element yet; otherwise {@code json} as it is.
     */
    static String withPixelDataUri(String json, RetrievableInstance instance, String baseUri) {
        if (!json.contains(ROWS) || json.contains(PIXEL_DATA)) {
            return json;
        }
        int close = json.lastIndexOf('}');
        if (close < 0) {
            return json;
        }
        String head = json.substring(0, close).stripTrailing();
        String vr = TransferSyntax.of(instance.transferSyntaxUid()).isNative() && bitsAllocated(json) > 8 ? "OW" : "OB";
        String uri = baseUri + "/studies/" + instance.studyUid() + "/series/" + instance.seriesUid()
            + "/instances/" + instance.sopInstanceUid() + "/bulkdata/7FE00010";
        return head + (head.endsWith("{") ? "" : ",") + PIXEL_DATA + ":{\"vr\":\"" + vr + "\",\"BulkDataURI\":\""
            + uri.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}" + json.substring(close);
    }

    /** Bits Allocated from the JSON text ({@code "00280100":{"vr":"US","Value":[16]}}), or 16. */
    private static int bitsAllocated(String json) {
        int at = json.indexOf(BITS_ALLOCATED);
        if (at < 0) {
            return 16;
        }
        int open = json.indexOf('[', at);
        int end = open < 0 ? -1 : json.indexOf(']', open);
        if (open < 0 || end < 0 || end - open > 12) {
            return 16;
        }
        try {
            return Integer.parseInt(json.substring(open + 1, end).trim());
        } catch (NumberFormatException e) {
            return 16;
        }
    }
}
