package org.cairn.dicom.testing;

import org.cairn.dicom.DataElement;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomException;
import org.cairn.dicom.DicomJson;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.ElementDictionary;
import org.cairn.dicom.dict.Tag;

/**
 * Compares data sets by meaning across a peer that re-encodes what it parsed (DCMTK's storescp and dcmsend do):
 * values as DICOM JSON (insignificant padding gone), group lengths ignored (derived), Data Set Trailing Padding
 * ignored (DCMTK drops it), encapsulated Pixel Data labelled OB (PS3.5 A.4) whatever it arrived as, and private
 * elements compared by their bytes (a peer with a private dictionary gives them VRs the original did not carry
 * when it converts implicit VR to explicit).
 */
public final class PeerNormalization {
    private PeerNormalization() {
    }

    private static byte[] unpadded(byte[] b) {
        int end = b.length;
        while (end > 0 && (b[end - 1] == 0 || b[end - 1] == ' ')) {
            end--;
        }
        return java.util.Arrays.copyOf(b, end);
    }

    public static String normalized(DataSet ds) {
        DataSet copy = new DataSet();
        for (DataElement e : ds) {
            if ((e.tag() & 0xFFFF) == 0 || e.tag() == Tag.DataSetTrailingPadding) {
                continue;
            }
            boolean privateValue = ElementDictionary.isPrivate(e.tag()) && !ElementDictionary.isPrivateCreator(e.tag())
                && e.bytes() != null && !e.isBulkDataPlaceholder();
            copy.put(privateValue ? DataElement.of(e.tag(), Vr.UN, unpadded(e.toLittleEndian(ds.vrOf(e)).bytes())) : e);
        }
        DataElement pixels = copy.get(Tag.PixelData);
        if (pixels != null && pixels.isFragments()) {
            copy.put(DataElement.fragments(Tag.PixelData, Vr.OB, false, pixels.fragments()));
        }
        try {
            return DicomJson.inline().toJson(copy);
        } catch (DicomException notRepresentable) {
            return ds.toString() + ds.size(); // e.g. an IS of "1A": compared by structure only
        }
    }
}
