package org.cairn.dicom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.cairn.dicom.dict.Tag;
import org.cairn.dicom.testing.Corpus;
import org.cairn.dicom.testing.PartRecorder;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Acceptance: the parts emitted are the same whatever the chunking of the input. */
class StreamingTest {

    @TestFactory
    Stream<DynamicTest> oneByteChunksGiveTheSamePartsAsWholeFiles() {
        return Corpus.files().stream().map(file -> DynamicTest.dynamicTest(Corpus.name(file), () -> {
            byte[] bytes = Files.readAllBytes(file);
            Outcome whole = parse(bytes, bytes.length);
            assertThat(parse(bytes, 1)).as("1-byte chunks").isEqualTo(whole);
            assertThat(parse(bytes, 7)).as("7-byte chunks").isEqualTo(whole);
            assertThat(parse(bytes, 4093)).as("4093-byte chunks").isEqualTo(whole);
        }));
    }

    @Test
    void stopsBeforePixelDataAndReportsNothingAfter() throws Exception {
        Path file = Corpus.root().resolve("pydicom/CT_small.dcm");
        PartRecorder recorder = new PartRecorder();
        DicomStreamParser parser = DicomStreamParser.forFile(recorder, Tag.PixelData);
        byte[] bytes = Files.readAllBytes(file);
        parser.feed(bytes);
        parser.finish();
        assertThat(parser.isStopped()).isTrue();
        assertThat(recorder.parts()).noneMatch(p -> p instanceof DicomPart.ElementHeader h && h.tag() == Tag.PixelData);
        assertThat(recorder.parts()).anyMatch(p -> p instanceof DicomPart.ElementHeader h && h.tag() == Tag.PatientName);
        assertThat(parser.position()).isLessThan(bytes.length - 128 * 128 * 2);
    }

    @Test
    void deflatedDataSetInflatesWhateverTheChunking() throws Exception {
        byte[] bytes = Files.readAllBytes(Corpus.root().resolve("pydicom/image_dfl.dcm"));
        Outcome whole = parse(bytes, bytes.length);
        assertThat(whole.error()).isNull();
        assertThat(whole.parts()).anyMatch(p -> p instanceof DicomPart.DataSetStart s && s.transferSyntax().deflated());
        assertThat(parse(bytes, 1)).isEqualTo(whole);
    }

    /** The parts, and the error message if parsing ended in one. */
    record Outcome(java.util.List<DicomPart> parts, String error) {
    }

    static Outcome parse(byte[] bytes, int chunk) {
        PartRecorder recorder = new PartRecorder();
        DicomStreamParser parser = DicomStreamParser.forFile(recorder);
        try {
            for (int at = 0; at < bytes.length; at += chunk) {
                parser.feed(bytes, at, Math.min(chunk, bytes.length - at));
            }
            parser.finish();
            return new Outcome(recorder.parts(), null);
        } catch (DicomException e) {
            return new Outcome(recorder.parts(), e.getMessage());
        }
    }
}
