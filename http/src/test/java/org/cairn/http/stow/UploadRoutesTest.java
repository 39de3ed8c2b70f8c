package org.cairn.http.stow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomReader;
import org.cairn.dicom.dict.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads over a real HTTP server with the real journal and blob store: a ZIP of corpus files (with the entries an
 * archiver adds, a junk file and a duplicate), single files, a form, and the limits that stop a zip bomb.
 */
class UploadRoutesTest {
    private static final Path CORPUS = Path.of(System.getProperty("cairn.corpus"));
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private static byte[] corpus(String name) throws Exception {
        return Files.readAllBytes(CORPUS.resolve(name));
    }

    private static JsonNode json(HttpResponse<byte[]> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        return JSON.readTree(response.body());
    }

    private static JsonNode file(JsonNode answer, String name) {
        for (JsonNode f : answer.get("files")) {
            if (f.get("name").asText().equals(name)) {
                return f;
            }
        }
        throw new AssertionError("no result for " + name + " in " + answer);
    }

    @Test
    void aZipOfCorpusFilesIsStoredEntryByEntry() throws Exception {
        byte[] ct = corpus("pydicom/CT_small.dcm");
        byte[] mr = corpus("pydicom/MR_small.dcm");
        byte[] ankle = corpus("octave-dicom/CT-MONO2-16-ankle.dcm");
        byte[] zip = Bodies.zip(
            "study/", null,
            "study/ct.dcm", ct,
            "study/mr.dcm", mr,
            "study/notes.txt", "not an image".getBytes(StandardCharsets.US_ASCII),
            "study/ankle/ankle.dcm", ankle,
            "study/copy-of-ct.dcm", ct,
            "__MACOSX/study/._ct.dcm", new byte[] {0, 5, 22, 7},
            "DICOMDIR", corpus("pydicom/dicomdirtests/DICOMDIR"));
        try (StowNode node = StowNode.start(dataDir, StowNode.settings())) {
            HttpResponse<byte[]> response = node.post("/api/uploads", "application/zip", zip);

            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode answer = json(response);
            assertThat(answer.get("files")).hasSize(5);
            assertThat(answer.get("stored").asInt()).isEqualTo(3);
            assertThat(answer.get("duplicate").asInt()).isEqualTo(1);
            assertThat(answer.get("rejected").asInt()).isEqualTo(1);
            assertThat(answer.get("skipped").asInt()).as("the directory, the resource fork, the DICOMDIR").isEqualTo(3);
            assertThat(answer.has("error")).isFalse();

            DataSet ctSet = DicomReader.read(ct).dataSet();
            JsonNode ctResult = file(answer, "study/ct.dcm");
            assertThat(ctResult.get("status").asText()).isEqualTo("stored");
            assertThat(ctResult.get("reason").isNull()).isTrue();
            assertThat(ctResult.get("studyInstanceUid").asText()).isEqualTo(ctSet.getString(Tag.StudyInstanceUID));
            assertThat(ctResult.get("seriesInstanceUid").asText()).isEqualTo(ctSet.getString(Tag.SeriesInstanceUID));
            assertThat(ctResult.get("sopInstanceUid").asText()).isEqualTo(ctSet.getString(Tag.SOPInstanceUID));
            assertThat(file(answer, "study/copy-of-ct.dcm").get("status").asText()).isEqualTo("duplicate");
            JsonNode junk = file(answer, "study/notes.txt");
            assertThat(junk.get("status").asText()).isEqualTo("rejected");
            assertThat(junk.get("reason").asText()).startsWith("C000: ");
            assertThat(junk.get("sopInstanceUid").isNull()).isTrue();
            assertThat(file(answer, "study/ankle/ankle.dcm").get("status").asText()).isEqualTo("stored");

            var stored = node.instance(ctSet.getString(Tag.StudyInstanceUID), ctSet.getString(Tag.SOPInstanceUID));
            assertThat(stored.sourceAeTitle()).isEqualTo(UploadRoutes.DEFAULT_SOURCE);
            assertThat(Bodies.dataSetBytes(node.file(stored))).isEqualTo(Bodies.dataSetBytes(ct));
            assertThat(node.blobs.count()).isEqualTo(3);
            assertThat(node.blobs.temporaryFiles()).isZero();
        }
    }

