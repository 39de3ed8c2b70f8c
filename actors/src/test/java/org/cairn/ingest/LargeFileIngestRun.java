package org.cairn.ingest;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomWriter;
import org.cairn.dicom.TransferSyntax;
import org.cairn.dicom.Values;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.Tag;
import org.cairn.dicom.dict.UID;

/**
 * Streams a generated multi-frame file of {@code megabytes} MiB of pixel data through the ingest of a node under
 * {@code dataDir}, the pixel data produced as it is read: run in a JVM with a heap smaller than the file, it shows
 * that nothing holds the instance in memory. Prints "stored" and exits 0 when the instance is durable and journaled.
 */
public final class LargeFileIngestRun {
    static final int FRAME_BYTES = 512 * 512 * 2;

    private LargeFileIngestRun() {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Path.of(args[0]);
        int megabytes = Integer.parseInt(args[1]);
        int frames = megabytes * 1024 * 1024 / FRAME_BYTES;
        long pixelBytes = (long) frames * FRAME_BYTES;
        try (IngestNode node = IngestNode.start(dataDir)) {
            IngestOutcome outcome = node.ingest.storeFile(file(frames), "LARGE", null, InstanceIngest.NO_SIZE_LIMIT)
                .toCompletableFuture().get(10, TimeUnit.MINUTES);
            if (!(outcome instanceof IngestOutcome.Stored stored) || stored.size() < pixelBytes) {
                System.out.println("not stored: " + outcome);
                System.exit(1);
                return;
            }
            long heapPeak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    heapPeak += pool.getPeakUsage().getUsed();
                }
            }
            System.out.println("stored " + stored.size() + " bytes, " + frames + " frames, heap max "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB, peak of heap pools "
                + heapPeak / (1024 * 1024) + " MiB, blob files " + node.blobs.count());
        }
        System.exit(0);
    }

    /** A Part 10 file whose native pixel data (OW) is generated 64 KiB at a time as the stream is pulled. */
    static Source<ByteString, ?> file(int frames) throws Exception {
        DataSet ds = new DataSet()
            .putString(Tag.SOPClassUID, Vr.UI, UID.MultiFrameGrayscaleWordSecondaryCaptureImageStorage)
            .putString(Tag.SOPInstanceUID, Vr.UI, "1.2.826.0.5.1.1")
            .putString(Tag.Modality, Vr.CS, "OT")
            .putString(Tag.PatientName, Vr.PN, "Large^Object")
            .putString(Tag.StudyInstanceUID, Vr.UI, "1.2.826.0.5")
            .putString(Tag.SeriesInstanceUID, Vr.UI, "1.2.826.0.5.1")
            .putString(Tag.PhotometricInterpretation, Vr.CS, "MONOCHROME2")
            .putString(Tag.NumberOfFrames, Vr.IS, Integer.toString(frames));
        ds.put(org.cairn.dicom.DataElement.of(Tag.SamplesPerPixel, Vr.US, uint16(1)));
        ds.put(org.cairn.dicom.DataElement.of(Tag.Rows, Vr.US, uint16(512)));
        ds.put(org.cairn.dicom.DataElement.of(Tag.Columns, Vr.US, uint16(512)));
        ds.put(org.cairn.dicom.DataElement.of(Tag.BitsAllocated, Vr.US, uint16(16)));
        ds.put(org.cairn.dicom.DataElement.of(Tag.BitsStored, Vr.US, uint16(16)));
        ds.put(org.cairn.dicom.DataElement.of(Tag.HighBit, Vr.US, uint16(15)));
        ds.put(org.cairn.dicom.DataElement.of(Tag.PixelRepresentation, Vr.US, uint16(0)));
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        DicomWriter.writeFile(null, DicomWriter.completeMeta(new DataSet(), ds, ts), ds, ts, head);
        long pixelBytes = (long) frames * FRAME_BYTES;
        byte[] pixelHeader = {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'W', 0, 0, 0, 0, 0, 0};
        Values.putInt32(pixelHeader, 8, (int) pixelBytes, false);
        head.write(pixelHeader);
        byte[] pattern = new byte[64 * 1024];
        for (int i = 0; i < pattern.length; i++) {
            pattern[i] = (byte) (i * 31);
        }
        ByteString chunk = ByteString.fromArray(pattern);
        return Source.single(ByteString.fromArray(head.toByteArray()))
            .concat(Source.repeat(chunk).take(pixelBytes / pattern.length));
    }

    private static byte[] uint16(int value) {
        return new byte[] {(byte) value, (byte) (value >> 8)};
    }
}
