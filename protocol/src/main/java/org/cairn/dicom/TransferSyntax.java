package org.cairn.dicom;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.cairn.dicom.dict.UID;

/**
 * How a data set is encoded: VR explicit or implicit, byte order, deflate, and whether pixel data is
 * encapsulated. Every transfer syntax other than the three native ones and Deflated is explicit VR little
 * endian with encapsulated pixel data (PS3.5 A.4), which is also what an unknown UID is taken to be.
 *
 * @param uid           the transfer syntax UID
 * @param explicitVr    whether element headers carry the VR
 * @param bigEndian     byte order of headers and values
 * @param deflated      whether the data set after the file meta is a raw deflate stream (RFC 1951)
 * @param encapsulated  whether Pixel Data is encapsulated (fragments) rather than native
 */
public record TransferSyntax(String uid, boolean explicitVr, boolean bigEndian, boolean deflated, boolean encapsulated) {

    public static final TransferSyntax IMPLICIT_VR_LITTLE_ENDIAN =
        new TransferSyntax(UID.ImplicitVRLittleEndian, false, false, false, false);
    public static final TransferSyntax EXPLICIT_VR_LITTLE_ENDIAN =
        new TransferSyntax(UID.ExplicitVRLittleEndian, true, false, false, false);
    public static final TransferSyntax EXPLICIT_VR_BIG_ENDIAN =
        new TransferSyntax(UID.ExplicitVRBigEndian, true, true, false, false);
    public static final TransferSyntax DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN =
        new TransferSyntax(UID.DeflatedExplicitVRLittleEndian, true, false, true, false);
    /** JPIP Referenced Deflate: deflated, pixel data referenced rather than present. */
    public static final TransferSyntax JPIP_REFERENCED_DEFLATE =
        new TransferSyntax("1.2.840.10008.1.2.4.95", true, false, true, false);
    /** JPIP Referenced: pixel data referenced rather than present. */
    public static final TransferSyntax JPIP_REFERENCED =
        new TransferSyntax("1.2.840.10008.1.2.4.94", true, false, false, false);

    private static final Map<String, TransferSyntax> KNOWN = new ConcurrentHashMap<>();

    static {
        for (TransferSyntax ts : new TransferSyntax[] {IMPLICIT_VR_LITTLE_ENDIAN, EXPLICIT_VR_LITTLE_ENDIAN,
            EXPLICIT_VR_BIG_ENDIAN, DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN, JPIP_REFERENCED_DEFLATE, JPIP_REFERENCED}) {
            KNOWN.put(ts.uid, ts);
        }
    }

    /**
     * The transfer syntax for a UID, with trailing padding (NUL or space) ignored. Unknown UIDs are explicit
     * VR little endian with encapsulated pixel data.
     */
    public static TransferSyntax of(String uid) {
        String trimmed = uid.strip();
        while (trimmed.endsWith("\0")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1).strip();
        }
        TransferSyntax known = KNOWN.get(trimmed);
        if (known != null) {
            return known;
        }
        return new TransferSyntax(trimmed, true, false, false, true);
    }

    /** Whether this is one of the uncompressed syntaxes a writer can produce from any data set. */
    public boolean isNative() {
        return !encapsulated && !deflated;
    }
}
