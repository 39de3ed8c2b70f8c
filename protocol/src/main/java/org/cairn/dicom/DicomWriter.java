package org.cairn.dicom;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.cairn.dicom.dict.Tag;

/**
 * Writes data sets and Part 10 files. Any data set can be written in any of the native transfer syntaxes
 * (implicit or explicit VR, little or big endian) and deflated; values are byte-swapped and VRs made explicit
 * as the target needs. Sequences and items keep the length form they were read with (defined lengths are
 * recomputed), odd-length values are padded to even length with the VR's padding byte, and the File Meta
 * Information group length is always written, so the output is conformant whatever the input was.
 */
public final class DicomWriter {

    private final OutputStream out;
    private final boolean encapsulatedAllowed;
    private final byte[] header = new byte[12];

    private DicomWriter(OutputStream out, boolean encapsulatedAllowed) {
        this.out = out;
        this.encapsulatedAllowed = encapsulatedAllowed;
    }

    /** Writes {@code file} in its own transfer syntax, with its preamble (or a zero one) and its meta. */
    public static void writeFile(DicomFile file, OutputStream out) throws IOException {
        DataSet meta = completeMeta(file.fileMeta(), file.dataSet(), file.transferSyntax());
        writeFile(file.preamble(), meta, file.dataSet(), file.transferSyntax(), out);
    }

    /**
     * {@code meta} with the Type 1 elements PS3.10 7.1 requires added where missing: version, media storage SOP
     * class and instance (from the data set), transfer syntax, and Cairn's implementation class and version.
     */
    public static DataSet completeMeta(DataSet meta, DataSet dataSet, TransferSyntax ts) {
        DataSet complete = new DataSet();
        if (meta != null) {
            meta.forEach(complete::put);
        }
        if (!complete.contains(Tag.FileMetaInformationVersion)) {
            complete.put(DataElement.of(Tag.FileMetaInformationVersion, Vr.OB, new byte[] {0, 1}));
        }
        String sopClass = dataSet.getString(Tag.SOPClassUID);
        String sopInstance = dataSet.getString(Tag.SOPInstanceUID);
        if (!complete.contains(Tag.MediaStorageSOPClassUID) && sopClass != null) {
            complete.putString(Tag.MediaStorageSOPClassUID, Vr.UI, sopClass);
        }
        if (!complete.contains(Tag.MediaStorageSOPInstanceUID) && sopInstance != null) {
            complete.putString(Tag.MediaStorageSOPInstanceUID, Vr.UI, sopInstance);
        }
        if (!complete.contains(Tag.TransferSyntaxUID)) {
            complete.putString(Tag.TransferSyntaxUID, Vr.UI, ts.uid());
        }
        if (!complete.contains(Tag.ImplementationClassUID)) {
            complete.putString(Tag.ImplementationClassUID, Vr.UI, Implementation.CLASS_UID);
            complete.putString(Tag.ImplementationVersionName, Vr.SH, Implementation.VERSION_NAME);
        }
        return complete;
    }

    /**
     * Writes a Part 10 file: preamble (zeros if {@code preamble} is null), "DICM", {@code meta} (whose group
     * length is recomputed, and whose Transfer Syntax UID should name {@code ts}), then {@code dataSet} as
     * {@code ts}.
     */
    public static void writeFile(byte[] preamble, DataSet meta, DataSet dataSet, TransferSyntax ts, OutputStream out)
        throws IOException {
        writeFileHeader(preamble, meta, out);
        writeDataSet(dataSet, ts, out);
    }

