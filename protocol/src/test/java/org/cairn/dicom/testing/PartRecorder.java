package org.cairn.dicom.testing;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.cairn.dicom.DicomPart;
import org.cairn.dicom.DicomStreamParser;

/**
 * Records parser output with each value's chunks merged into one, so that streams fed in different chunk sizes
 * can be compared part for part.
 */
public final class PartRecorder implements DicomStreamParser.Handler {
    private final List<DicomPart> parts = new ArrayList<>();
    private ByteArrayOutputStream value;

    @Override
    public void onPart(DicomPart part) {
        if (part instanceof DicomPart.ValueChunk chunk) {
            if (value == null) {
                value = new ByteArrayOutputStream();
            }
            value.writeBytes(chunk.bytes());
            if (chunk.last()) {
                parts.add(new DicomPart.ValueChunk(value.toByteArray(), true));
                value = null;
            }
            return;
        }
        if (value != null) {
            throw new AssertionError("value chunks not ended by a last chunk before " + part);
        }
        parts.add(part);
    }

    public List<DicomPart> parts() {
        return parts;
    }
}
