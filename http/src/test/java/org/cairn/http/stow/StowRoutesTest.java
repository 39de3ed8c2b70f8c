package org.cairn.http.stow;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.cairn.dicom.DataElement;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomJson;
import org.cairn.dicom.DicomReader;
import org.cairn.dicom.dict.Tag;
import org.cairn.ingest.IngestValidation;
import org.cairn.net.dimse.Status;
import org.cairn.study.StudyEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * STOW-RS over a real HTTP server with the real journal and blob store, fed corpus files: stored instances are byte
 * for byte the data sets sent; failed ones are reported per instance with the PS3.18 statuses and leave nothing.
 */
class StowRoutesTest {
    private static final Path CORPUS = Path.of(System.getProperty("cairn.corpus"));

    @TempDir
    Path dataDir;

    private StowNode node;

    @BeforeEach
    void start() throws Exception {
        node = StowNode.start(dataDir, StowNode.settings());
    }

    @AfterEach
    void stop() throws Exception {
        node.close();
    }

    private static byte[] corpus(String name) throws Exception {
        return Files.readAllBytes(CORPUS.resolve(name));
    }

    private static DataSet json(HttpResponse<byte[]> response) {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
            assertThat(type).startsWith("application/dicom+json"));
        return DicomJson.fromJson(new String(response.body(), StandardCharsets.UTF_8), uri -> null);
    }

    private static List<DataSet> items(DataSet response, int tag) {
        DataElement sequence = response.get(tag);
        return sequence == null ? List.of() : sequence.items();
    }

    private static int failureReason(DataSet item) {
        return item.getInt(Tag.FailureReason, -1);
    }

    @Test
    void instancesAllStoredAre200AndKeptAsSent() throws Exception {
        List<String> names = List.of("pydicom/CT_small.dcm", "pydicom/image_dfl.dcm", "pydicom/JPEG2000.dcm",
            "pydicom/MR_small_bigendian.dcm", "octave-dicom/CT-MONO2-16-ankle.dcm");
        byte[][] files = new byte[names.size()][];
        for (int i = 0; i < files.length; i++) {
            files[i] = corpus(names.get(i));
        }

        HttpResponse<byte[]> response = node.post("/dicom-web/studies", Bodies.STOW_TYPE, Bodies.stow(files));

        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        DataSet answer = json(response);
        assertThat(answer.contains(Tag.FailedSOPSequence)).isFalse();
        assertThat(answer.getString(Tag.RetrieveURL)).as("instances of several studies: no one study").isNull();
        List<DataSet> referenced = items(answer, Tag.ReferencedSOPSequence);
        assertThat(referenced).hasSize(files.length);
        for (int i = 0; i < files.length; i++) {
            DataSet sent = DicomReader.read(files[i]).dataSet();
            String study = sent.getString(Tag.StudyInstanceUID);
            String sop = sent.getString(Tag.SOPInstanceUID);
            DataSet item = referenced.get(i);
            assertThat(item.getString(Tag.ReferencedSOPClassUID)).isEqualTo(sent.getString(Tag.SOPClassUID));
            assertThat(item.getString(Tag.ReferencedSOPInstanceUID)).isEqualTo(sop);
            assertThat(item.getString(Tag.RetrieveURL)).isEqualTo("http://127.0.0.1:" + node.port()
                + "/dicom-web/studies/" + study + "/series/" + sent.getString(Tag.SeriesInstanceUID) + "/instances/" + sop);

            StudyEvent.StoredInstance stored = node.instance(study, sop);
            assertThat(stored.sourceAeTitle()).isEqualTo(StowRoutes.DEFAULT_SOURCE);
            assertThat(Bodies.dataSetBytes(node.file(stored))).as(names.get(i) + ": the data set as sent")
                .isEqualTo(Bodies.dataSetBytes(files[i]));
        }
        assertThat(node.blobs.count()).isEqualTo(files.length);
        assertThat(node.blobs.temporaryFiles()).isZero();

        HttpResponse<byte[]> again = node.post("/dicom-web/studies", Bodies.STOW_TYPE, Bodies.stow(files));
        assertThat(again.statusCode()).as("stored before: still a success").isEqualTo(200);
        assertThat(items(json(again), Tag.ReferencedSOPSequence)).hasSize(files.length);
        assertThat(node.blobs.count()).isEqualTo(files.length);
    }

    @Test
    void goodAndBrokenInstancesAre202AndTheBrokenLeaveNoTrace() throws Exception {
        byte[] ct = corpus("pydicom/CT_small.dcm");
        byte[] truncated = corpus("pydicom/MR_truncated.dcm");
        byte[] notDicom = "this part is a text, not an instance".getBytes(StandardCharsets.US_ASCII);
        byte[] noMeta = corpus("pydicom/no_meta.dcm");
        org.cairn.dicom.DicomFile truncatedHead = DicomReader.read(CORPUS.resolve("pydicom/MR_truncated.dcm"),
            1024, Tag.PixelData);
        String truncatedSop = truncatedHead.fileMeta().getString(Tag.MediaStorageSOPInstanceUID);

        HttpResponse<byte[]> response = node.post("/dicom-web/studies", Bodies.STOW_TYPE,
            Bodies.stow(truncated, ct, notDicom, noMeta));

        assertThat(response.statusCode()).isEqualTo(202);
        DataSet answer = json(response);
        List<DataSet> referenced = items(answer, Tag.ReferencedSOPSequence);
        assertThat(referenced).hasSize(1);
        DataSet ctSet = DicomReader.read(ct).dataSet();
        assertThat(referenced.get(0).getString(Tag.ReferencedSOPInstanceUID))
            .isEqualTo(ctSet.getString(Tag.SOPInstanceUID));
        assertThat(answer.getString(Tag.RetrieveURL)).isEqualTo("http://127.0.0.1:" + node.port()
            + "/dicom-web/studies/" + ctSet.getString(Tag.StudyInstanceUID));

        List<DataSet> failed = items(answer, Tag.FailedSOPSequence);
        assertThat(failed).extracting(StowRoutesTest::failureReason).containsExactly(Status.CANNOT_UNDERSTAND,
            Status.CANNOT_UNDERSTAND, Status.CANNOT_UNDERSTAND);
        assertThat(failed.get(0).getString(Tag.ReferencedSOPInstanceUID)).as("known from its File Meta")
            .isEqualTo(truncatedSop);
        assertThat(failed.get(1).contains(Tag.ReferencedSOPInstanceUID)).as("nothing known of a text").isFalse();
        assertThat(response.headers().allValues("Warning")).hasSize(3)
            .anySatisfy(w -> assertThat(w).contains("unreadable data set"));

        assertThat(node.blobs.count()).as("only the good instance's file").isEqualTo(1);
        assertThat(node.blobs.temporaryFiles()).isZero();
        assertThat(node.instance(truncatedHead.dataSet().getString(Tag.StudyInstanceUID), truncatedSop))
            .as("no event for the truncated one").isNull();
    }

    @Test
    void noInstanceStoredIs409() throws Exception {
        HttpResponse<byte[]> response = node.post("/dicom-web/studies", Bodies.STOW_TYPE,
            Bodies.stow(corpus("pydicom/MR_truncated.dcm"), new byte[] {1, 2, 3}));
        assertThat(response.statusCode()).isEqualTo(409);
        DataSet answer = json(response);
        assertThat(items(answer, Tag.FailedSOPSequence)).hasSize(2);
        assertThat(answer.contains(Tag.ReferencedSOPSequence)).isFalse();
        assertThat(node.blobs.count()).isZero();
        assertThat(node.blobs.temporaryFiles()).isZero();
    }

    @Test
    void anInstanceOfAnotherStudyThanThePathsFailsWithStudyMismatch() throws Exception {
        byte[] ct = corpus("pydicom/CT_small.dcm");
        byte[] jpeg = corpus("pydicom/JPEG2000.dcm");
        DataSet ctSet = DicomReader.read(ct).dataSet();
        String study = ctSet.getString(Tag.StudyInstanceUID);

        HttpResponse<byte[]> response = node.post("/dicom-web/studies/" + study, Bodies.STOW_TYPE,
            Bodies.stow(ct, jpeg));

        assertThat(response.statusCode()).isEqualTo(202);
        DataSet answer = json(response);
        assertThat(answer.getString(Tag.RetrieveURL)).isEqualTo("http://127.0.0.1:" + node.port()
            + "/dicom-web/studies/" + study);
        List<DataSet> failed = items(answer, Tag.FailedSOPSequence);
        assertThat(failed).hasSize(1);
        assertThat(failureReason(failed.get(0))).isEqualTo(IngestValidation.STUDY_INSTANCE_UID_MISMATCH);
        DataSet jpegSet = DicomReader.read(jpeg).dataSet();
        assertThat(failed.get(0).getString(Tag.ReferencedSOPInstanceUID)).isEqualTo(jpegSet.getString(Tag.SOPInstanceUID));
        assertThat(failed.get(0).getString(Tag.ReferencedSOPClassUID)).isEqualTo(jpegSet.getString(Tag.SOPClassUID));
        assertThat(node.instance(jpegSet.getString(Tag.StudyInstanceUID), jpegSet.getString(Tag.SOPInstanceUID)))
            .isNull();
        assertThat(node.blobs.count()).isEqualTo(1);

        HttpResponse<byte[]> onlyOther = node.post("/dicom-web/studies/" + study, Bodies.STOW_TYPE, Bodies.stow(jpeg));
        assertThat(onlyOther.statusCode()).as("nothing stored: a conflict").isEqualTo(409);
    }

    @Test
    void otherMediaTypesAre415AndMalformedBodies400() throws Exception {
        byte[] ct = corpus("pydicom/CT_small.dcm");
        assertThat(node.post("/dicom-web/studies", "application/dicom", ct).statusCode()).isEqualTo(415);
        assertThat(node.post("/dicom-web/studies", "multipart/related; type=\"application/dicom+json\"; boundary="
            + Bodies.BOUNDARY, Bodies.stow(ct)).statusCode()).isEqualTo(415);
        assertThat(node.post("/dicom-web/studies", "multipart/related; type=\"application/dicom\"", Bodies.stow(ct))
            .statusCode()).as("no boundary").isEqualTo(400);
        byte[] cut = java.util.Arrays.copyOf(Bodies.stow(ct), 20_000);
        HttpResponse<byte[]> unterminated = node.post("/dicom-web/studies", Bodies.STOW_TYPE, cut);
        assertThat(unterminated.statusCode()).as(new String(unterminated.body(), StandardCharsets.UTF_8))
            .isEqualTo(400);
        assertThat(node.post("/dicom-web/studies", Bodies.STOW_TYPE, ("--" + Bodies.BOUNDARY + "--\r\n")
            .getBytes(StandardCharsets.US_ASCII)).statusCode()).as("no part").isEqualTo(400);
        assertThat(node.blobs.count()).isZero();
        assertThat(node.blobs.temporaryFiles()).isZero();
    }
}
