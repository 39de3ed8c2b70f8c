package org.cairn.dicom.pixel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.Arrays;
import org.cairn.dicom.DataElement;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomWriter;
import org.cairn.dicom.TransferSyntax;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.Tag;
import org.junit.jupiter.api.Test;

/**
 * Where frames are: native frames by offset (found through the parser whatever the read boundaries), 1-bit frames
 * realigned, and encapsulated frames from the Basic or Extended Offset Table, one fragment per frame, or the
 * codestream starts.
 */
class PixelFramesTest {

    private static DataSet image(int rows, int columns, int bits, int frames) {
        DataSet ds = new DataSet()
            .putString(Tag.SOPClassUID, Vr.UI, "1.2.840.10008.5.1.4.1.1.7")
            .putString(Tag.SOPInstanceUID, Vr.UI, "1.2.3.4")
            .putString(Tag.PhotometricInterpretation, Vr.CS, "MONOCHROME2")
            .putString(Tag.NumberOfFrames, Vr.IS, Integer.toString(frames));
        ds.put(us(Tag.SamplesPerPixel, 1));
        ds.put(us(Tag.Rows, rows));
        ds.put(us(Tag.Columns, columns));
        ds.put(us(Tag.BitsAllocated, bits));
        ds.put(us(Tag.BitsStored, bits));
        ds.put(us(Tag.HighBit, bits - 1));
        ds.put(us(Tag.PixelRepresentation, 0));
        return ds;
    }

    private static DataElement us(int tag, int value) {
        return DataElement.of(tag, Vr.US, new byte[] {(byte) value, (byte) (value >> 8)});
    }

