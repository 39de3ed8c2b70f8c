package org.cairn.dicom;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.List;
import org.cairn.dicom.dict.Tag;

/**
 * Applies attribute changes to a Part 10 file as it is read, without holding the file: only the top-level elements
 * that precede the last changed tag are parsed and re-encoded; everything from there on (pixel data included) is
 * copied through as stored. This is how a study whose Patient Name was corrected leaves the archive corrected, in
 * every file, although the blobs themselves are never rewritten.
 *
 * <p>Changes are top-level elements: an element with a value is put (replacing or inserting), an element with an
 * empty value leaves the attribute present and empty (type 2 semantics). Values that need a character set the
 * file's default repertoire cannot carry switch the file to ISO_IR 192 (UTF-8), which is a superset of the default
 * repertoire every other value of such a file is in.
 */
public final class AttributePatch {
    /** The re-encoded head is bounded: attributes before the study's identifying ones are small in real files. */
    static final int MAX_HEAD_BYTES = 16 << 20;
    private static final int CHUNK = 64 * 1024;

    private AttributePatch() {
    }

    /**
     * The file read from {@code in} with {@code changes} applied (top-level elements). The returned stream owns
     * {@code in}: closing it closes {@code in}.
     */
    public static InputStream apply(InputStream in, List<Change> changes) throws IOException {
        if (changes.isEmpty()) {
            return in;
        }
        int stopTag = 0;
        for (Change c : changes) {
            stopTag = Math.max(stopTag, c.tag() + 1);
        }
        DataSetBuilder head = new DataSetBuilder();
        DicomStreamParser parser = DicomStreamParser.forFile(head, stopTag);
        ByteArrayOutputStream read = new ByteArrayOutputStream(CHUNK);
        byte[] buffer = new byte[CHUNK];
        try {
            int n;
            while (!parser.isStopped() && (n = in.read(buffer)) > 0) {
                read.write(buffer, 0, n);
                if (read.size() > MAX_HEAD_BYTES) {
                    throw new IOException("the attributes before " + Tags.toString(stopTag - 1) + " exceed "
                        + MAX_HEAD_BYTES + " bytes");
                }
                parser.feed(buffer, 0, n);
            }
            if (!parser.isStopped()) {
                parser.finish();
            }
        } catch (DicomException e) {
            in.close();
            throw new IOException("cannot apply changes to an unreadable file: " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
        DicomFile file = head.result();
        TransferSyntax ts = file.transferSyntax();
        if (ts == null || file.fileMeta() == null) {
            in.close();
            throw new IOException("not a Part 10 file: no File Meta Information");
        }
        if (ts.deflated()) {
            in.close();
            throw new IOException("changes are not applied to deflated files (" + ts.uid() + ")");
        }
        DataSet dataSet = file.dataSet();
        put(dataSet, changes);
        ByteArrayOutputStream patched = new ByteArrayOutputStream(read.size() + 256);
        DicomWriter.writeFile(file.preamble(), file.fileMeta(), dataSet, ts, patched);
        byte[] consumed = read.toByteArray();
        // an early stop leaves the parser at the first element not parsed: copied from there as stored
        long rest = parser.isStopped() ? parser.position() : consumed.length;
        InputStream tail = new ByteArrayInputStream(consumed, (int) rest, consumed.length - (int) rest);
        return new SequenceInputStream(new ByteArrayInputStream(patched.toByteArray()),
            new SequenceInputStream(tail, in)) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    in.close();
                }
            }
        };
    }

    /**
     * One changed top-level attribute: its new value as text (multiple values separated by a backslash), empty
     * for present-but-empty.
     */
    public record Change(int tag, Vr vr, String value) {
        public Change {
            if (Tags.group(tag) <= 0x0002 || vr == Vr.SQ || vr == null || value == null) {
                throw new IllegalArgumentException("only top-level data set values can be changed: "
                    + Tags.toString(tag));
            }
        }
    }

    /** Puts the changes into {@code dataSet}, encoding text in the data set's character set. */
    public static void put(DataSet dataSet, List<Change> changes) {
        boolean needsUnicode = changes.stream()
            .anyMatch(c -> c.vr().isCharacterSetSensitive() && !c.value().chars().allMatch(ch -> ch < 0x80));
        if (needsUnicode && !dataSet.contains(Tag.SpecificCharacterSet)) {
            dataSet.putString(Tag.SpecificCharacterSet, Vr.CS, "ISO_IR 192");
        }
        for (Change c : changes) {
            if (c.value().isEmpty()) {
                dataSet.put(DataElement.of(c.tag(), c.vr(), new byte[0]));
            } else {
                dataSet.putString(c.tag(), c.vr(), c.value());
            }
        }
    }
}
