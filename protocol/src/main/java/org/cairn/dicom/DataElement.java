package org.cairn.dicom;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One element of a {@link DataSet}: a tag, its VR as encoded, and one of three kinds of value: bytes (as
 * encoded, in the byte order of {@link #bigEndian()}), the items of a sequence, or the fragments of
 * encapsulated pixel data. Byte arrays are shared, not copied: treat them as read-only.
 */
public final class DataElement {

    private final int tag;
    private final Vr vr;
    private final boolean implicitVr;
    private final boolean bigEndian;
    private final byte[] bytes;
    private final List<DataSet> items;
    private final List<byte[]> fragments;
    private final boolean undefinedLength;
    private final long bulkDataLength;

    private DataElement(int tag, Vr vr, boolean implicitVr, boolean bigEndian, byte[] bytes, List<DataSet> items,
                        List<byte[]> fragments, boolean undefinedLength) {
        this(tag, vr, implicitVr, bigEndian, bytes, items, fragments, undefinedLength, -1);
    }

    private DataElement(int tag, Vr vr, boolean implicitVr, boolean bigEndian, byte[] bytes, List<DataSet> items,
                        List<byte[]> fragments, boolean undefinedLength, long bulkDataLength) {
        this.bulkDataLength = bulkDataLength;
        this.tag = tag;
        this.vr = vr;
        this.implicitVr = implicitVr;
        this.bigEndian = bigEndian;
        this.bytes = bytes;
        this.items = items;
        this.fragments = fragments;
        this.undefinedLength = undefinedLength;
    }

    /** An element with a byte value, encoded little endian with an explicit VR. */
    public static DataElement of(int tag, Vr vr, byte[] bytes) {
        return new DataElement(tag, vr, false, false, bytes, null, null, false);
    }

    /** An element with a byte value as read: {@code implicitVr} says the VR came from the dictionary. */
    public static DataElement read(int tag, Vr vr, boolean implicitVr, boolean bigEndian, byte[] bytes) {
        return new DataElement(tag, vr, implicitVr, bigEndian, bytes, null, null, false);
    }

    /** A sequence (VR SQ, or UN for a sequence encoded as UN); items are added to {@link #items()}. */
    public static DataElement sequence(int tag, Vr vr, boolean implicitVr, boolean undefinedLength) {
        return new DataElement(tag, vr, implicitVr, false, null, new ArrayList<>(), null, undefinedLength);
    }

    /** Encapsulated pixel data; the first fragment is the Basic Offset Table (possibly empty). */
    public static DataElement fragments(int tag, Vr vr, boolean implicitVr, List<byte[]> fragments) {
        return new DataElement(tag, vr, implicitVr, false, null, null, fragments, true);
    }

    /**
     * A placeholder for a value that was read past but not kept (bulk data): the element exists and had
     * {@code length} bytes (all fragments together, for encapsulated pixel data). It has no bytes, so it cannot
     * be written; DICOM JSON gives it as a BulkDataURI when one is supplied.
     */
    public static DataElement bulkData(int tag, Vr vr, boolean implicitVr, boolean bigEndian, long length) {
        return new DataElement(tag, vr, implicitVr, bigEndian, new byte[0], null, null, false, length);
    }

    /** Whether this is a {@link #bulkData placeholder} for a value that was not kept. */
    public boolean isBulkDataPlaceholder() {
        return bulkDataLength >= 0;
    }

    /** The length of the value that was not kept, or -1 when the value is here. */
    public long bulkDataLength() {
        return bulkDataLength;
    }

    public int tag() {
        return tag;
    }

    /** The VR as encoded; for implicit VR data the dictionary's first choice. See {@link DataSet#vrOf}. */
    public Vr vr() {
        return vr;
    }

    /** Whether the VR was not encoded but taken from the dictionary. */
    public boolean isImplicitVr() {
        return implicitVr;
    }

    public boolean bigEndian() {
        return bigEndian;
    }

    public boolean isSequence() {
        return items != null;
    }

    public boolean isFragments() {
        return fragments != null;
    }

    /** The value bytes, or {@code null} for sequences and fragments. */
    public byte[] bytes() {
        return bytes;
    }

    /** The sequence items (mutable while building), or an empty list for other elements. */
    public List<DataSet> items() {
        return items == null ? Collections.emptyList() : items;
    }

    /** The fragments of encapsulated pixel data, the offset table first; empty for other elements. */
    public List<byte[]> fragments() {
        return fragments == null ? Collections.emptyList() : fragments;
    }

    /** Whether the sequence was encoded with undefined length (kept so a rewrite can keep the encoding). */
    public boolean undefinedLength() {
        return undefinedLength;
    }

    /** Value length in bytes for byte values; 0 for an empty value. */
    public int length() {
        return bytes == null ? 0 : bytes.length;
    }

    /** Whether the value is empty (no bytes, no items, no fragments). */
    public boolean isEmpty() {
        if (bulkDataLength >= 0) {
            return bulkDataLength == 0;
        }
        if (items != null) {
            return items.isEmpty();
        }
        if (fragments != null) {
            return fragments.isEmpty();
        }
        return bytes == null || bytes.length == 0;
    }

    /** The same element with the value's bytes in little-endian order (a copy when swapping is needed). */
    public DataElement toLittleEndian(Vr effectiveVr) {
        if (!bigEndian || bytes == null) {
            return this;
        }
        return new DataElement(tag, vr, implicitVr, false, ByteOrder.swap(bytes, effectiveVr), null, null, false);
    }

    @Override
    public String toString() {
        return Tags.toString(tag) + " " + vr + (items != null ? " items=" + items.size()
            : fragments != null ? " fragments=" + fragments.size() : " length=" + length());
    }
}
