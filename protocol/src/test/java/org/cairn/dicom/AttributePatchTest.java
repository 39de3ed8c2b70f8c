package org.cairn.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cairn.dicom.dict.Tag;
import org.cairn.dicom.testing.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Corrections applied to files as they are read: only the changed attributes differ, everything else is intact. */
class AttributePatchTest {

    @ParameterizedTest
    @ValueSource(strings = {"pydicom/CT_small.dcm", "pydicom/MR_small_implicit.dcm", "pydicom/MR_small_bigendian.dcm",
        "pydicom/JPEG-lossy.dcm", "pydicom/MR_small_RLE.dcm"})
    void onlyTheChangedAttributesDiffer(String name) throws IOException {
        Path file = Corpus.root().resolve(name);
        DicomFile original = DicomReader.read(file);
        List<AttributePatch.Change> changes = List.of(
            new AttributePatch.Change(Tag.PatientName, Vr.PN, "Corrected^Name"),
            new AttributePatch.Change(Tag.AccessionNumber, Vr.SH, "ACC-NEW"),
            new AttributePatch.Change(Tag.PatientBirthDate, Vr.DA, ""));
        byte[] patched;
        try (InputStream in = AttributePatch.apply(Files.newInputStream(file), changes)) {
            patched = in.readAllBytes();
        }
        DicomFile read = DicomReader.read(patched);
        assertThat(read.transferSyntax()).isEqualTo(original.transferSyntax());
        assertThat(read.dataSet().getString(Tag.PatientName)).isEqualTo("Corrected^Name");
        assertThat(read.dataSet().getString(Tag.AccessionNumber)).isEqualTo("ACC-NEW");
        assertThat(read.dataSet().get(Tag.PatientBirthDate).isEmpty()).isTrue();
        DataSet expected = original.dataSet();
        AttributePatch.put(expected, changes);
        assertThat(read.dataSet()).isEqualTo(expected);
        assertThat(read.dataSet().get(Tag.PixelData).length()).isEqualTo(original.dataSet().get(Tag.PixelData).length());
    }

    @Test
    void unchangedStudiesAreServedAsStored() throws IOException {
        InputStream stored = new ByteArrayInputStream(new byte[] {1, 2, 3});
        assertThat(AttributePatch.apply(stored, List.of())).isSameAs(stored);
    }

    @Test
    void textBeyondTheDefaultRepertoireSwitchesTheFileToUtf8() throws IOException {
        Path file = Corpus.root().resolve("pydicom/MR_small.dcm");
        assertThat(DicomReader.read(file).dataSet().contains(Tag.SpecificCharacterSet)).isFalse();
        byte[] patched;
        try (InputStream in = AttributePatch.apply(Files.newInputStream(file),
            List.of(new AttributePatch.Change(Tag.PatientName, Vr.PN, "Müller^Jürgen=山田^太郎")))) {
            patched = in.readAllBytes();
        }
        DataSet read = DicomReader.read(patched).dataSet();
        assertThat(read.getString(Tag.SpecificCharacterSet)).isEqualTo("ISO_IR 192");
        assertThat(read.getString(Tag.PatientName)).isEqualTo("Müller^Jürgen=山田^太郎");
    }

    @Test
    void largePixelDataStreamsThroughWithoutBeingHeld() throws IOException {
        DataSet ds = new DataSet().putString(Tag.SOPClassUID, Vr.UI, "1.2.840.10008.5.1.4.1.1.7")
            .putString(Tag.SOPInstanceUID, Vr.UI, "1.2.3.4").putString(Tag.PatientName, Vr.PN, "Old^Name");
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        DataSet meta = DicomWriter.completeMeta(new DataSet(), ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        DicomWriter.writeFile(null, meta, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, head);
        long pixels = 64L << 20;
        byte[] pixelHeader = {(byte) 0xE0, 0x7F, 0x10, 0x00, 'O', 'B', 0, 0,
            (byte) pixels, (byte) (pixels >> 8), (byte) (pixels >> 16), (byte) (pixels >> 24)};
        InputStream huge = new java.io.SequenceInputStream(new ByteArrayInputStream(head.toByteArray()),
            new java.io.SequenceInputStream(new ByteArrayInputStream(pixelHeader), new InputStream() {
                long left = pixels;

                @Override
                public int read() {
                    return left-- > 0 ? 7 : -1;
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    if (left <= 0) {
                        return -1;
                    }
                    int n = (int) Math.min(len, left);
                    java.util.Arrays.fill(b, off, off + n, (byte) 7);
                    left -= n;
                    return n;
                }
            }));
        long total = 0;
        DataSetBuilder header = new DataSetBuilder(1024);
        DicomStreamParser parser = DicomStreamParser.forFile(header);
        try (InputStream in = AttributePatch.apply(huge,
            List.of(new AttributePatch.Change(Tag.PatientName, Vr.PN, "New^Name")))) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                parser.feed(buffer, 0, n);
            }
        }
        parser.finish();
        assertThat(header.result().dataSet().getString(Tag.PatientName)).isEqualTo("New^Name");
        assertThat(header.result().dataSet().get(Tag.PixelData).bulkDataLength()).isEqualTo(pixels);
        assertThat(total).isGreaterThan(pixels);
    }

    @Test
    void fileMetaAndUidsCannotBeChangedThisWay() {
        assertThatThrownBy(() -> new AttributePatch.Change(Tag.TransferSyntaxUID, Vr.UI, "1.2"))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUnreadableFileIsAnIoErrorNotACrash() {
        byte[] junk = new byte[300];
        junk[128] = 'D';
        junk[129] = 'I';
        junk[130] = 'C';
        junk[131] = 'M';
        junk[132] = 2;
        junk[136] = 'Z';
        junk[137] = 'Z';
        assertThatThrownBy(() -> AttributePatch.apply(new ByteArrayInputStream(junk),
            List.of(new AttributePatch.Change(Tag.PatientName, Vr.PN, "X"))).readAllBytes())
            .isInstanceOf(IOException.class);
    }
}
