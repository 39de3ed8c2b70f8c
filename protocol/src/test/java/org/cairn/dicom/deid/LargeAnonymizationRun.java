package org.cairn.dicom.deid;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.zip.CRC32;
import org.cairn.dicom.DataElement;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DataSetBuilder;
import org.cairn.dicom.DicomPart;
import org.cairn.dicom.DicomStreamParser;
import org.cairn.dicom.DicomWriter;
import org.cairn.dicom.TransferSyntax;
import org.cairn.dicom.Values;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.Tag;
import org.cairn.dicom.dict.UID;

/**
 * Run in a child JVM with a small heap by {@link LargeAnonymizationTest}: de-identifies a multi-frame instance of
 * {@code args[0]} 512×512 16-bit frames generated as it is read (never on disk, never whole in memory), and parses the
 * output as it is written, then prints what it found on one line.
 */
public final class LargeAnonymizationRun {
    static final int FRAME_BYTES = 512 * 512 * 2;

    private LargeAnonymizationRun() {
    }

    public static void main(String[] args) throws Exception {
        int frames = Integer.parseInt(args[0]);
        GeneratedInstance in = new GeneratedInstance(frames);
        VerifyingOutput out = new VerifyingOutput();
        AnonymizedInstance result = new StreamingAnonymizer(UidMapper.newJob(), new Replacements("SUBJECT^1", "P1"),
            BurnedInAnnotationPolicy.KEEP).anonymize(in, out);
        out.parser.finish();
        DataSet ds = out.builder.result().dataSet();
        StringBuilder topLevelAfterPixels = new StringBuilder();
        for (DataElement e : ds) {
            if (Integer.compareUnsigned(e.tag(), Tag.PixelData) > 0) {
                topLevelAfterPixels.append(Integer.toHexString(e.tag())).append(',');
            }
        }
        long peakHeap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peakHeap += pool.getPeakUsage().getUsed();
            }
        }
        System.out.println("pixelBytesIn=" + in.pixelBytes + " crcIn=" + in.crc.getValue()
            + " pixelBytesOut=" + out.pixelBytes + " crcOut=" + out.crc.getValue()
            + " pixelPlaceholder=" + ds.get(Tag.PixelData).bulkDataLength()
            + " patientName=" + ds.getString(Tag.PatientName)
            + " institution=" + ds.getString(Tag.InstitutionName) + " patientId=" + ds.getString(Tag.PatientID)
            + " identityRemoved=" + ds.getString(Tag.PatientIdentityRemoved)
            + " sopInstanceUid=" + ds.getString(Tag.SOPInstanceUID) + " resultSop=" + result.sopInstanceUid()
            + " afterPixels=" + topLevelAfterPixels
            + " bytesWritten=" + result.bytesWritten() + " bytesParsed=" + out.parser.position()
            + " maxHeap=" + Runtime.getRuntime().maxMemory() + " peakHeap=" + peakHeap);
    }

    /** A Part 10 multi-frame CT whose pixel data is generated as it is read, with private data and padding after it. */
    static final class GeneratedInstance extends InputStream {
        private final byte[] head;
        private final byte[] tail;
        private final byte[] frame = new byte[FRAME_BYTES];
        final long pixelBytes;
        final CRC32 crc = new CRC32();
        private long position;

        GeneratedInstance(int frames) throws IOException {
            pixelBytes = (long) frames * FRAME_BYTES;
            for (int i = 0; i < frame.length; i++) {
                frame[i] = (byte) (i * 31);
            }
            DataSet ds = new DataSet()
                .putString(Tag.SOPClassUID, Vr.UI, UID.EnhancedCTImageStorage)
                .putString(Tag.SOPInstanceUID, Vr.UI, "1.2.3.4.7.1.1")
                .putString(Tag.StudyDate, Vr.DA, "20240131")
                .putString(Tag.InstitutionName, Vr.LO, "General Hospital")
                .putString(Tag.PatientName, Vr.PN, "Doe^Jane")
                .putString(Tag.PatientID, Vr.LO, "PID-7731")
                .putString(Tag.StudyInstanceUID, Vr.UI, "1.2.3.4.7")
                .putString(Tag.SeriesInstanceUID, Vr.UI, "1.2.3.4.7.1")
                .putString(Tag.NumberOfFrames, Vr.IS, Integer.toString(frames));
            byte[] us = new byte[2];
            for (int[] e : new int[][] {{Tag.SamplesPerPixel, 1}, {Tag.Rows, 512}, {Tag.Columns, 512},
                {Tag.BitsAllocated, 16}, {Tag.BitsStored, 16}, {Tag.HighBit, 15}, {Tag.PixelRepresentation, 0}}) {
                Values.putUint16(us, 0, e[1], false);
                ds.put(DataElement.of(e[0], Vr.US, us.clone()));
            }
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            DicomWriter.writeFile(null, new DataSet(), ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, header);
            byte[] pixelHeader = {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'W', 0, 0, 0, 0, 0, 0};
            Values.putInt32(pixelHeader, 8, (int) pixelBytes, false);
            header.writeBytes(pixelHeader);
            head = header.toByteArray();
            DataSet after = new DataSet().putString(0x7FE10010, Vr.LO, "ACME");
            after.put(DataElement.of(0x7FE11001, Vr.OB, new byte[1024]));
            after.put(DataElement.of(Tag.DataSetTrailingPadding, Vr.OB, new byte[256]));
            tail = DicomWriter.toBytes(after, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            long pixelEnd = head.length + pixelBytes;
            if (position < head.length) {
                int n = (int) Math.min(len, head.length - position);
                System.arraycopy(head, (int) position, b, off, n);
                position += n;
                return n;
            }
            if (position < pixelEnd) {
                int inFrame = (int) ((position - head.length) % FRAME_BYTES);
                int n = (int) Math.min(Math.min(len, FRAME_BYTES - inFrame), pixelEnd - position);
                System.arraycopy(frame, inFrame, b, off, n);
                crc.update(b, off, n);
                position += n;
                return n;
            }
            long inTail = position - pixelEnd;
            if (inTail >= tail.length) {
                return -1;
            }
            int n = (int) Math.min(len, tail.length - inTail);
            System.arraycopy(tail, (int) inTail, b, off, n);
            position += n;
            return n;
        }
    }

    /** Parses what is written as it arrives: the pixel data is checksummed, the rest kept as a data set. */
    static final class VerifyingOutput extends OutputStream {
        final DataSetBuilder builder = new DataSetBuilder(1 << 20);
        final CRC32 crc = new CRC32();
        long pixelBytes;
        private int depth;
        private boolean inPixels;
        final DicomStreamParser parser = DicomStreamParser.forFile(this::onPart);

        private void onPart(DicomPart part) {
            if (part instanceof DicomPart.SequenceStart) {
                depth++;
            } else if (part instanceof DicomPart.SequenceEnd) {
                depth--;
            } else if (part instanceof DicomPart.ElementHeader h && depth == 0 && h.tag() == Tag.PixelData) {
                inPixels = h.length() > 0;
            } else if (part instanceof DicomPart.ValueChunk c && inPixels) {
                crc.update(c.bytes());
                pixelBytes += c.bytes().length;
                inPixels = !c.last();
            }
            builder.onPart(part);
        }

        @Override
        public void write(int b) {
            parser.feed(new byte[] {(byte) b});
        }

        @Override
        public void write(byte[] b, int off, int len) {
            parser.feed(b, off, len);
        }
    }
}
