package org.cairn.dicom;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads whole files or byte arrays into the tree model, through the streaming parser. */
public final class DicomReader {
    private static final int CHUNK = 64 * 1024;

    private DicomReader() {
    }

    /** Reads a Part 10 file (or raw data set) completely. */
    public static DicomFile read(Path file) throws IOException {
        return read(file, Long.MAX_VALUE, -1);
    }

    /**
     * Reads a file, replacing values longer than {@code bulkDataThreshold} with empty placeholders, and stopping
     * before the first top-level tag ≥ {@code stopTag} unless that is -1.
     */
    public static DicomFile read(Path file, long bulkDataThreshold, int stopTag) throws IOException {
        DataSetBuilder builder = new DataSetBuilder(bulkDataThreshold);
        DicomStreamParser parser = stopTag == -1 ? DicomStreamParser.forFile(builder)
            : DicomStreamParser.forFile(builder, stopTag);
        parser.expectTotalLength(Files.size(file));
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[CHUNK];
            for (int n = in.read(buffer); n >= 0 && !parser.isStopped(); n = in.read(buffer)) {
                parser.feed(buffer, 0, n);
            }
        }
        parser.finish();
        return builder.result();
    }

    /** Reads a whole Part 10 file (or raw data set) held in memory. */
    public static DicomFile read(byte[] bytes) {
        DataSetBuilder builder = new DataSetBuilder();
        DicomStreamParser parser = DicomStreamParser.forFile(builder).expectTotalLength(bytes.length);
        parser.feed(bytes);
        parser.finish();
        return builder.result();
    }

    /** Reads a bare data set encoded as {@code ts}, as received over DIMSE. */
    public static DataSet readDataSet(byte[] bytes, TransferSyntax ts) {
        DataSetBuilder builder = new DataSetBuilder();
        DicomStreamParser parser = DicomStreamParser.forDataSet(builder, ts);
        if (!ts.deflated()) {
            parser.expectTotalLength(bytes.length);
        }
        parser.feed(bytes);
        parser.finish();
        return builder.result().dataSet();
    }
}
