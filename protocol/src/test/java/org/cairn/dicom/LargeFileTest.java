package org.cairn.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.cairn.dicom.dict.Tag;
import org.cairn.dicom.dict.UID;
import org.cairn.dicom.testing.HeaderScan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance: a generated 1 GB multi-frame file is parsed to the end of its header, and to its end with the pixel
 * data skipped, by a JVM limited to 64 MB of heap.
 */
class LargeFileTest {
    static final int FRAMES = 2048;
    static final long PIXEL_BYTES = (long) FRAMES * 512 * 512 * 2;

    @Test
    void oneGigabyteMultiFrameParsesWith64MbHeap(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("multiframe-1g.dcm");
        long headerBytes = writeMultiFrame(file);
        assertThat(Files.size(file)).isEqualTo(headerBytes + PIXEL_BYTES);

        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx64m", "-cp", System.getProperty("java.class.path"), HeaderScan.class.getName(), file.toString())
            .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        List<String> lines = output.lines().toList();
        assertThat(lines.get(0)).startsWith("header frames=" + FRAMES + " rows=512 stopped=true");
        assertThat(lines.get(1)).contains("end=" + Files.size(file)).contains("pixelKept=0");
        long maxHeap = Long.parseLong(lines.get(1).replaceAll(".*maxHeap=", ""));
        assertThat(maxHeap).isLessThanOrEqualTo(64L << 20);
        long valueBytes = Long.parseLong(lines.get(1).replaceAll(".*valueBytes=(\\d+).*", "$1"));
        assertThat(valueBytes).isGreaterThan(PIXEL_BYTES);
    }

    /** Writes a Part 10 Enhanced CT-like multi-frame whose pixel data is streamed, never held; returns the header size. */
    static long writeMultiFrame(Path file) throws Exception {
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
            .putString(Tag.NumberOfFrames, Vr.IS, Integer.toString(FRAMES));
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
        Values.putInt32(pixelHeader, 8, (int) PIXEL_BYTES, false);
        header.writeBytes(pixelHeader);
        try (OutputStream out = Files.newOutputStream(file)) {
            header.writeTo(out);
            byte[] frame = new byte[512 * 512 * 2];
            for (int i = 0; i < frame.length; i++) {
                frame[i] = (byte) (i * 31);
            }
            for (int f = 0; f < FRAMES; f++) {
                out.write(frame);
            }
        }
        return header.size();
    }
}
