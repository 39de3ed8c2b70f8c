package org.cairn.dicom.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cairn.dicom.DataElement;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomWriter;
import org.cairn.dicom.TransferSyntax;
import org.cairn.dicom.Values;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.Tag;
import org.cairn.dicom.dict.UID;

/** Large generated DICOM files for bounded-memory tests, written without holding them. */
public final class GeneratedFiles {
    private GeneratedFiles() {
    }

    /**
     * Writes a Part 10 Enhanced CT multi-frame of {@code frames} 512×512 16-bit frames, streaming the pixel data
     * (never held); returns the size of what precedes the pixel data.
     */
    public static long multiFrame(Path file, int frames) throws Exception {
        DataSet meta = new DataSet()
            .putString(Tag.MediaStorageSOPClassUID, Vr.UI, UID.EnhancedCTImageStorage)
            .putString(Tag.MediaStorageSOPInstanceUID, Vr.UI, "2.25.1234567890")
            .putString(Tag.TransferSyntaxUID, Vr.UI, UID.ExplicitVRLittleEndian);
        DataSet ds = new DataSet()
            .putString(Tag.SOPClassUID, Vr.UI, UID.EnhancedCTImageStorage)
            .putString(Tag.SOPInstanceUID, Vr.UI, "2.25.1234567890")
            .putString(Tag.PatientName, Vr.PN, "Large^Multiframe")
            .putString(Tag.StudyInstanceUID, Vr.UI, "2.25.1")
            .putString(Tag.SeriesInstanceUID, Vr.UI, "2.25.2")
            .putString(Tag.NumberOfFrames, Vr.IS, Integer.toString(frames));
        byte[] us = new byte[2];
        for (int[] e : new int[][] {{Tag.SamplesPerPixel, 1}, {Tag.Rows, 512}, {Tag.Columns, 512},
            {Tag.BitsAllocated, 16}, {Tag.BitsStored, 16}, {Tag.HighBit, 15}, {Tag.PixelRepresentation, 0}}) {
            Values.putUint16(us, 0, e[1], false);
            ds.put(DataElement.of(e[0], Vr.US, us.clone()));
        }
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        DicomWriter.writeFile(null, meta, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, header);
        byte[] pixelHeader = new byte[12];
        Values.putUint16(pixelHeader, 0, 0x7FE0, false);
        Values.putUint16(pixelHeader, 2, 0x0010, false);
        pixelHeader[4] = 'O';
        pixelHeader[5] = 'W';
        Values.putInt32(pixelHeader, 8, (int) ((long) frames * 512 * 512 * 2), false);
        header.writeBytes(pixelHeader);
        try (OutputStream out = Files.newOutputStream(file)) {
            header.writeTo(out);
            byte[] frame = new byte[512 * 512 * 2];
            for (int i = 0; i < frame.length; i++) {
                frame[i] = (byte) (i * 31);
            }
            for (int f = 0; f < frames; f++) {
                out.write(frame);
            }
        }
        return header.size();
    }
}
