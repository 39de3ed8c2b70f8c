package org.cairn.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.cairn.dicom.testing.Corpus;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Acceptance: read, write in the same transfer syntax, read again gives an equal data set for every corpus
 * file; files already in canonical encoding come back byte-identical.
 */
class RoundTripTest {

    /**
     * Corpus files whose encoding is not canonical, so that the rewrite differs in bytes (but not in content),
     * each with the reason. Canonical here means what {@link DicomWriter} promises: Part 10 with preamble and a
     * meta group length, even-length values, a deflate stream of Cairn's own.
     */
    static final Map<String, String> NOT_CANONICAL = Map.ofEntries(
        Map.entry("pydicom/ExplVR_BigEndNoMeta.dcm", "raw data set: the rewrite adds preamble and meta"),
        Map.entry("pydicom/ExplVR_LitEndNoMeta.dcm", "raw data set: the rewrite adds preamble and meta"),
        Map.entry("pydicom/rtstruct.dcm", "raw data set: the rewrite adds preamble and meta"),
        Map.entry("pydicom/meta_missing_tsyntax.dcm", "meta lacks Transfer Syntax UID, the rewrite adds it"),
        Map.entry("pydicom/nested_priv_SQ.dcm", "odd-length value (0001,0002): the rewrite pads it to even length"),
        Map.entry("pydicom/no_meta_group_length.dcm", "meta lacks its group length, the rewrite adds it"),
        Map.entry("pydicom/image_dfl.dcm", "deflate streams differ by compressor"),
        Map.entry("pydicom/SC_rgb_jpeg.dcm", "meta says explicit VR, data set is implicit: the rewrite is explicit"),
        // Group lengths that dicom3tools' dciodvfy reports as "Bad group length": the rewrite recomputes them
        Map.entry("octave-dicom/CT-MONO2-16-ankle.dcm", "wrong group length (0008,0000)"),
        Map.entry("octave-dicom/rtstruct.dcm", "(3006,0000) says 26204 bytes, the group holds 133474 (dciodvfy does not check it)"),
        Map.entry("pydicom-charset/chrJapMulti.dcm", "wrong group length (0010,0000)"),
        Map.entry("pydicom-charset/chrKoreanMulti.dcm", "wrong group lengths (0008,0000) and (0010,0000)"),
        Map.entry("pydicom/693_J2KI.dcm", "wrong group lengths (0008,0000) and (0028,0000)"));

    @TestFactory
    Stream<DynamicTest> everyFileRewritesToAnEqualDataSet() {
        return readableFiles().map(file -> DynamicTest.dynamicTest(Corpus.name(file), () -> {
            DicomFile first = DicomReader.read(file);
            DicomFile second = DicomReader.read(rewrite(first));
            assertThat(second.transferSyntax().uid()).isEqualTo(first.transferSyntax().uid());
            assertThat(second.dataSet()).isEqualTo(first.dataSet());
        }));
    }

    @Test
    void canonicalFilesComeBackByteIdentical() throws Exception {
        List<String> differing = new ArrayList<>();
        int identical = 0;
        for (Path file : readableFiles().toList()) {
            byte[] original = Files.readAllBytes(file);
            byte[] rewritten = rewrite(DicomReader.read(file));
            if (java.util.Arrays.equals(original, rewritten)) {
                identical++;
            } else if (!NOT_CANONICAL.containsKey(Corpus.name(file))) {
                differing.add(Corpus.name(file) + " differs from byte " + java.util.Arrays.mismatch(original, rewritten));
            }
        }
        assertThat(differing).as("canonical files that did not come back byte-identical").isEmpty();
        assertThat(identical).isGreaterThan(150);
    }

    @Test
    void nonCanonicalFilesBecomeCanonical() throws Exception {
        for (String name : NOT_CANONICAL.keySet()) {
            byte[] once = rewrite(DicomReader.read(Corpus.root().resolve(name)));
            byte[] twice = rewrite(DicomReader.read(once));
            assertThat(twice).as(name).isEqualTo(once);
        }
    }

    static Stream<Path> readableFiles() {
        return Corpus.files().stream().filter(f -> !PydicomAgreementTest.CAIRN_REJECTS.containsKey(Corpus.name(f)));
    }

    static byte[] rewrite(DicomFile file) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DicomWriter.writeFile(file, out);
        return out.toByteArray();
    }
}
