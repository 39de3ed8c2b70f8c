package org.cairn.dicom.deid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.SoftAssertions;
import org.cairn.dicom.DataElement;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomException;
import org.cairn.dicom.DicomFile;
import org.cairn.dicom.DicomReader;
import org.cairn.dicom.DicomWriter;
import org.cairn.dicom.TransferSyntax;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.Tag;
import org.cairn.dicom.dict.UID;
import org.cairn.dicom.testing.Corpus;
import org.cairn.dicom.testing.Pydicom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming transformer over the whole corpus, judged by two independent readers (pydicom and DCMTK's dcmdump)
 * and by the pure function: every readable instance comes out as a valid Part 10 file without identifying values,
 * with its pixel data byte for byte, and with the same attributes the pure function gives.
 */
class StreamingAnonymizerTest {

    static final Replacements PSEUDONYM = new Replacements("SUBJECT^0042", "PSEUDO-0042");
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyReadableCorpusInstanceComesOutDeidentifiedForPydicomAndDcmtk(@TempDir Path dir) throws Exception {
        UidMapper job = UidMapper.newJob();
        StreamingAnonymizer anonymizer = new StreamingAnonymizer(job, PSEUDONYM, BurnedInAnnotationPolicy.KEEP);
        Map<Path, Path> written = new LinkedHashMap<>();
        Map<String, AnonymizedInstance> results = new LinkedHashMap<>();
        SoftAssertions softly = new SoftAssertions();
        for (Path file : Corpus.files()) {
            String name = Corpus.name(file);
            Path output = dir.resolve(written.size() + ".dcm");
            DicomFile original;
            try {
                original = DicomReader.read(file);
            } catch (DicomException unreadable) {
                // Refused as no instance, or a parse error: either way before or instead of a de-identified file
                softly.assertThatThrownBy(() -> anonymize(anonymizer, file, output)).as(name)
                    .isInstanceOfAny(DicomException.class, AnonymizationRefusedException.class);
                continue;
            }
            String sopClass = original.dataSet().getString(Tag.SOPClassUID);
            if (sopClass == null || UID.MediaStorageDirectoryStorage.equals(sopClass)
                || original.dataSet().getString(Tag.SOPInstanceUID) == null) {
                softly.assertThatThrownBy(() -> anonymize(anonymizer, file, output)).as(name)
                    .isInstanceOf(AnonymizationRefusedException.class);
                softly.assertThat(Files.size(output)).as("%s: nothing written", name).isZero();
                continue;
            }
            AnonymizedInstance result = anonymize(anonymizer, file, output);
            written.put(file, output);
            results.put(name, result);
            softly.assertThat(result.bytesWritten()).as(name).isEqualTo(Files.size(output));
            softly.assertThat(DicomReader.read(output).dataSet()).as("%s: streamed as the pure function says", name)
                .isEqualTo(Anonymizer.anonymize(original.dataSet(), job, PSEUDONYM));
        }
        softly.assertAll();

        assertThat(results).containsKeys("pydicom/JPGExtended.dcm", "pydicom/JPEG2000.dcm",
            "nibabel/philips_mprage.dcm", "octave-dicom/US-PAL-8-10x-echo.dcm", "pydicom/SC_rgb_rle_2frame.dcm",
            "pydicom/image_dfl.dcm", "pydicom/MR_small_bigendian.dcm", "pydicom/MR_small_implicit.dcm",
            "pydicom/rtstruct.dcm", "pydicom/test-SR.dcm", "octave-dicom/simpleImageWithIcon.dcm");
        assertThat(results.size()).isGreaterThan(150);
        AnonymizedInstance one = results.get("pydicom/dicomdirtests/77654033/CT2/17106");
        AnonymizedInstance other = results.get("pydicom/dicomdirtests/77654033/CT2/17136");
        assertThat(other.originalStudyInstanceUid()).isEqualTo(one.originalStudyInstanceUid());
        assertThat(other.studyInstanceUid()).as("one study stays one study").isEqualTo(one.studyInstanceUid())
            .isNotEqualTo(one.originalStudyInstanceUid());
        assertThat(other.sopInstanceUid()).isNotEqualTo(one.sopInstanceUid());

        assertPydicomFindsNothingIdentifying(written);
        for (Path output : written.values()) {
            assertDcmdumpReads(output);
        }
    }

    static AnonymizedInstance anonymize(StreamingAnonymizer anonymizer, Path in, Path out) throws IOException {
        try (InputStream input = Files.newInputStream(in); OutputStream output = Files.newOutputStream(out)) {
            return anonymizer.anonymize(input, output);
        }
    }

    static Path checkScript() {
        return Path.of("src", "test", "resources", "org", "cairn", "dicom", "deid", "check_deidentified.py");
    }

    static void assertPydicomFindsNothingIdentifying(Map<Path, Path> pairs) throws Exception {
        List<String> command = new ArrayList<>(List.of(Pydicom.PYTHON, checkScript().toString()));
        pairs.forEach((original, anonymized) -> {
            command.add(original.toString());
            command.add(anonymized.toString());
        });
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<JsonNode> findings = new ArrayList<>();
        try (BufferedReader lines = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                findings.add(JSON.readTree(line));
            }
        }
        assertThat(process.waitFor()).isZero();
        assertThat(findings).hasSize(pairs.size());
        SoftAssertions softly = new SoftAssertions();
        for (JsonNode f : findings) {
            String what = f.get("original").asText();
            softly.assertThat(f.get("ok").asBoolean()).as("%s: %s", what, f.path("error").asText()).isTrue();
            if (!f.get("ok").asBoolean()) {
                continue;
            }
            softly.assertThat(f.get("patientName").asText()).as(what).isEqualTo("SUBJECT^0042");
            softly.assertThat(f.get("patientId").asText()).as(what).isEqualTo("PSEUDO-0042");
            softly.assertThat(f.get("identityRemoved").asText()).as(what).isEqualTo("YES");
            softly.assertThat(f.get("methodCodes").toString()).as(what).contains("113100^DCM");
            softly.assertThat(f.get("removedPresent").size()).as("%s: %s", what, f.get("removedPresent")).isZero();
            softly.assertThat(f.get("privateElements").asInt()).as("%s: private elements", what).isZero();
            softly.assertThat(f.get("leaked").size()).as("%s leaks %s", what, f.get("leaked")).isZero();
            softly.assertThat(f.get("leakedUids").size()).as("%s leaks %s", what, f.get("leakedUids")).isZero();
            softly.assertThat(f.get("mediaStorageSopInstanceUid").asText()).as(what)
                .isEqualTo(f.get("sopInstanceUid").asText()).startsWith("2.25.");
            softly.assertThat(f.get("sourceAeTitle").isNull()).as("%s: new File Meta", what).isTrue();
            softly.assertThat(f.get("transferSyntaxKept").asBoolean()).as(what).isTrue();
            softly.assertThat(f.get("pixelDataEqual").isBoolean() ? f.get("pixelDataEqual").asBoolean() : true)
                .as("%s: pixel data byte for byte", what).isTrue();
        }
        softly.assertAll();
    }

    static void assertDcmdumpReads(Path file) throws Exception {
        Process process = new ProcessBuilder("dcmdump", "-q", "+E", file.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as("dcmdump %s: %s", file, output).isZero();
        assertThat(output.lines().filter(l -> l.startsWith("E:"))).as("dcmdump errors on %s", file).isEmpty();
    }

    @Test
    void theOutputIsTheSameWhateverTheInputChunking() throws Exception {
        UidMapper job = UidMapper.newJob();
        StreamingAnonymizer anonymizer = new StreamingAnonymizer(job, PSEUDONYM, BurnedInAnnotationPolicy.KEEP);
        for (String name : List.of("pydicom/CT_small.dcm", "pydicom/JPGExtended.dcm", "pydicom/image_dfl.dcm",
            "pydicom/MR_small_bigendian.dcm", "pydicom/rtstruct.dcm", "pydicom/SC_rgb_rle_2frame.dcm")) {
            byte[] input = Files.readAllBytes(Corpus.root().resolve(name));
            byte[] whole = run(anonymizer, new ByteArrayInputStream(input));
            assertThat(run(anonymizer, new TrickleInputStream(input, 1))).as("%s in 1-byte reads", name).isEqualTo(whole);
            assertThat(run(anonymizer, new TrickleInputStream(input, 7))).as("%s in 7-byte reads", name).isEqualTo(whole);
        }
    }

    static byte[] run(StreamingAnonymizer anonymizer, InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        anonymizer.anonymize(in, out);
        return out.toByteArray();
    }

    /** Gives at most {@code step} bytes per read, as a slow network would. */
    static final class TrickleInputStream extends FilterInputStream {
        private final int step;

        TrickleInputStream(byte[] bytes, int step) {
            super(new ByteArrayInputStream(bytes));
            this.step = step;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, step));
        }
    }

    /**
     * Large values anywhere: a kept one before the added attributes' place, a removed private one, a kept encapsulated
     * document, pixel data, then what follows pixel data (private, signatures, padding), all removed.
     */
    @Test
    void largeValuesAreStreamedOrSkippedAndWhatFollowsPixelDataIsCleaned(@TempDir Path dir) throws Exception {
        byte[] longCode = filled(70_000, (byte) 'A');
        byte[] privateBlob = filled(100_000, (byte) 7);
        byte[] document = filled(200_001, (byte) '%');
        byte[] pixels = filled(300_000, (byte) 3);
        DataSet ds = new DataSet()
            .putString(Tag.SOPClassUID, Vr.UI, UID.EncapsulatedPDFStorage)
            .putString(Tag.SOPInstanceUID, Vr.UI, "1.2.3.4.9.1")
            .putString(Tag.PatientName, Vr.PN, "Doe^Jane")
            .putString(Tag.StudyInstanceUID, Vr.UI, "1.2.3.4.9")
            .putString(0x00090010, Vr.LO, "ACME")
            .putString(0x7FE10010, Vr.LO, "ACME");
        ds.put(DataElement.of(Tag.LongCodeValue, Vr.UC, longCode));
        ds.put(DataElement.of(0x00091001, Vr.OB, privateBlob));
        ds.put(DataElement.of(Tag.EncapsulatedDocument, Vr.OB, document));
        ds.put(DataElement.of(Tag.PixelData, Vr.OW, pixels));
        ds.put(DataElement.of(0x7FE11001, Vr.OB, new byte[10]));
        ds.put(AnonymizerTest.item(Tag.DigitalSignaturesSequence, new DataSet().putString(Tag.MACIDNumber, Vr.US)));
        ds.put(DataElement.of(Tag.DataSetTrailingPadding, Vr.OB, new byte[100]));
        Path input = dir.resolve("large-values.dcm");
        try (OutputStream out = Files.newOutputStream(input)) {
            DicomWriter.writeFile(new DicomFile(null, null, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN), out);
        }
        UidMapper job = UidMapper.newJob();
        Path output = dir.resolve("large-values-anonymized.dcm");
        anonymize(new StreamingAnonymizer(job, PSEUDONYM, BurnedInAnnotationPolicy.KEEP), input, output);

        DataSet out = DicomReader.read(output).dataSet();
        assertThat(out).isEqualTo(Anonymizer.anonymize(DicomReader.read(input).dataSet(), job, PSEUDONYM));
        assertThat(out.get(Tag.LongCodeValue).bytes()).isEqualTo(longCode);
        assertThat(out.get(Tag.EncapsulatedDocument).bytes()).hasSize(200_002).startsWith(document);
        assertThat(out.get(Tag.PixelData).bytes()).isEqualTo(pixels);
        assertThat(out.getString(Tag.PatientName)).isEqualTo("SUBJECT^0042");
        assertThat(out.elements()).extracting(DataElement::tag).containsExactly(Tag.SOPClassUID, Tag.SOPInstanceUID,
            Tag.LongCodeValue, Tag.PatientName, Tag.PatientID, Tag.PatientIdentityRemoved, Tag.DeidentificationMethod,
            Tag.DeidentificationMethodCodeSequence, Tag.StudyInstanceUID, Tag.EncapsulatedDocument, Tag.PixelData);
        assertDcmdumpReads(output);
    }

    static byte[] filled(int size, byte value) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, value);
        return bytes;
    }

    @Test
    void burnedInAnnotationIsReportedOrRefusedBeforeAnythingIsWritten() throws Exception {
        DataSet ds = new DataSet()
            .putString(Tag.SOPClassUID, Vr.UI, UID.SecondaryCaptureImageStorage)
            .putString(Tag.SOPInstanceUID, Vr.UI, "1.2.3.4.8.1")
            .putString(Tag.PatientName, Vr.PN, "Doe^Jane")
            .putString(Tag.BurnedInAnnotation, Vr.CS, "YES");
        ds.put(DataElement.of(Tag.PixelData, Vr.OW, new byte[64]));
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        DicomWriter.writeFile(new DicomFile(null, null, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN), file);

        ByteArrayOutputStream refused = new ByteArrayOutputStream();
        StreamingAnonymizer refusing = new StreamingAnonymizer(UidMapper.newJob(), PSEUDONYM,
            BurnedInAnnotationPolicy.REFUSE_YES);
        assertThatThrownBy(() -> refusing.anonymize(new ByteArrayInputStream(file.toByteArray()), refused))
            .isInstanceOf(AnonymizationRefusedException.class).hasMessageContaining("Burned In Annotation");
        assertThat(refused.size()).isZero();

        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        AnonymizedInstance result = new StreamingAnonymizer(UidMapper.newJob(), PSEUDONYM,
            BurnedInAnnotationPolicy.KEEP).anonymize(new ByteArrayInputStream(file.toByteArray()), kept);
        assertThat(result.burnedInAnnotation()).isEqualTo(BurnedInAnnotation.YES);
        assertThat(DicomReader.read(kept.toByteArray()).dataSet().getString(Tag.BurnedInAnnotation)).isEqualTo("YES");
    }

    @Test
    void inputThatIsNotDicomIsAClearError() {
        StreamingAnonymizer anonymizer = new StreamingAnonymizer(UidMapper.newJob(), PSEUDONYM,
            BurnedInAnnotationPolicy.KEEP);
        assertThatThrownBy(() -> anonymizer.anonymize(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream()))
            .isInstanceOf(DicomException.class).hasMessageContaining("empty stream");
        byte[] text = "this is a text file, not a DICOM one".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream nothing = new ByteArrayOutputStream();
        assertThatThrownBy(() -> anonymizer.anonymize(new ByteArrayInputStream(text), nothing))
            .isInstanceOfAny(DicomException.class, AnonymizationRefusedException.class);
        assertThat(nothing.size()).isZero();
    }
}
