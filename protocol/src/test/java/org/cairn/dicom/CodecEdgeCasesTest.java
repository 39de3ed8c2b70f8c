package org.cairn.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import org.cairn.dicom.dict.Tag;
import org.cairn.dicom.testing.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Encodings at the edges of PS3.5, and hostile inputs that once broke the codec. */
class CodecEdgeCasesTest {

    @Test
    void unValuesAreLittleEndianEvenInBigEndianData() {
        // Explicit VR big endian: (0028,0010) encoded as UN; PS3.5 6.2.2 keeps its value little endian: 512
        byte[] bytes = HexFormat.of().parseHex("00280010" + "554E0000" + "00000002" + "0002");
        DataSet ds = DicomReader.readDataSet(bytes, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN);
        assertThat(ds.vrOf(ds.get(Tag.Rows))).isEqualTo(Vr.US);
        assertThat(ds.getInt(Tag.Rows, -1)).isEqualTo(512);
        assertThat(DicomJson.inline().toJson(ds)).contains("\"00280010\":{\"vr\":\"US\",\"Value\":[512]}");
    }

    @Test
    void tooLongShortVrValueBecomesLittleEndianUnInBigEndianOutput() {
        byte[] values = new byte[70_000];
        values[0] = 1; // first US value 1, little endian
        DataSet ds = new DataSet().put(DataElement.of(Tag.LargestImagePixelValue, Vr.US, values));
        byte[] out = DicomWriter.toBytes(ds, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN);
        assertThat(new String(out, 4, 2, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("UN");
        assertThat(out[12]).isEqualTo((byte) 1);
        DataSet back = DicomReader.readDataSet(out, TransferSyntax.EXPLICIT_VR_BIG_ENDIAN);
        assertThat(back.getInt(Tag.LargestImagePixelValue, -1)).isEqualTo(1);
    }

    @Test
    void sequencesNestedTooDeeplyAreRefused() {
        // implicit VR: (0040,A730) undefined-length sequence, item of undefined length, 200 levels
        String open = "4000 30A7 FFFFFFFF FEFF 00E0 FFFFFFFF".replace(" ", "");
        byte[] bytes = HexFormat.of().parseHex(open.repeat(200));
        assertThatThrownBy(() -> DicomReader.readDataSet(bytes, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN))
            .isInstanceOf(DicomException.class).hasMessageContaining("nested deeper than 128");
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS)
    void tagsInDescendingOrderDoNotMakeBuildingQuadratic() {
        int count = 200_000;
        byte[] bytes = new byte[count * 8];
        for (int i = 0; i < count; i++) {
            int tag = 0x00291000 + (count - i) % 0xF000;
            int group = 0x0029 + 2 * ((count - i) / 0xF000);
            Values.putUint16(bytes, i * 8, group, false);
            Values.putUint16(bytes, i * 8 + 2, 0x1000 + (tag - 0x00291000), false);
        }
        DataSet ds = DicomReader.readDataSet(bytes, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        assertThat(ds.size()).isEqualTo(count);
        int previous = 0;
        for (DataElement e : ds) {
            assertThat(Tags.compare(e.tag(), previous)).isPositive();
            previous = e.tag();
        }
    }

    @Test
    void bulkDataPlaceholdersAreMarkedAndNotWritable() throws Exception {
        DicomFile file = DicomReader.read(Corpus.root().resolve("pydicom/CT_small.dcm"), 1024, -1);
        DataElement pixels = file.dataSet().get(Tag.PixelData);
        assertThat(pixels.isBulkDataPlaceholder()).isTrue();
        assertThat(pixels.bulkDataLength()).isEqualTo(128 * 128 * 2);
        assertThat(file.dataSet().get(Tag.PatientName).isBulkDataPlaceholder()).isFalse();
        assertThatThrownBy(() -> DicomWriter.writeFile(file, new ByteArrayOutputStream()))
            .isInstanceOf(DicomException.class).hasMessageContaining("placeholder");
        String json = DicomJson.withBulkData(1024, (e, path) -> "bulk/" + path).toJson(file.dataSet());
        assertThat(json).contains("\"7FE00010\":{\"vr\":\"OW\",\"BulkDataURI\":\"bulk/(7FE0,0010)\"}");
    }

    @Test
    void encapsulatedPixelDataAboveTheThresholdBecomesOnePlaceholder() throws Exception {
        DicomFile file = DicomReader.read(Corpus.root().resolve("octave-dicom/US-PAL-8-10x-echo.dcm"), 4096, -1);
        DataElement pixels = file.dataSet().get(Tag.PixelData);
        assertThat(pixels.isBulkDataPlaceholder()).isTrue();
        assertThat(pixels.bulkDataLength()).isGreaterThan(4096);
    }

    @Test
    void encapsulatedPixelDataIsNotWrittenInANativeSyntax() throws Exception {
        DataSet ds = DicomReader.read(Corpus.root().resolve("pydicom/JPEG2000.dcm")).dataSet();
        assertThatThrownBy(() -> DicomWriter.toBytes(ds, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN))
            .isInstanceOf(DicomException.class).hasMessageContaining("native transfer syntax");
        assertThat(DicomWriter.toBytes(ds, TransferSyntax.of("1.2.840.10008.1.2.4.91"))).isNotEmpty();
    }

    @Test
    void truncatedDeflateStreamIsAnError() throws Exception {
        byte[] file = Files.readAllBytes(Corpus.root().resolve("pydicom/image_dfl.dcm"));
        byte[] truncated = java.util.Arrays.copyOf(file, file.length - 100);
        assertThatThrownBy(() -> DicomReader.read(truncated)).isInstanceOf(DicomException.class);
        // A stream flushed after its first element but never finished is truncated too
        ByteArrayOutputStream deflated = new ByteArrayOutputStream();
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        DeflaterOutputStream out = new DeflaterOutputStream(deflated, deflater, true);
        out.write(HexFormat.of().parseHex("08006000435302004354"));
        out.flush();
        byte[] bytes = deflated.toByteArray();
        assertThatThrownBy(() -> DicomReader.readDataSet(bytes, TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN))
            .isInstanceOf(DicomException.class).hasMessageContaining("deflate stream");
        deflater.end();
    }

    @Test
    void metaGroupLengthDecidesWhereADeflateStreamStarts() throws Exception {
        // A valid raw deflate stream whose first bytes (02 00) look like a meta tag: (0008,0060) CS "CT"
        byte[] stream = HexFormat.of().parseHex("02000000ffffe36048607 00e6662700e0100".replace(" ", ""));
        DataSet meta = new DataSet().putString(Tag.MediaStorageSOPClassUID, Vr.UI, "1.2.840.10008.5.1.4.1.1.7")
            .putString(Tag.MediaStorageSOPInstanceUID, Vr.UI, "1.2.3.4")
            .putString(Tag.TransferSyntaxUID, Vr.UI, TransferSyntax.DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN.uid());
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        DicomWriter.writeFile(null, meta, new DataSet(), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, file);
        file.writeBytes(stream);
        DicomFile read = DicomReader.read(file.toByteArray());
        assertThat(read.transferSyntax().deflated()).isTrue();
        assertThat(read.dataSet().getString(Tag.Modality)).isEqualTo("CT");
    }

    @Test
    void emptyLutDescriptorLeavesLutDataAsOw() {
        byte[] bytes = HexFormat.of().parseHex("2800023000000000" + "2800063002000000" + "0100");
        DataSet ds = DicomReader.readDataSet(bytes, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        assertThat(ds.vrOf(ds.get(Tag.LUTData))).isEqualTo(Vr.OW);
        assertThat(DicomJson.inline().toJson(ds)).contains("\"00283006\":{\"vr\":\"OW\"");
    }

    @Test
    void headerSplitAcrossFeedsThenOneLargeFeedParsesTheSame() throws Exception {
        byte[] bytes = Files.readAllBytes(Corpus.root().resolve("pydicom/CT_small.dcm"));
        for (int split : new int[] {3, 131, 133, 140, 1000}) {
            DataSetBuilder builder = new DataSetBuilder();
            DicomStreamParser parser = DicomStreamParser.forFile(builder);
            parser.feed(bytes, 0, split);
            parser.feed(bytes, split, bytes.length - split);
            parser.finish();
            assertThat(builder.result().dataSet()).as("split at %d", split).isEqualTo(DicomReader.read(bytes).dataSet());
        }
    }

    @Test
    void jsonKeyOrderDoesNotMatter() {
        DataSet ds = DicomJson.fromJson("{\"00081115\":{\"Value\":[{\"00081160\":{\"Value\":[3],\"vr\":\"IS\"}}],"
            + "\"vr\":\"SQ\"}}", uri -> null);
        assertThat(ds.get(0x00081115).items()).hasSize(1);
        assertThat(ds.get(0x00081115).items().get(0).getInt(0x00081160, -1)).isEqualTo(3);
    }

    @Test
    void malformedSequencesAndTrailingJsonAreRefused() {
        assertThatThrownBy(() -> DicomJson.fromJson("{\"00081115\":{\"vr\":\"SQ\",\"Value\":[null]},"
            + "\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"A\"}]}}", uri -> null))
            .isInstanceOf(DicomException.class).hasMessageContaining("item must be a JSON object");
        assertThatThrownBy(() -> DicomJson.fromJson("{} {}", uri -> null)).isInstanceOf(DicomException.class);
    }

    @Test
    void absurdNumbersAreRefusedQuickly() {
        for (String json : new String[] {
            "{\"00201041\":{\"vr\":\"DS\",\"Value\":[1e300000000]}}",
            "{\"00200013\":{\"vr\":\"IS\",\"Value\":[1e4000000]}}",
            "{\"00200013\":{\"vr\":\"IS\",\"Value\":[1.5]}}",
            "{\"00280010\":{\"vr\":\"US\",\"Value\":[70000]}}",
            "{\"00280009\":{\"vr\":\"AT\",\"Value\":[\"xyz\"]}}"}) {
            assertThatThrownBy(() -> DicomJson.fromJson(json, uri -> null)).as(json).isInstanceOf(DicomException.class);
        }
        DataSet ds = DicomJson.fromJson("{\"00201041\":{\"vr\":\"DS\",\"Value\":[1.234567890123456789e-7]}}", uri -> null);
        assertThat(ds.getString(0x00201041)).hasSizeLessThanOrEqualTo(16).startsWith("1.2345678");
    }

    @Test
    void nonAsciiTextOnlyInsideAnItemGetsUtf8() {
        DataSet ds = DicomJson.fromJson("{\"00400275\":{\"vr\":\"SQ\",\"Value\":[{\"00321060\":{\"vr\":\"LO\","
            + "\"Value\":[\"日本語\"]}}]}}", uri -> null);
        assertThat(ds.getString(Tag.SpecificCharacterSet)).isEqualTo("ISO_IR 192");
        assertThat(ds.get(0x00400275).items().get(0).getString(0x00321060)).isEqualTo("日本語");
    }

    @Test
    void rawDataSetGetsACompleteFileMetaWhenWritten() throws Exception {
        DicomFile raw = DicomReader.read(Corpus.root().resolve("pydicom/ExplVR_LitEndNoMeta.dcm"));
        assertThat(raw.fileMeta()).isNull();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DicomWriter.writeFile(raw, out);
        DataSet meta = DicomReader.read(out.toByteArray()).fileMeta();
        assertThat(meta.contains(Tag.FileMetaInformationVersion)).isTrue();
        assertThat(meta.getString(Tag.MediaStorageSOPClassUID)).isEqualTo(raw.dataSet().getString(Tag.SOPClassUID));
        assertThat(meta.getString(Tag.MediaStorageSOPInstanceUID)).isEqualTo(raw.dataSet().getString(Tag.SOPInstanceUID));
        assertThat(meta.getString(Tag.ImplementationClassUID)).isEqualTo(Implementation.CLASS_UID);
    }
}
