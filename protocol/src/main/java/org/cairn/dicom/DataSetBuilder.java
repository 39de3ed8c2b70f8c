package org.cairn.dicom;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Assembles parser output into a {@link DicomFile}: the File Meta Information, the data set tree and, if
 * asked, placeholders instead of large values (bulk data) so that a tree never has to hold pixel data.
 *
 * <p>A value's bytes are collected as they arrive, never pre-allocated from the declared length, so a hostile
 * length cannot make the builder allocate more than the bytes actually present.
 */
public final class DataSetBuilder implements DicomStreamParser.Handler {

    private final long bulkDataThreshold;
    private final DataSet fileMeta = new DataSet();
    private final DataSet root = new DataSet();
    private final Deque<DataSet> datasets = new ArrayDeque<>();
    private final Deque<DataElement> sequences = new ArrayDeque<>();
    private byte[] preamble;
    private TransferSyntax transferSyntax;
    private boolean hadFileMeta;

    private DicomPart.ElementHeader header;
    private List<byte[]> fragments;
    private int fragmentsTag;
    private Vr fragmentsVr;
    private boolean fragmentsImplicit;
    private boolean inFragment;
    private long fragmentsTotal;
    private byte[] single;
    private ByteArrayOutputStream value;
    private long valueLength;

    /** A builder that keeps every value. */
    public DataSetBuilder() {
        this(Long.MAX_VALUE);
    }

    /**
     * A builder that keeps values longer than {@code bulkDataThreshold} bytes (and pixel data fragments of that
     * size) as elements with an empty value: the tree then says which elements exist without holding their bytes.
     */
    public DataSetBuilder(long bulkDataThreshold) {
        this.bulkDataThreshold = bulkDataThreshold;
        datasets.push(fileMeta);
    }

    @Override
    public void onPart(DicomPart part) {
        if (part instanceof DicomPart.ValueChunk c) {
            onChunk(c);
        } else if (part instanceof DicomPart.ElementHeader h) {
            header = h;
            valueLength = h.length();
            if (h.length() == 0) {
                complete(new byte[0]);
            }
        } else if (part instanceof DicomPart.SequenceStart s) {
            DataElement sq = DataElement.sequence(s.tag(), s.vr(), !s.explicitVr(), s.length() < 0);
            datasets.peek().append(sq);
            sequences.push(sq);
        } else if (part instanceof DicomPart.ItemStart i) {
            DataSet item = new DataSet(datasets.peek()).undefinedLength(i.length() < 0);
            sequences.peek().items().add(item);
            datasets.push(item);
        } else if (part instanceof DicomPart.ItemEnd) {
            datasets.pop();
        } else if (part instanceof DicomPart.SequenceEnd) {
            sequences.pop();
        } else if (part instanceof DicomPart.FragmentsStart f) {
            fragments = new ArrayList<>();
            fragmentsTotal = 0;
            fragmentsTag = f.tag();
            fragmentsVr = f.vr();
            fragmentsImplicit = !f.explicitVr();
        } else if (part instanceof DicomPart.Fragment f) {
            inFragment = true;
            fragmentsTotal += f.length();
            valueLength = f.length();
            if (f.length() == 0) {
                complete(new byte[0]);
            }
        } else if (part instanceof DicomPart.FragmentsEnd) {
            datasets.peek().append(fragmentsTotal > bulkDataThreshold
                ? DataElement.bulkData(fragmentsTag, fragmentsVr, fragmentsImplicit, false, fragmentsTotal)
                : DataElement.fragments(fragmentsTag, fragmentsVr, fragmentsImplicit, fragments));
            fragments = null;
        } else if (part instanceof DicomPart.DataSetStart s) {
            transferSyntax = s.transferSyntax();
            hadFileMeta = s.hadFileMeta();
            datasets.clear();
            datasets.push(root);
        } else if (part instanceof DicomPart.Preamble p) {
            preamble = p.bytes();
        }
    }

    private void onChunk(DicomPart.ValueChunk c) {
        if (valueLength > bulkDataThreshold || (inFragment && fragmentsTotal > bulkDataThreshold)) {
            if (c.last()) {
                complete(null);
            }
            return;
        }
        if (c.last() && single == null && value == null) {
            complete(c.bytes());
            return;
        }
        if (value == null) {
            if (single == null) {
                single = c.bytes();
                return;
            }
            value = new ByteArrayOutputStream();
            value.writeBytes(single);
            single = null;
        }
        value.writeBytes(c.bytes());
        if (c.last()) {
            byte[] bytes = value.toByteArray();
            value = null;
            complete(bytes);
        }
    }

    /** Completes the current value; {@code null} bytes mean it was too long to keep. */
    private void complete(byte[] bytes) {
        if (inFragment) {
            inFragment = false;
            if (fragmentsTotal > bulkDataThreshold) {
                fragments.clear(); // the whole pixel data becomes one placeholder at FragmentsEnd
            } else {
                fragments.add(bytes);
            }
            return;
        }
        DicomPart.ElementHeader h = header;
        header = null;
        datasets.peek().append(bytes == null
            ? DataElement.bulkData(h.tag(), h.vr(), !h.explicitVr(), h.bigEndian(), h.length())
            : DataElement.read(h.tag(), h.vr(), !h.explicitVr(), h.bigEndian(), bytes));
    }

    /** The result, once the parser has finished. */
    public DicomFile result() {
        return new DicomFile(preamble, hadFileMeta ? fileMeta : null, root, transferSyntax);
    }
}