    /**
     * Writes what precedes a Part 10 file's data set: preamble (zeros if null), "DICM", and {@code meta} with its
     * group length recomputed. For a data set that arrives already encoded, to be appended as it is.
     */
    public static void writeFileHeader(byte[] preamble, DataSet meta, OutputStream out) throws IOException {
        byte[] head = preamble != null && preamble.length == 132 ? preamble.clone() : new byte[132];
        head[128] = 'D';
        head[129] = 'I';
        head[130] = 'C';
        head[131] = 'M';
        out.write(head);
        ByteArrayOutputStream metaBytes = new ByteArrayOutputStream();
        DicomWriter metaWriter = new DicomWriter(metaBytes, false);
        for (DataElement e : meta) {
            if (e.tag() != Tag.FileMetaInformationGroupLength) {
                metaWriter.writeElement(meta, e, true, false);
            }
        }
        DicomWriter writer = new DicomWriter(out, false);
        byte[] groupLength = new byte[4];
        Values.putInt32(groupLength, 0, metaBytes.size(), false);
        writer.writeElement(meta, DataElement.of(Tag.FileMetaInformationGroupLength, Vr.UL, groupLength), true, false);
        metaBytes.writeTo(out);
    }

    /** Writes a bare data set (no preamble or meta) as {@code ts}, deflating when {@code ts} says so. */
    public static void writeDataSet(DataSet dataSet, TransferSyntax ts, OutputStream out) throws IOException {
        if (ts.deflated()) {
            Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            try {
                long[] written = {0};
                OutputStream counting = new java.io.FilterOutputStream(out) {
                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        out.write(b, off, len);
                        written[0] += len;
                    }

                    @Override
                    public void write(int b) throws IOException {
                        out.write(b);
                        written[0]++;
                    }
                };
                DeflaterOutputStream deflating = new DeflaterOutputStream(counting, deflater, 64 * 1024);
                new DicomWriter(deflating, ts.encapsulated()).writeItems(dataSet, ts.explicitVr(), ts.bigEndian());
                deflating.finish();
                if (written[0] % 2 == 1) {
                    out.write(0); // PS3.5 A.5: an odd-length deflate stream is padded with one null byte
                }
            } finally {
                deflater.end();
            }
        } else {
            new DicomWriter(out, ts.encapsulated()).writeItems(dataSet, ts.explicitVr(), ts.bigEndian());
        }
    }

    /** The bytes of a bare data set encoded as {@code ts}. */
    public static byte[] toBytes(DataSet dataSet, TransferSyntax ts) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try {
            writeDataSet(dataSet, ts, bytes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Writes the elements of a data set; a group length element is recomputed from what follows it. */
    private void writeItems(DataSet ds, boolean explicit, boolean bigEndian) throws IOException {
        java.util.List<DataElement> elements = ds.elements();
        for (int i = 0; i < elements.size(); i++) {
            DataElement e = elements.get(i);
            if ((e.tag() & 0xFFFF) != 0 || e.isSequence() || e.isFragments()) {
                writeElement(ds, e, explicit, bigEndian);
                continue;
            }
            int group = e.tag() >>> 16;
            int end = i + 1;
            while (end < elements.size() && elements.get(end).tag() >>> 16 == group) {
                end++;
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            DicomWriter inner = new DicomWriter(body, encapsulatedAllowed);
            for (int j = i + 1; j < end; j++) {
                inner.writeElement(ds, elements.get(j), explicit, bigEndian);
            }
            byte[] length = new byte[4];
            Values.putInt32(length, 0, body.size(), bigEndian);
            writeElement(ds, DataElement.read(e.tag(), Vr.UL, false, bigEndian, length), explicit, bigEndian);
            body.writeTo(out);
            i = end - 1;
        }
    }

    private void writeElement(DataSet ds, DataElement e, boolean explicit, boolean bigEndian) throws IOException {
        Vr vr = explicit && e.isImplicitVr() ? ds.vrOf(e) : e.vr();
        if (e.isSequence()) {
            writeSequence(ds, e, vr, explicit, bigEndian);
            return;
        }
        if (e.isBulkDataPlaceholder()) {
            throw new DicomException(Tags.toString(e.tag()), -1,
                "the value was not kept (bulk data placeholder of " + e.bulkDataLength() + " bytes): nothing to write");
        }
        if (e.isFragments()) {
            if (!encapsulatedAllowed) {
                throw new DicomException(Tags.toString(e.tag()), -1,
                    "encapsulated pixel data cannot be written in a native transfer syntax without decoding it");
            }
            writeHeader(e.tag(), vr == Vr.OW ? Vr.OW : Vr.OB, 0xFFFFFFFFL, explicit, bigEndian);
            for (byte[] fragment : e.fragments()) {
                writeHeader(Tags.ITEM, null, fragment.length, explicit, bigEndian);
                out.write(fragment);
            }
            writeHeader(Tags.SEQUENCE_DELIMITATION, null, 0, explicit, bigEndian);
            return;
        }
        byte[] value = e.bytes();
        int padded = value.length + (value.length & 1);
        if (explicit && !vr.hasLongHeader() && padded > 0xFFFF) {
            vr = Vr.UN; // PS3.5 6.2.2: a value too long for a 16-bit length may only be sent as UN
        }
        // A UN value is little endian in every transfer syntax (PS3.5 6.2.2); everything else follows the target
        boolean valueBigEndian = bigEndian && !(explicit && vr == Vr.UN);
        if (e.bigEndian() != valueBigEndian) {
            value = ByteOrder.swap(value, ds.vrOf(e));
        }
        writeHeader(e.tag(), vr, padded, explicit, bigEndian);
        out.write(value);
        if (padded != value.length) {
            out.write(vr.padding());
        }
    }

    private void writeSequence(DataSet ds, DataElement sq, Vr vr, boolean explicit, boolean bigEndian) throws IOException {
        // A sequence read as UN holds implicit VR little endian items, and is written back that way
        boolean asUn = vr == Vr.UN && explicit;
        boolean itemsExplicit = explicit && !asUn;
        boolean itemsBigEndian = bigEndian && !asUn;
        Vr headerVr = asUn ? Vr.UN : Vr.SQ;
        if (sq.undefinedLength()) {
            writeHeader(sq.tag(), headerVr, 0xFFFFFFFFL, explicit, bigEndian);
            for (DataSet item : sq.items()) {
                writeItem(item, itemsExplicit, itemsBigEndian);
            }
            writeHeader(Tags.SEQUENCE_DELIMITATION, null, 0, itemsExplicit, itemsBigEndian);
            return;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        DicomWriter inner = new DicomWriter(body, encapsulatedAllowed);
        for (DataSet item : sq.items()) {
            inner.writeItem(item, itemsExplicit, itemsBigEndian);
        }
        writeHeader(sq.tag(), headerVr, body.size(), explicit, bigEndian);
        body.writeTo(out);
    }

    private void writeItem(DataSet item, boolean explicit, boolean bigEndian) throws IOException {
        if (item.undefinedLength()) {
            writeHeader(Tags.ITEM, null, 0xFFFFFFFFL, explicit, bigEndian);
            writeItems(item, explicit, bigEndian);
            writeHeader(Tags.ITEM_DELIMITATION, null, 0, explicit, bigEndian);
            return;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        new DicomWriter(body, encapsulatedAllowed).writeItems(item, explicit, bigEndian);
        writeHeader(Tags.ITEM, null, body.size(), explicit, bigEndian);
        body.writeTo(out);
    }

    /** Writes a header; {@code vr} null means an item or delimiter (tag and 32-bit length only). */
    private void writeHeader(int tag, Vr vr, long length, boolean explicit, boolean bigEndian) throws IOException {
        Values.putUint16(header, 0, tag >>> 16, bigEndian);
        Values.putUint16(header, 2, tag & 0xFFFF, bigEndian);
        if (vr == null || !explicit) {
            Values.putInt32(header, 4, (int) length, bigEndian);
            out.write(header, 0, 8);
            return;
        }
        header[4] = (byte) vr.name().charAt(0);
        header[5] = (byte) vr.name().charAt(1);
        if (vr.hasLongHeader()) {
            header[6] = 0;
            header[7] = 0;
            Values.putInt32(header, 8, (int) length, bigEndian);
            out.write(header, 0, 12);
        } else {
            Values.putUint16(header, 6, (int) length, bigEndian);
            out.write(header, 0, 8);
        }
    }
}
