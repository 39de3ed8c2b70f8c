package org.cairn.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.cairn.dicom.dict.Tag;
import org.cairn.dicom.testing.Corpus;
import org.cairn.dicom.testing.JsonDiff;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class DicomJsonTest {
    private static final ObjectMapper MAPPER = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
        .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
            .maxStringLength(Integer.MAX_VALUE).build())
        .build());

    @TestFactory
    Stream<DynamicTest> jsonReadBackWritesTheSameJson() {
        return RoundTripTest.readableFiles().map(file -> DynamicTest.dynamicTest(Corpus.name(file), () -> {
            DataSet ds = DicomReader.read(file).dataSet();
            String json;
            try {
                json = DicomJson.inline().toJson(ds);
            } catch (DicomException notRepresentable) {
                return; // badVR.dcm: IS "1A" has no JSON form; PydicomAgreementTest covers that
            }
            DataSet back = DicomJson.fromJson(json, uri -> null);
            String again = DicomJson.inline().toJson(back);
            assertThat(JsonDiff.diff(MAPPER.readTree(json), MAPPER.readTree(again))).isEmpty();
        }));
    }

    @Test
    void personNamesHaveTheirThreeGroups() throws Exception {
        DataSet ds = new DataSet().putString(Tag.SpecificCharacterSet, Vr.CS, "ISO_IR 192")
            .putString(Tag.PatientName, Vr.PN, "Yamada^Tarou=山田^太郎=やまだ^たろう", "=Ideo", "");
        JsonNode node = MAPPER.readTree(DicomJson.inline().toJson(ds)).get("00100010");
        assertThat(node.get("vr").asText()).isEqualTo("PN");
        assertThat(node.get("Value").get(0).get("Ideographic").asText()).isEqualTo("山田^太郎");
        assertThat(node.get("Value").get(0).get("Phonetic").asText()).isEqualTo("やまだ^たろう");
        assertThat(node.get("Value").get(1).get("Alphabetic").asText()).isEmpty();
        assertThat(node.get("Value").get(1).get("Ideographic").asText()).isEqualTo("Ideo");
        assertThat(node.get("Value").get(2).isNull()).isTrue();
        DataSet back = DicomJson.fromJson(DicomJson.inline().toJson(ds), uri -> null);
        assertThat(back.getStrings(Tag.PatientName)).containsExactly("Yamada^Tarou=山田^太郎=やまだ^たろう", "=Ideo", "");
    }

    @Test
    void largeBinaryValuesBecomeBulkDataUris() throws Exception {
        byte[] pixels = new byte[4096];
        pixels[7] = 42;
        DataSet ds = new DataSet().put(DataElement.of(Tag.PixelData, Vr.OW, pixels))
            .put(DataElement.of(Tag.RedPaletteColorLookupTableData, Vr.OW, new byte[] {1, 2}));
        Map<String, byte[]> store = new HashMap<>();
        String json = DicomJson.withBulkData(1024, (e, path) -> {
            String uri = "http://archive/bulk/" + Tags.toHex(e.tag());
            store.put(uri, e.bytes());
            return uri;
        }).toJson(ds);
        JsonNode node = MAPPER.readTree(json);
        assertThat(node.get("7FE00010").get("BulkDataURI").asText()).isEqualTo("http://archive/bulk/7FE00010");
        assertThat(node.get("00281201").get("InlineBinary").asText()).isEqualTo("AQI=");
        DataSet back = DicomJson.fromJson(json, store::get);
        assertThat(back.get(Tag.PixelData).bytes()).isEqualTo(pixels);
    }

    @Test
    void numbersAndTags() throws Exception {
        byte[] at = new byte[4];
        Values.putUint16(at, 0, 0x0010, false);
        Values.putUint16(at, 2, 0x0020, false);
        byte[] fl = new byte[4];
        Values.putInt32(fl, 0, Float.floatToIntBits(0.5f), false);
        DataSet ds = new DataSet().putString(Tag.SliceThickness, Vr.DS, "2.50", "-1e3")
            .putString(Tag.InstanceNumber, Vr.IS, "+7")
            .put(DataElement.of(Tag.FrameIncrementPointer, Vr.AT, at))
            .put(DataElement.of(Tag.RecommendedDisplayFrameRateInFloat, Vr.FL, fl));
        JsonNode node = MAPPER.readTree(DicomJson.inline().toJson(ds));
        assertThat(node.get("00180050").get("Value").get(0).decimalValue()).isEqualByComparingTo("2.5");
        assertThat(node.get("00180050").get("Value").get(1).asDouble()).isEqualTo(-1000.0);
        assertThat(node.get("00200013").get("Value").get(0).asInt()).isEqualTo(7);
        assertThat(node.get("00280009").get("Value").get(0).asText()).isEqualTo("00100020");
        assertThat(node.get(Tags.toHex(Tag.RecommendedDisplayFrameRateInFloat)).get("Value").get(0).asDouble()).isEqualTo(0.5);
    }

    @Test
    void notANumberAndInfinitiesSurviveTheRoundTrip() {
        byte[] fd = new byte[24];
        for (int i = 0; i < 3; i++) {
            long bits = Double.doubleToLongBits(new double[] {Double.NaN, Double.POSITIVE_INFINITY, -2.5}[i]);
            Values.putInt32(fd, i * 8, (int) bits, false);
            Values.putInt32(fd, i * 8 + 4, (int) (bits >>> 32), false);
        }
        DataSet ds = new DataSet().put(DataElement.of(Tag.ReferencePixelPhysicalValueX, Vr.FD, fd));
        String json = DicomJson.inline().toJson(ds);
        assertThat(json).contains("[\"NaN\",\"Infinity\",-2.5]");
        assertThat(DicomJson.fromJson(json, uri -> null).get(Tag.ReferencePixelPhysicalValueX).bytes()).isEqualTo(fd);
    }

    @Test
    void badBase64IsTheTypedError() {
        assertThatThrownBy(() -> DicomJson.fromJson("{\"7FE00010\": {\"vr\": \"OB\", \"InlineBinary\": \"%%%\"}}",
            uri -> null)).isInstanceOf(DicomException.class).hasMessageContaining("base64");
    }

    @Test
    void nonNumericIntegerStringIsTheTypedError() {
        DataSet ds = new DataSet().putString(Tag.InstanceNumber, Vr.IS, "1A");
        assertThatThrownBy(() -> DicomJson.inline().toJson(ds)).isInstanceOf(DicomException.class)
            .hasMessageStartingWith("(0020,0013): value cannot be represented in DICOM JSON as IS");
    }

    @Test
    void malformedJsonIsTheTypedError() {
        assertThatThrownBy(() -> DicomJson.fromJson("{\"00100010\": {\"vr\": \"PN\"", uri -> null))
            .isInstanceOf(DicomException.class);
        assertThatThrownBy(() -> DicomJson.fromJson("[]", uri -> null)).isInstanceOf(DicomException.class);
        assertThatThrownBy(() -> DicomJson.fromJson("{\"0010\": {\"vr\": \"PN\"}}", uri -> null))
            .isInstanceOf(DicomException.class).hasMessageContaining("not a tag");
        assertThatThrownBy(() -> DicomJson.fromJson("{\"00100010\": {\"vr\": \"QQ\"}}", uri -> null))
            .isInstanceOf(DicomException.class).hasMessageContaining("unknown VR");
    }
}
