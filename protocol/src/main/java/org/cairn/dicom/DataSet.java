package org.cairn.dicom;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.cairn.dicom.dict.ElementDictionary;
import org.cairn.dicom.dict.ElementInfo;
import org.cairn.dicom.dict.Tag;

/**
 * A data set (or sequence item) as a tree: elements in ascending tag order, sequences holding nested data
 * sets. Items know their parent, so the Specific Character Set and the attributes that decide ambiguous VRs
 * are inherited as PS3.5 says.
 *
 * <p>Built by {@link DataSetBuilder} from parser output, or by hand with {@link #put}. Not thread-safe while
 * being modified.
 */
public final class DataSet implements Iterable<DataElement> {

    private final ArrayList<DataElement> elements = new ArrayList<>();
    /** False after {@link #append} took an element out of order; the next read sorts once. */
    private boolean sorted = true;
    private final DataSet parent;
    private boolean undefinedLength;
    private SpecificCharacterSet charset;

    public DataSet() {
        this(null);
    }

    /** An item nested in {@code parent}, from which it inherits the character set. */
    public DataSet(DataSet parent) {
        this.parent = parent;
    }

    public DataSet parent() {
        return parent;
    }

    /** Whether this item was encoded with undefined length. */
    public boolean undefinedLength() {
        return undefinedLength;
    }

    public DataSet undefinedLength(boolean value) {
        this.undefinedLength = value;
        return this;
    }

    public int size() {
        ensureSorted();
        return elements.size();
    }

    public boolean isEmpty() {
        return elements.isEmpty();
    }

    @Override
    public Iterator<DataElement> iterator() {
        ensureSorted();
        return java.util.Collections.unmodifiableList(elements).iterator();
    }

    public List<DataElement> elements() {
        ensureSorted();
        return java.util.Collections.unmodifiableList(elements);
    }

    /**
     * Adds an element as a reader meets it: in O(1) even when tags arrive out of order (the set is sorted once,
     * at the next read, with a later element of the same tag replacing an earlier one).
     */
    public DataSet append(DataElement element) {
        int n = elements.size();
        if (sorted && n > 0 && Tags.compare(elements.get(n - 1).tag(), element.tag()) >= 0) {
            sorted = false;
        }
        elements.add(element);
        if (element.tag() == Tag.SpecificCharacterSet) {
            charset = null;
        }
        return this;
    }

    private void ensureSorted() {
        if (sorted) {
            return;
        }
        // Stable sort, then keep the last of equal tags: the same outcome as a sequence of puts
        elements.sort((a, b) -> Tags.compare(a.tag(), b.tag()));
        int out = 0;
        for (int i = 0; i < elements.size(); i++) {
            if (i + 1 < elements.size() && elements.get(i + 1).tag() == elements.get(i).tag()) {
                continue;
            }
            elements.set(out++, elements.get(i));
        }
        elements.subList(out, elements.size()).clear();
        sorted = true;
    }

    /** Adds or replaces the element with the same tag, keeping tag order. Appending in order is O(1). */
    public DataSet put(DataElement element) {
        ensureSorted();
        int n = elements.size();
        if (n == 0 || Tags.compare(elements.get(n - 1).tag(), element.tag()) < 0) {
            elements.add(element);
        } else {
            int i = indexOf(element.tag());
            if (i >= 0) {
                elements.set(i, element);
            } else {
                elements.add(-i - 1, element);
            }
        }
        if (element.tag() == Tag.SpecificCharacterSet) {
            charset = null;
        }
        return this;
    }

    /** Convenience: puts a string value, encoded in this data set's character set. */
    public DataSet putString(int tag, Vr vr, String... values) {
        String joined = String.join("\\", values);
        byte[] bytes = vr.isCharacterSetSensitive() ? charset().encode(joined, vr)
            : joined.getBytes(StandardCharsets.ISO_8859_1);
        return put(DataElement.of(tag, vr, pad(bytes, vr)));
    }

