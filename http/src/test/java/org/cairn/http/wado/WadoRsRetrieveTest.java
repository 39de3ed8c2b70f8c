package org.cairn.http.wado;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * WADO-RS retrieve of studies, series and instances, metadata and bulk data, over real views and blobs: parts are
 * byte-equal to the stored files (checked by this test's parser and by Python's email package), metadata is the
 * views' JSON, and the Accept header is negotiated without transcoding.
 */
class WadoRsRetrieveTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STUDY = "1.2.826.0.1.3680043.10.511.1";
    private static final String CT_SERIES = STUDY + ".1";
    private static final String JPEG_SERIES = STUDY + ".2";
    private static final String SR_SERIES = STUDY + ".3";
    private static final String BIG_STUDY = "1.2.826.0.1.3680043.10.511.2";
    private static final String BIG_SERIES = BIG_STUDY + ".1";
    private static final String DICOM_STAR = "multipart/related; type=\"application/dicom\"; transfer-syntax=*";
    private static TestArchive archive;

    @BeforeAll
    static void start() throws Exception {
        archive = new TestArchive()
            .store("pydicom/CT_small.dcm", STUDY, CT_SERIES, CT_SERIES + ".1", 1)
            .store("pydicom/MR_small.dcm", STUDY, CT_SERIES, CT_SERIES + ".2", 2)
            .store("pydicom/MR_small_bigendian.dcm", STUDY, CT_SERIES, CT_SERIES + ".3", 10)
            .store("pydicom/SC_rgb_jpeg_dcmtk.dcm", STUDY, JPEG_SERIES, JPEG_SERIES + ".1", 1)
            .store("pydicom/reportsi.dcm", STUDY, SR_SERIES, SR_SERIES + ".1", 1);
        for (int i = 1; i <= 200; i++) {
            archive.store("pydicom/CT_small.dcm", BIG_STUDY, BIG_SERIES, BIG_SERIES + "." + i, i);
        }
        archive.start();
    }

    @AfterAll
    static void stop() throws Exception {
        archive.close();
    }

    private static String instanceUrl(String series, String sop) {
        return "/dicom-web/studies/" + STUDY + "/series/" + series + "/instances/" + sop;
    }

    @Test
    void anInstanceIsItsStoredFileInOnePart() throws Exception {
        String sop = CT_SERIES + ".1";
        HttpResponse<byte[]> r = archive.get(instanceUrl(CT_SERIES, sop), "Accept", DICOM_STAR);
        assertThat(r.statusCode()).isEqualTo(200);
        String contentType = r.headers().firstValue("Content-Type").orElseThrow();
        assertThat(contentType).startsWith("multipart/related").contains("type=\"application/dicom\"")
            .contains("boundary=");
        MultipartBody body = MultipartBody.parse(contentType, r.body());
        assertThat(body.parts()).hasSize(1);
        assertThat(body.parts().get(0).contentType()).isEqualTo("application/dicom; transfer-syntax=1.2.840.10008.1.2.1");
        assertThat(body.parts().get(0).body()).isEqualTo(Files.readAllBytes(archive.file(sop)));
    }

    @Test
    void aStudyIsEveryInstanceInSeriesAndInstanceNumberOrder() throws Exception {
        HttpResponse<byte[]> r = archive.get("/dicom-web/studies/" + STUDY, "Accept", DICOM_STAR);
        assertThat(r.statusCode()).isEqualTo(200);
        MultipartBody body = MultipartBody.parse(r.headers().firstValue("Content-Type").orElseThrow(), r.body());
        List<String> order = List.of(CT_SERIES + ".1", CT_SERIES + ".2", CT_SERIES + ".3", JPEG_SERIES + ".1",
            SR_SERIES + ".1");
        assertThat(body.parts()).hasSize(order.size());
        for (int i = 0; i < order.size(); i++) {
            assertThat(body.parts().get(i).body()).as(order.get(i)).isEqualTo(Files.readAllBytes(archive.file(order.get(i))));
        }
        assertThat(body.parts().get(2).contentType()).endsWith("transfer-syntax=1.2.840.10008.1.2.2");
        assertThat(body.parts().get(3).contentType()).endsWith("transfer-syntax=1.2.840.10008.1.2.4.50");
    }

    @Test
    void pythonsEmailPackageReadsTheSameParts() throws Exception {
        HttpResponse<byte[]> r = archive.get("/dicom-web/studies/" + STUDY + "/series/" + CT_SERIES, "Accept",
            DICOM_STAR);
        assertThat(r.statusCode()).isEqualTo(200);
        Path body = Files.createTempFile("wado-series", ".multipart");
        try {
            Files.write(body, r.body());
            Process p = new ProcessBuilder(TestArchive.PYTHON, script("multipart_parts.py"),
                r.headers().firstValue("Content-Type").orElseThrow(), body.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            assertThat(p.waitFor()).isZero();
            assertThat(lines.get(0)).isEqualTo("type=application/dicom");
            List<String> expected = new ArrayList<>();
            for (String sop : List.of(CT_SERIES + ".1", CT_SERIES + ".2", CT_SERIES + ".3")) {
                expected.add(sha256(Files.readAllBytes(archive.file(sop))));
            }
            assertThat(lines.subList(1, lines.size()).stream().map(l -> l.substring(l.indexOf('\t') + 1)).toList())
                .containsExactlyElementsOf(expected);
        } finally {
            Files.deleteIfExists(body);
        }
    }

    static String script(String name) {
        Path fromModule = Path.of("src", "test", "python", name);
        return (Files.exists(fromModule) ? fromModule : Path.of("http", "src", "test", "python", name)).toString();
    }

    @Test
    void acceptIsNegotiatedWithoutTranscoding() {
        String ct = instanceUrl(CT_SERIES, CT_SERIES + ".1");
        assertThat(archive.get(ct).statusCode()).as("no Accept: as stored").isEqualTo(200);
        assertThat(archive.get(ct, "Accept", "*/*").statusCode()).isEqualTo(200);
        assertThat(archive.get(ct, "Accept", "application/dicom").statusCode()).isEqualTo(200);
        assertThat(archive.get(ct, "Accept", "multipart/related; type=\"application/dicom\"").statusCode())
            .isEqualTo(200);
        assertThat(archive.get(ct, "Accept", "multipart/related; type=application/dicom; "
            + "transfer-syntax=1.2.840.10008.1.2.1").statusCode()).as("the stored syntax named").isEqualTo(200);
        HttpResponse<byte[]> jpeg = archive.get(ct, "Accept",
            "multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.4.50");
        assertThat(jpeg.statusCode()).isEqualTo(406);
        assertThat(new String(jpeg.body(), StandardCharsets.UTF_8)).contains("1.2.840.10008.1.2.1").contains("transcode");
        assertThat(archive.get(ct, "Accept", "multipart/related; type=\"application/dicom\"; "
            + "transfer-syntax=1.2.840.10008.1.2.4.50, multipart/related; type=\"application/dicom\"; q=0.5")
            .statusCode()).as("a second choice that is available").isEqualTo(200);
        assertThat(archive.get(ct, "Accept", "multipart/related; type=\"application/dicom+xml\"").statusCode())
            .isEqualTo(406);
        assertThat(archive.get(ct + "?accept=" + java.net.URLEncoder.encode(
            "multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.4.50",
            StandardCharsets.UTF_8), "Accept", "*/*").statusCode()).as("the accept parameter wins").isEqualTo(406);
        assertThat(archive.get("/dicom-web/studies/" + STUDY, "Accept",
            "multipart/related; type=\"application/dicom\"; transfer-syntax=1.2.840.10008.1.2.1").statusCode())
            .as("a study stored in several syntaxes").isEqualTo(406);
    }

    @Test
    void unknownStudiesSeriesAndInstancesAre404() {
        assertThat(archive.get("/dicom-web/studies/1.2.3").statusCode()).isEqualTo(404);
        assertThat(archive.get("/dicom-web/studies/" + STUDY + "/series/1.2.3").statusCode()).isEqualTo(404);
        assertThat(archive.get(instanceUrl(CT_SERIES, "1.2.3")).statusCode()).isEqualTo(404);
        assertThat(archive.get(instanceUrl(JPEG_SERIES, CT_SERIES + ".1")).statusCode())
            .as("an instance under another series").isEqualTo(404);
        assertThat(archive.get("/dicom-web/studies/1.2.3/metadata").statusCode()).isEqualTo(404);
    }

    @Test
    void metadataIsTheStoredAttributesWithABulkDataUriForPixelData() throws Exception {
        HttpResponse<byte[]> r = archive.get("/dicom-web/studies/" + STUDY + "/metadata",
            "Accept", "application/dicom+json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/dicom+json");
        JsonNode array = JSON.readTree(r.body());
        List<String> order = List.of(CT_SERIES + ".1", CT_SERIES + ".2", CT_SERIES + ".3", JPEG_SERIES + ".1",
            SR_SERIES + ".1");
        assertThat(array.size()).isEqualTo(order.size());
        assertThat(array.get(0).path("7FE00010").path("vr").asText()).isEqualTo("OW");
        assertThat(array.get(3).path("7FE00010").path("vr").asText()).as("encapsulated").isEqualTo("OB");
        for (int i = 0; i < order.size(); i++) {
            ObjectNode served = (ObjectNode) array.get(i);
            JsonNode pixelData = served.remove("7FE00010");
            assertThat(served).as(order.get(i)).isEqualTo(JSON.readTree(archive.attributes(order.get(i))));
            if (order.get(i).startsWith(SR_SERIES)) {
                assertThat(pixelData).as("a report has no pixel data").isNull();
            } else {
                assertThat(pixelData.path("BulkDataURI").asText()).isEqualTo(archive.uri(
                    instanceUrl(order.get(i).substring(0, order.get(i).lastIndexOf('.')), order.get(i))
                        + "/bulkdata/7FE00010").toString());
            }
        }
        assertThat(archive.get("/dicom-web/studies/" + STUDY + "/metadata", "Accept", "application/dicom+xml")
            .statusCode()).isEqualTo(406);
    }

    @Test
    void seriesAndInstanceMetadata() throws Exception {
        JsonNode series = JSON.readTree(archive.get("/dicom-web/studies/" + STUDY + "/series/" + CT_SERIES
            + "/metadata").body());
        assertThat(series.size()).isEqualTo(3);
        JsonNode instance = JSON.readTree(archive.get(instanceUrl(SR_SERIES, SR_SERIES + ".1") + "/metadata").body());
        assertThat(instance.size()).isEqualTo(1);
        assertThat(instance.get(0)).isEqualTo(JSON.readTree(archive.attributes(SR_SERIES + ".1")));
    }

    @Test
    void metadataOfA200InstanceSeriesOpensNoFileAndIsQuick() throws Exception {
        String url = "/dicom-web/studies/" + BIG_STUDY + "/series/" + BIG_SERIES + "/metadata";
        int openedBefore = archive.filesOpened();
        for (int i = 0; i < 20; i++) {
            assertThat(archive.get(url).statusCode()).isEqualTo(200); // warm-up: JIT, pool, H2 caches
        }
        long[] nanos = new long[15];
        for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            HttpResponse<byte[]> r = archive.get(url);
            nanos[i] = System.nanoTime() - start;
            assertThat(JSON.readTree(r.body()).size()).isEqualTo(200);
        }
        assertThat(archive.filesOpened()).as("files opened for metadata").isEqualTo(openedBefore);
        Arrays.sort(nanos);
        long medianMillis = nanos[nanos.length / 2] / 1_000_000;
        System.out.println("series metadata of 200 instances (2.7 MB), fastest " + nanos[0] / 1000 + " µs, median "
            + nanos[nanos.length / 2] / 1000 + " µs");
        // 2.7 MB of JSON (CT_small's header is 13.5 KB): 25 to 65 ms measured while other builds loaded the 2 cores,
        // of which the database reads are about 6 ms; the bound only catches a regression such as opening files
        assertThat(medianMillis).isLessThan(150);
    }

    @Test
    void bulkDataIsATopLevelValue() throws Exception {
        String ct = instanceUrl(CT_SERIES, CT_SERIES + ".1");
        HttpResponse<byte[]> pixels = archive.get(ct + "/bulkdata/7FE00010");
        assertThat(pixels.statusCode()).isEqualTo(200);
        assertThat(pixels.headers().firstValue("Content-Type").orElseThrow())
            .contains("type=\"application/octet-stream\"");
        MultipartBody body = MultipartBody.parse(pixels.headers().firstValue("Content-Type").orElseThrow(), pixels.body());
        byte[] expected = pythonFrames(archive.file(CT_SERIES + ".1"), "1").get(0);
        assertThat(body.parts()).hasSize(1);
        assertThat(body.parts().get(0).body()).isEqualTo(expected);

        HttpResponse<byte[]> bigEndian = archive.get(instanceUrl(CT_SERIES, CT_SERIES + ".3") + "/bulkdata/7FE00010");
        assertThat(MultipartBody.parse(bigEndian.headers().firstValue("Content-Type").orElseThrow(), bigEndian.body())
            .parts().get(0).body()).as("big endian served little endian").isEqualTo(
            pythonFrames(archive.file(CT_SERIES + ".2"), "1").get(0));

        HttpResponse<byte[]> name = archive.get(ct + "/bulkdata/00100010");
        assertThat(new String(MultipartBody.parse(name.headers().firstValue("Content-Type").orElseThrow(),
            name.body()).parts().get(0).body(), StandardCharsets.ISO_8859_1).trim()).isEqualTo("CompressedSamples^CT1");

        HttpResponse<byte[]> jpeg = archive.get(instanceUrl(JPEG_SERIES, JPEG_SERIES + ".1") + "/bulkdata/7fe00010");
        assertThat(jpeg.statusCode()).isEqualTo(200);
        assertThat(jpeg.headers().firstValue("Content-Type").orElseThrow()).contains("type=\"image/jpeg\"");
        assertThat(MultipartBody.parse(jpeg.headers().firstValue("Content-Type").orElseThrow(), jpeg.body())
            .parts().get(0).body()).isEqualTo(pythonFrames(archive.file(JPEG_SERIES + ".1"), "1").get(0));

        assertThat(archive.get(ct + "/bulkdata/00091234").statusCode()).as("absent").isEqualTo(404);
        assertThat(archive.get(ct + "/bulkdata/7FE0001").statusCode()).as("not a tag").isEqualTo(400);
        assertThat(archive.get(ct + "/bulkdata/ZZZZZZZZ").statusCode()).isEqualTo(400);
    }

    /** pydicom's bytes of frames {@code numbers} of {@code file}. */
    static List<byte[]> pythonFrames(Path file, String numbers) throws Exception {
        Process p = new ProcessBuilder(TestArchive.PYTHON, script("wado_frames.py"), file.toString(), numbers)
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).lines().toList();
        assertThat(p.waitFor()).as("pydicom on " + file).isZero();
        return lines.stream().map(HexFormat.of()::parseHex).toList();
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
