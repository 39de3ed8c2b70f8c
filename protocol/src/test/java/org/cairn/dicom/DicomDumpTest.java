package org.cairn.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.cairn.dicom.testing.Corpus;
import org.cairn.dicom.tool.DicomDump;
import org.junit.jupiter.api.Test;

/** Acceptance: {@code ./cairn dump FILE --json} prints a file's DICOM JSON. */
class DicomDumpTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int dump(String... args) throws Exception {
        return DicomDump.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void printsDicomJson() throws Exception {
        Path file = Corpus.root().resolve("pydicom-charset/chrX1.dcm");
        assertThat(dump(file.toString(), "--json")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8).trim())
            .isEqualTo(DicomJson.inline().toJson(DicomReader.read(file).dataSet()))
            .contains("\"00100010\":{\"vr\":\"PN\",\"Value\":[{\"Alphabetic\":\"Wang^XiaoDong\",\"Ideographic\":\"王^小東\"}]}");
    }

    @Test
    void printsElementsAsText() throws Exception {
        assertThat(dump(Corpus.root().resolve("pydicom/CT_small.dcm").toString())).isZero();
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).contains("(0010,0010) PN [22] PatientName = CompressedSamples^CT1")
            .contains("(0028,0010) US [2] Rows = 128");
    }

    @Test
    void brokenFileExitsWithTheCodecMessage() throws Exception {
        assertThat(dump(Corpus.root().resolve("pydicom/MR_truncated.dcm").toString(), "--json")).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("(7FE0,0010)").contains("exceeds");
        assertThat(dump("/no/such/file")).isEqualTo(2);
        assertThat(dump()).isEqualTo(2);
    }
}