    private static byte[] pad(byte[] bytes, Vr vr) {
        if (bytes.length % 2 == 0) {
            return bytes;
        }
        byte[] padded = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        padded[bytes.length] = vr.padding();
        return padded;
    }

    public DataElement remove(int tag) {
        int i = indexOf(tag);
        if (i >= 0 && elements.get(i).tag() == Tag.SpecificCharacterSet) {
            charset = null;
        }
        return i >= 0 ? elements.remove(i) : null;
    }

    public DataElement get(int tag) {
        int i = indexOf(tag);
        return i >= 0 ? elements.get(i) : null;
    }

    public boolean contains(int tag) {
        return indexOf(tag) >= 0;
    }

    private int indexOf(int tag) {
        ensureSorted();
        int lo = 0;
        int hi = elements.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Tags.compare(elements.get(mid).tag(), tag);
            if (c < 0) {
                lo = mid + 1;
            } else if (c > 0) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    /**
     * The Specific Character Set in force here: this data set's own (0008,0005), else the parent's. Only the own
     * value is cached, so a parent's character set set later still reaches its items.
     */
    public SpecificCharacterSet charset() {
        for (DataSet ds = this; ds != null; ds = ds.parent) {
            SpecificCharacterSet own = ds.ownCharset();
            if (own != null) {
                return own;
            }
        }
        return SpecificCharacterSet.DEFAULT;
    }

    private SpecificCharacterSet ownCharset() {
        if (charset == null) {
            DataElement cs = get(Tag.SpecificCharacterSet);
            if (cs != null && cs.bytes() != null) {
                charset = SpecificCharacterSet.of(Values.splitAscii(cs.bytes()));
            }
        }
        return charset;
    }

    /**
     * The VR that gives the element's value its meaning. That is the encoded VR, except: UN is replaced by the
     * dictionary's VR when it knows one (PS3.5 6.2.2 note), and a dictionary VR listed as "US or SS", "OB or OW"
     * and the like is decided by Pixel Representation, the transfer syntax and LUT Descriptor.
     */
    public Vr vrOf(DataElement element) {
        if (element.isSequence()) {
            return Vr.SQ;
        }
        Vr vr = element.vr();
        if (vr != Vr.UN && !element.isImplicitVr()) {
            return vr;
        }
        int tag = element.tag();
        if ((tag & 0xFFFF) == 0 && vr == Vr.UN) {
            return Vr.UL;
        }
        if (ElementDictionary.isPrivateCreator(tag)) {
            return Vr.LO;
        }
        ElementInfo info = ElementDictionary.lookup(tag);
        if (info == null || info.vrs().length == 0) {
            return vr;
        }
        if (!info.isAmbiguous()) {
            return info.vr();
        }
        return resolveAmbiguous(element, info);
    }

    private Vr resolveAmbiguous(DataElement element, ElementInfo info) {
        List<Vr> choices = List.of(info.vrs());
        int tag = element.tag();
        if (tag == Tag.PixelData) {
            if (element.isFragments()) {
                return Vr.OB;
            }
            return element.isImplicitVr() ? Vr.OW : (intValue(Tag.BitsAllocated, 16) > 8 ? Vr.OW : Vr.OB);
        }
        if (choices.contains(Vr.SS) && !choices.contains(Vr.OW)) {
            Integer representation = inherited(Tag.PixelRepresentation);
            return representation == null || representation == 0 ? Vr.US : Vr.SS;
        }
        if (tag == Tag.LUTData) {
            DataElement descriptor = get(Tag.LUTDescriptor);
            int entries = descriptor == null || descriptor.length() < 2 ? 0
                : Values.uint16(descriptor.bytes(), 0, descriptor.bigEndian());
            return entries == 1 ? Vr.US : Vr.OW;
        }
        return choices.contains(Vr.OW) ? Vr.OW : info.vr();
    }

    private Integer inherited(int tag) {
        for (DataSet ds = this; ds != null; ds = ds.parent) {
            DataElement e = ds.get(tag);
            if (e != null && e.length() >= 2) {
                return Values.uint16(e.bytes(), 0, e.bigEndian());
            }
        }
        return null;
    }

    private int intValue(int tag, int fallback) {
        Integer v = inherited(tag);
        return v == null ? fallback : v;
    }

    /** The first value of a string element, decoded and trimmed of padding, or {@code null} when absent or empty. */
    public String getString(int tag) {
        List<String> values = getStrings(tag);
        return values.isEmpty() ? null : values.get(0);
    }

    /** All values of a string element, decoded and trimmed of padding; empty when absent. */
    public List<String> getStrings(int tag) {
        DataElement e = get(tag);
        if (e == null || e.bytes() == null || e.bytes().length == 0) {
            return List.of();
        }
        return Values.strings(e.bytes(), vrOf(e), charset());
    }

    /** The first value of a binary integer (US, SS, UL, SL) or IS element, or {@code fallback}. */
    public int getInt(int tag, int fallback) {
        DataElement e = get(tag);
        if (e == null || e.bytes() == null || e.bytes().length == 0) {
            return fallback;
        }
        Vr vr = vrOf(e);
        return switch (vr) {
            case US -> Values.uint16(e.bytes(), 0, e.bigEndian());
            case SS -> (short) Values.uint16(e.bytes(), 0, e.bigEndian());
            case UL, SL -> e.length() >= 4 ? Values.int32(e.bytes(), 0, e.bigEndian()) : fallback;
            case IS -> {
                try {
                    yield Integer.parseInt(getString(tag).trim());
                } catch (RuntimeException notANumber) {
                    yield fallback;
                }
            }
            default -> fallback;
        };
    }

    @Override
    public String toString() {
        return "DataSet" + elements;
    }

    /**
     * Element-by-element equality of tags, VRs and values (bytes compared little endian, items, fragments). Group
     * length values are not compared: they are derived from the encoding, and writers recompute them.
     */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof DataSet other) || other.size() != size()) {
            return false;
        }
        for (int i = 0; i < elements.size(); i++) {
            if (!sameElement(elements.get(i), other.elements.get(i))) {
                return false;
            }
        }
        return true;
    }

    private boolean sameElement(DataElement a, DataElement b) {
        if (a.tag() != b.tag() || a.isSequence() != b.isSequence() || a.isFragments() != b.isFragments()
            || a.bulkDataLength() != b.bulkDataLength()) {
            return false;
        }
        if (a.isSequence()) {
            return a.items().equals(b.items());
        }
        if (a.isFragments()) {
            if (a.fragments().size() != b.fragments().size()) {
                return false;
            }
            for (int i = 0; i < a.fragments().size(); i++) {
                if (!java.util.Arrays.equals(a.fragments().get(i), b.fragments().get(i))) {
                    return false;
                }
            }
            return true;
        }
        Vr vr = vrOf(a);
        if ((a.tag() & 0xFFFF) == 0) {
            return true;
        }
        return vr == vrOf(b) && sameValue(a.toLittleEndian(vr).bytes(), b.toLittleEndian(vr).bytes());
    }

    /** Equal bytes, where the one padding byte that makes an odd-length value even is not significant. */
    private static boolean sameValue(byte[] x, byte[] y) {
        if (x.length == y.length) {
            return java.util.Arrays.equals(x, y);
        }
        byte[] shorter = x.length < y.length ? x : y;
        byte[] longer = x.length < y.length ? y : x;
        byte pad = longer[longer.length - 1];
        return longer.length == shorter.length + 1 && shorter.length % 2 == 1 && (pad == 0 || pad == ' ')
            && java.util.Arrays.equals(shorter, 0, shorter.length, longer, 0, shorter.length);
    }

    @Override
    public int hashCode() {
        int h = 1;
        for (DataElement e : this) {
            h = 31 * h + e.tag();
        }
        return h;
    }
}