    @Test
    void singleFilesAndFormsAreStored() throws Exception {
        byte[] ct = corpus("pydicom/CT_small.dcm");
        byte[] jpeg = corpus("pydicom/JPEG2000.dcm");
        try (StowNode node = StowNode.start(dataDir, StowNode.settings())) {
            JsonNode one = json(node.post("/api/uploads", "application/dicom", ct));
            assertThat(one.get("files").get(0).get("name").asText()).isEqualTo("(request body)");
            assertThat(one.get("files").get(0).get("status").asText()).isEqualTo("stored");
            assertThat(json(node.post("/api/uploads", "application/dicom", ct)).get("duplicate").asInt()).isEqualTo(1);

            byte[] form = Bodies.multipart(List.of(
                new Bodies.Part("Content-Disposition: form-data; name=\"comment\"", "from the ward".getBytes(
                    StandardCharsets.UTF_8)),
                new Bodies.Part("Content-Disposition: form-data; name=\"files\"; filename=\"jpeg.dcm\"\r\n"
                    + "Content-Type: application/dicom", jpeg),
                new Bodies.Part("Content-Disposition: form-data; name=\"files\"; filename=\"more.zip\"\r\n"
                    + "Content-Type: application/zip", Bodies.zip("mr.dcm", corpus("pydicom/MR_small.dcm")))));
            HttpResponse<byte[]> response = node.post("/api/uploads", "multipart/form-data; boundary="
                + Bodies.BOUNDARY, form);
            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode answer = json(response);
            assertThat(answer.get("stored").asInt()).isEqualTo(2);
            assertThat(answer.get("skipped").asInt()).as("the text field").isEqualTo(1);
            assertThat(file(answer, "jpeg.dcm").get("status").asText()).isEqualTo("stored");
            assertThat(file(answer, "more.zip/mr.dcm").get("status").asText()).isEqualTo("stored");
            assertThat(node.blobs.count()).isEqualTo(3);
        }
    }

    @Test
    void aZipEntryInflatingBeyondTheLimitStopsTheArchive() throws Exception {
        StowSettings small = new StowSettings(64 * 1024, Duration.ofMinutes(1), 4);
        byte[] ct = corpus("pydicom/CT_small.dcm");
        byte[] bomb = new byte[8 * 1024 * 1024]; // 8 MiB of zeros deflate to a few KiB
        try (StowNode node = StowNode.start(dataDir, small)) {
            HttpResponse<byte[]> response = node.post("/api/uploads", "application/zip",
                Bodies.zip("ct.dcm", ct, "bomb.dcm", bomb, "after.dcm", corpus("pydicom/JPEG2000.dcm")));
            assertThat(response.statusCode()).isEqualTo(413);
            JsonNode answer = json(response);
            assertThat(file(answer, "ct.dcm").get("status").asText()).isEqualTo("stored");
            assertThat(file(answer, "bomb.dcm").get("reason").asText()).contains("once inflated");
            assertThat(answer.get("files")).as("nothing read after the bomb").hasSize(2);
            assertThat(answer.get("error").asText()).contains("bomb.dcm");

            byte[] many = Bodies.zip("a/", null, "b/", null, "c/", null, "d/", null, "ct.dcm", ct);
            JsonNode tooMany = json(node.post("/api/uploads", "application/zip", many));
            assertThat(tooMany.get("error").asText()).contains("more than 4 entries");
            assertThat(node.blobs.count()).isEqualTo(1);
            assertThat(node.blobs.temporaryFiles()).isZero();
        }
    }

    @Test
    void otherMediaTypesAre415AndBrokenArchives400() throws Exception {
        try (StowNode node = StowNode.start(dataDir, StowNode.settings())) {
            assertThat(node.post("/api/uploads", "text/plain", new byte[] {1}).statusCode()).isEqualTo(415);
            byte[] zip = Bodies.zip("ct.dcm", corpus("pydicom/CT_small.dcm"));
            zip[40] ^= 0x5A; // inside the first entry's compressed data
            HttpResponse<byte[]> broken = node.post("/api/uploads", "application/zip",
                java.util.Arrays.copyOf(zip, zip.length / 2));
            assertThat(broken.statusCode()).as(new String(broken.body(), StandardCharsets.UTF_8)).isEqualTo(400);
            assertThat(json(broken).get("error").asText()).isNotBlank();
            assertThat(node.blobs.count()).isZero();
            assertThat(node.blobs.temporaryFiles()).isZero();
        }
    }
}