    private static byte[] file(DataSet ds) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TransferSyntax ts = TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN;
        DicomWriter.writeFile(null, DicomWriter.completeMeta(null, ds, ts), ds, ts, out);
        return out.toByteArray();
    }

    @Test
    void nativeFramesAreFoundWhereverThePixelDataHeaderFallsAgainstTheReads() throws Exception {
        byte[] pixels = {1, 2, 3, 4, 5, 6, 7, 8};
        DataSet probe = image(2, 2, 8, 2);
        probe.put(DataElement.of(Tag.ImageComments, Vr.LT, new byte[0]));
        probe.put(DataElement.of(Tag.PixelData, Vr.OB, pixels));
        int headerAtWithoutComment = file(probe).length - 12 - pixels.length;
        // the locator reads 16 KiB at a time: put the Pixel Data header across that boundary, and around it
        for (int target = 16370; target <= 16394; target += 2) {
            DataSet ds = image(2, 2, 8, 2);
            ds.put(DataElement.of(Tag.ImageComments, Vr.LT, filler(target - headerAtWithoutComment)));
            ds.put(DataElement.of(Tag.PixelData, Vr.OB, pixels));
            byte[] file = file(ds);
            InstancePixels located = InstancePixels.locate(new ByteArrayInputStream(file));
            assertThat(located.frames().ranges(0).offsets()[0]).as("header at " + target).isEqualTo(target + 12);
            assertThat(located.readFrame(new ByteArrayInputStream(file), 1, 1 << 20)).containsExactly(5, 6, 7, 8);
        }
    }

    private static byte[] filler(int length) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) 'x');
        return b;
    }

    @Test
    void oneBitFramesThatStartInsideAByteAreShiftedToBitZero() throws Exception {
        // two 3x3 frames of 1 bit: 9 bits each, so the second starts at bit 1 of byte 1 (pixels LSB first)
        int[] bits = {1, 0, 1, 0, 1, 0, 1, 0, 1, /* frame 2 */ 1, 1, 0, 0, 1, 1, 0, 0, 1};
        byte[] packed = new byte[3];
        for (int i = 0; i < bits.length; i++) {
            packed[i / 8] |= (byte) (bits[i] << (i % 8));
        }
        PixelDescription d = PixelDescription.of(image(3, 3, 1, 2));
        PixelFrames frames = PixelFrames.of(d, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
            new ElementLocation.Value(Tag.PixelData, Vr.OB, 0, packed.length, false), null);
        try (InputStream second = frames.open(new ByteArrayInputStream(packed), 1)) {
            assertThat(second.readAllBytes()).containsExactly(0x33, 0x01);
        }
        try (InputStream first = frames.open(new ByteArrayInputStream(packed), 0)) {
            assertThat(first.readAllBytes()).as("the next frame's bits are cleared").containsExactly(0x55, 0x01);
        }
    }

    @Test
    void bigEndianValuesAreServedLittleEndian() throws Exception {
        PixelDescription d = PixelDescription.of(image(1, 2, 16, 1));
        PixelFrames frames = PixelFrames.of(d, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN,
            new ElementLocation.Value(Tag.PixelData, Vr.OW, 2, 4, true), null);
        try (InputStream frame = frames.open(new ByteArrayInputStream(new byte[] {9, 9, 0x12, 0x34, 0x56, 0x78}), 0)) {
            assertThat(frame.readAllBytes()).containsExactly(0x34, 0x12, 0x78, 0x56);
        }
    }

    @Test
    void pixelDataShorterThanItsFramesIsRefused() {
        PixelDescription d = PixelDescription.of(image(2, 2, 8, 3));
        assertThatThrownBy(() -> PixelFrames.of(d, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
            new ElementLocation.Value(Tag.PixelData, Vr.OB, 0, 8, false), null))
            .isInstanceOf(UnsupportedPixelDataException.class).hasMessageContaining("3 frames");
    }

    /** Three fragments of 8 bytes whose items start at 100, 116 and 132. */
    private static ElementLocation.Fragments fragments(long[] table, int... heads) {
        int n = heads.length;
        long[] items = new long[n];
        long[] values = new long[n];
        long[] lengths = new long[n];
        for (int i = 0; i < n; i++) {
            items[i] = 100 + 16L * i;
            values[i] = items[i] + 8;
            lengths[i] = 8;
        }
        return new ElementLocation.Fragments(Tag.PixelData, table, items, values, lengths, heads);
    }

    private static final int SOI = 0xFFD8FFE0;
    private static final int DATA = 0x12345678;

    @Test
    void theBasicOffsetTableGroupsFragmentsIntoFrames() {
        assertThat(PixelFrames.frameStarts(fragments(new long[] {0, 32}, SOI, DATA, SOI), 2, null))
            .containsExactly(0, 2, 3);
    }

    @Test
    void theExtendedOffsetTableIsUsedWhenTheBasicOneIsEmpty() {
        byte[] eot = new byte[16];
        eot[8] = 16; // frame 2 starts at the second fragment's item
        assertThat(PixelFrames.frameStarts(fragments(new long[0], DATA, DATA, DATA), 2, eot)).containsExactly(0, 1, 3);
    }

    @Test
    void withoutTablesOneFragmentPerFrameOrCodestreamStartsDecide() {
        assertThat(PixelFrames.frameStarts(fragments(new long[0], DATA, DATA), 2, null)).containsExactly(0, 1, 2);
        assertThat(PixelFrames.frameStarts(fragments(new long[0], SOI, DATA, SOI), 2, null)).containsExactly(0, 2, 3);
        assertThat(PixelFrames.frameStarts(fragments(new long[0], DATA, DATA, DATA), 1, null)).containsExactly(0, 3);
        assertThat(PixelFrames.frameStarts(fragments(new long[] {0, 7}, SOI, DATA, SOI), 2, null))
            .as("a table that points between items is not believed").containsExactly(0, 2, 3);
        assertThatThrownBy(() -> PixelFrames.frameStarts(fragments(new long[0], DATA, DATA, DATA), 2, null))
            .isInstanceOf(UnsupportedPixelDataException.class).hasMessageContaining("3 fragments");
    }

    @Test
    void voiWindowFunctionsFollowPs33() {
        VoiWindow linear = new VoiWindow(40, 400, VoiWindow.Function.LINEAR);
        assertThat(linear.apply(-161)).isZero();
        assertThat(linear.apply(240)).isEqualTo(1);
        assertThat(linear.apply(40)).isCloseTo(0.5 + 0.5 / 399, org.assertj.core.data.Offset.offset(1e-9));
        VoiWindow exact = new VoiWindow(40, 400, VoiWindow.Function.LINEAR_EXACT);
        assertThat(exact.apply(140)).isEqualTo(0.75);
        assertThat(new VoiWindow(40, 400, VoiWindow.Function.SIGMOID).apply(40)).isEqualTo(0.5);
        assertThat(VoiWindow.Function.of("linear-exact")).isEqualTo(VoiWindow.Function.LINEAR_EXACT);
        assertThatThrownBy(() -> new VoiWindow(40, 0.5, VoiWindow.Function.LINEAR))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
