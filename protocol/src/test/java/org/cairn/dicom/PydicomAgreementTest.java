package org.cairn.dicom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.cairn.dicom.testing.Corpus;
import org.cairn.dicom.testing.DeliberateDifferences;
import org.cairn.dicom.testing.JsonDiff;
import org.cairn.dicom.testing.Pydicom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Acceptance: for every corpus file pydicom reads, Cairn's DICOM JSON (meta and data set) equals pydicom's
 * element by element; files pydicom rejects end in Cairn's typed error. Deliberate differences are listed here
 * and, with their reasons, in docs/conformance.md.
 */
class PydicomAgreementTest {

    private static final ObjectMapper MAPPER = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
        .streamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
            .maxStringLength(Integer.MAX_VALUE).build())
        .build());

    /**
     * Files pydicom reads (it is lenient with force=True) that Cairn rejects on purpose: an archive must not
     * take a truncated or garbled object for a complete one.
     */
    static final Map<String, String> CAIRN_REJECTS = Map.of(
        "pydicom/MR_truncated.dcm", "value length 8192 exceeds",
        "pydicom/rtplan_truncated.dcm", "exceeds",
        "pydicom/no_meta.dcm", "exceeds",
        "pydicom/dicomdirtests/DICOMDIR-nooffset", "value length 248 exceeds the 224 bytes left");

    private static Map<Path, Pydicom.Result> reference;

    @BeforeAll
    static void runPydicom() throws Exception {
        reference = Pydicom.json(Corpus.files());
    }

    @TestFactory
    Stream<DynamicTest> everyCorpusFileAgreesWithPydicom() {
        return Corpus.files().stream().map(file -> DynamicTest.dynamicTest(Corpus.name(file), () -> check(file)));
    }

    private static void check(Path file) throws Exception {
        String name = Corpus.name(file);
        Pydicom.Result expected = reference.get(file.toAbsolutePath());
        if (CAIRN_REJECTS.containsKey(name)) {
            assertThatThrownBy(() -> DicomReader.read(file)).isInstanceOf(DicomException.class)
                .hasMessageContaining(CAIRN_REJECTS.get(name));
            return;
        }
        if (!expected.ok()) {
            assertThatThrownBy(() -> DicomJson.inline().toJson(DicomReader.read(file).dataSet()))
                .as("pydicom rejects %s (%s)", name, expected.error())
                .isInstanceOf(DicomException.class);
            return;
        }
        DicomFile read = DicomReader.read(file);
        JsonNode meta = MAPPER.readTree(read.fileMeta() == null ? "{}" : DicomJson.inline().toJson(read.fileMeta()));
        JsonNode dataSet = MAPPER.readTree(DicomJson.inline().toJson(read.dataSet()));
        boolean bigEndian = read.transferSyntax().bigEndian();
        DeliberateDifferences rules = new DeliberateDifferences();
        JsonNode expectedMeta = expected.meta().deepCopy();
        JsonNode expectedDataSet = expected.dataSet().deepCopy();
        rules.reconcile(expectedMeta, meta, false, "meta");
        rules.reconcile(expectedDataSet, dataSet, bigEndian, "");
        List<String> differences = new java.util.ArrayList<>();
        JsonDiff.diff(expectedMeta, meta).forEach(d -> differences.add("meta" + d));
        differences.addAll(JsonDiff.diff(expectedDataSet, dataSet));
        assertThat(differences).as(name).isEmpty();
    }

}
