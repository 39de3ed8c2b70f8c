package org.cairn.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import org.cairn.dicom.dict.Tag;
import org.junit.jupiter.api.Test;

/** The typed error says where: byte offset and tag path. */
class ParserErrorTest {

    /** Explicit VR LE: (0008,1140) SQ with two defined-length items, the second holding (0008,1155) UI of length L. */
    private static byte[] referencedImages(int hostileLength) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] firstItem = element(Tag.ReferencedSOPInstanceUID, "UI", "1.2.3\0".getBytes());
        byte[] secondItem = concat(header(Tag.ReferencedSOPInstanceUID, "UI", hostileLength & 0xFFFF),
            "1.2.840.10".getBytes());
        byte[] items = concat(item(firstItem), item(secondItem));
        out.writeBytes(headerLong(Tag.ReferencedImageSequence, "SQ", items.length));
        out.writeBytes(items);
        return out.toByteArray();
    }

    @Test
    void errorNamesTheTagPathAndByteOffset() {
        byte[] bytes = referencedImages(0xFFFA);
        assertThatThrownBy(() -> DicomReader.readDataSet(bytes, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN))
            .isInstanceOf(DicomException.class)
            .hasMessage("(0008,1140)[2]/(0008,1155) at byte 50: value length 65530 exceeds the 10 bytes left in the item")
            .satisfies(e -> {
                DicomException d = (DicomException) e;
                assertThat(d.offset()).as("where the value would start").isEqualTo(50);
                assertThat(d.tagPath()).isEqualTo("(0008,1140)[2]/(0008,1155)");
            });
    }

    @Test
    void undefinedLengthValueAtTheRootFailsAgainstTheBytesPresent() {
        // (0008,1155) UT with a 4 GB length and 12 bytes of value
        byte[] bytes = concat(headerLong(Tag.ReferencedSOPInstanceUID, "UT", 0xFFFFFFFA), new byte[12]);
        assertThatThrownBy(() -> DicomReader.readDataSet(bytes, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN))
            .isInstanceOf(DicomException.class)
            .hasMessage("(0008,1155) at byte 12: value length 4294967290 exceeds the 12 bytes left");
    }

    @Test
    void streamedTruncationIsFoundAtFinishWithoutAllocatingTheDeclaredLength() {
        byte[] bytes = concat(headerLong(Tag.ReferencedSOPInstanceUID, "UT", 0xFFFFFFFA), new byte[12]);
        DataSetBuilder builder = new DataSetBuilder();
        DicomStreamParser parser = DicomStreamParser.forDataSet(builder, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        long before = usedHeap();
        parser.feed(bytes);
        assertThat(usedHeap() - before).isLessThan(64L << 20);
        assertThatThrownBy(parser::finish).isInstanceOf(DicomException.class)
            .hasMessage("(0008,1155) at byte 24: value length 4294967290 exceeds the 12 bytes left");
    }

    @Test
    void emptyInputIsNotDicom() {
        assertThatThrownBy(() -> DicomReader.read(new byte[0])).isInstanceOf(DicomException.class)
            .hasMessageContaining("empty");
        assertThatThrownBy(() -> DicomReader.read(new byte[] {1, 2, 3})).isInstanceOf(DicomException.class)
            .hasMessageContaining("too few");
    }

    @Test
    void itemOutsideASequenceIsRejected() {
        byte[] bytes = item(new byte[0]);
        assertThatThrownBy(() -> DicomReader.readDataSet(bytes, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN))
            .isInstanceOf(DicomException.class).hasMessageContaining("item outside a sequence");
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    static byte[] element(int tag, String vr, byte[] value) {
        return concat(header(tag, vr, value.length), value);
    }

    static byte[] header(int tag, String vr, int length) {
        byte[] h = new byte[8];
        Values.putUint16(h, 0, tag >>> 16, false);
        Values.putUint16(h, 2, tag & 0xFFFF, false);
        h[4] = (byte) vr.charAt(0);
        h[5] = (byte) vr.charAt(1);
        Values.putUint16(h, 6, length, false);
        return h;
    }

    static byte[] headerLong(int tag, String vr, int length) {
        byte[] h = new byte[12];
        Values.putUint16(h, 0, tag >>> 16, false);
        Values.putUint16(h, 2, tag & 0xFFFF, false);
        h[4] = (byte) vr.charAt(0);
        h[5] = (byte) vr.charAt(1);
        Values.putInt32(h, 8, length, false);
        return h;
    }

    static byte[] item(byte[] content) {
        byte[] h = new byte[8];
        Values.putUint16(h, 0, 0xFFFE, false);
        Values.putUint16(h, 2, 0xE000, false);
        Values.putInt32(h, 4, content.length, false);
        return concat(h, content);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
