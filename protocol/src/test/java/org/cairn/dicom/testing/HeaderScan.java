package org.cairn.dicom.testing;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DataSetBuilder;
import org.cairn.dicom.DicomPart;
import org.cairn.dicom.DicomStreamParser;
import org.cairn.dicom.dict.Tag;

/**
 * Run in a child JVM with a small heap: streams a file through the parser twice, once stopping before Pixel
 * Data and once to the end with pixel data skipped (counted, not kept), and prints what it found.
 */
public final class HeaderScan {
    private HeaderScan() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);

        DataSetBuilder header = new DataSetBuilder();
        DicomStreamParser stopping = DicomStreamParser.forFile(header, Tag.PixelData);
        long read = feed(file, stopping);
        stopping.finish();
        DataSet ds = header.result().dataSet();
        System.out.println("header frames=" + ds.getInt(Tag.NumberOfFrames, -1) + " rows=" + ds.getInt(Tag.Rows, -1)
            + " stopped=" + stopping.isStopped() + " consumed=" + stopping.position() + " read=" + read);

        long[] pixelBytes = {0};
        DataSetBuilder skipping = new DataSetBuilder(1 << 20);
        DicomStreamParser full = DicomStreamParser.forFile(part -> {
            if (part instanceof DicomPart.ValueChunk c) {
                pixelBytes[0] += c.bytes().length;
            }
            skipping.onPart(part);
        }, -1).expectTotalLength(Files.size(file));
        feed(file, full);
        full.finish();
        System.out.println("full valueBytes=" + pixelBytes[0] + " end=" + full.position()
            + " pixelKept=" + skipping.result().dataSet().get(Tag.PixelData).length()
            + " maxHeap=" + Runtime.getRuntime().maxMemory());
    }

    private static long feed(Path file, DicomStreamParser parser) throws Exception {
        long total = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[256 * 1024];
            for (int n = in.read(buffer); n >= 0 && !parser.isStopped(); n = in.read(buffer)) {
                parser.feed(buffer, 0, n);
                total += n;
            }
        }
        return total;
    }
}
