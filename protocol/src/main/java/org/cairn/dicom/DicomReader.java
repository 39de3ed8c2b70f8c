package org.cairn.dicom;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Reads whole files or byte arrays into the tree model, through the streaming parser. */
public final class DicomReader {
    private static final int CHUNK = 256 * 1024;
    private static final int FIRST_CHUNK = 8 * 1024;
    /** Files up to this size are read in one call for a complete read. */
    public static final int WHOLE_FILE_LIMIT = 256 << 20;

    private DicomReader() {
    }

    /** Reads a Part 10 file (or raw data set) completely. */
    public static DicomFile read(Path file) throws IOException {
        return read(file, Long.MAX_VALUE, -1);
    }

    /**
     * Reads a file, replacing values longer than {@code bulkDataThreshold} with empty placeholders, and stopping
     * before the first top-level tag ≥ {@code stopTag} unless that is -1.
     *
     * <p>A complete read of a file of up to {@value #WHOLE_FILE_LIMIT} bytes reads it with one call and parses it
     * in one feed, so each value is copied once; the tree holds every value anyway. Otherwise the file is streamed
     * in chunks, the first one small, because a header-only read rarely needs more than a few kilobytes.
     */
    public static DicomFile read(Path file, long bulkDataThreshold, int stopTag) throws IOException {
        DataSetBuilder builder = new DataSetBuilder(bulkDataThreshold);
        DicomStreamParser parser = stopTag == -1 ? DicomStreamParser.forFile(builder)
            : DicomStreamParser.forFile(builder, stopTag);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            parser.expectTotalLength(size);
            boolean whole = stopTag == -1 && bulkDataThreshold == Long.MAX_VALUE && size <= WHOLE_FILE_LIMIT;
            int chunk = (int) Math.min(size, whole ? size : stopTag != -1 ? FIRST_CHUNK : CHUNK);
            ByteBuffer buffer = ByteBuffer.allocate(Math.max(chunk, 1));
            while (!parser.isStopped()) {
                if (buffer.position() > 0 && buffer.capacity() < CHUNK && size > buffer.capacity()) {
                    buffer = ByteBuffer.allocate((int) Math.min(size, CHUNK)); // more is needed after all
                }
                buffer.clear();
                int n = channel.read(buffer);
                if (n < 0) {
                    break;
                }
                parser.feed(buffer.array(), 0, n);
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
