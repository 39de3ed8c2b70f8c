package org.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.cairn.blob.Digest;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomFile;
import org.cairn.dicom.DicomReader;
import org.cairn.dicom.TransferSyntax;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.Tag;
import org.cairn.net.dimse.Status;
import org.cairn.study.StudyEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest of whole Part 10 files (what STOW-RS and uploads use) against the real journal and blob store: what it
 * stores is Cairn's File Meta and the data set exactly as received, whatever the chunking; what it refuses leaves no
 * blob, no temporary file and no event.
 */
class InstanceIngestTest {
    private static final Path CORPUS = Path.of(System.getProperty("cairn.corpus"));
    private static final String SOURCE = "TEST-UPLOAD";

    @TempDir
    Path dataDir;

    private IngestNode node;

    @BeforeEach
    void start() throws Exception {
        node = IngestNode.start(dataDir);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private IngestOutcome store(Source<ByteString, ?> bytes, String requiredStudy, long maxBytes) throws Exception {
        CompletionStage<IngestOutcome> outcome = node.ingest.storeFile(bytes, SOURCE, requiredStudy, maxBytes);
        return outcome.toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    private IngestOutcome store(byte[] file, int chunk) throws Exception {
        return store(Part10Files.chunked(file, chunk), null, InstanceIngest.NO_SIZE_LIMIT);
    }

    @Test
    void aFileIsStoredAsCairnsFileMetaFollowedByItsDataSetAsReceived() throws Exception {
        // Explicit little endian, deflated, big endian, JPEG 2000, a 23 MB Enhanced MR
        for (String name : List.of("pydicom/CT_small.dcm", "pydicom/image_dfl.dcm", "pydicom/MR_small_bigendian.dcm",
            "pydicom/JPEG2000.dcm", "nibabel/philips_mprage.dcm")) {
            byte[] original = Files.readAllBytes(CORPUS.resolve(name));
            DicomFile read = DicomReader.read(original);
            DataSet ds = read.dataSet();

            IngestOutcome outcome = store(original, 64 * 1024);

            assertThat(outcome).as(name).isInstanceOf(IngestOutcome.Stored.class);
            assertThat(outcome.ids()).isEqualTo(new InstanceIds(ds.getString(Tag.SOPClassUID),
                ds.getString(Tag.SOPInstanceUID), ds.getString(Tag.StudyInstanceUID), ds.getString(Tag.SeriesInstanceUID)));
            StudyEvent.StoredInstance stored = node.studies.study(outcome.ids().studyInstanceUid()).toCompletableFuture()
                .get(30, TimeUnit.SECONDS).find(outcome.ids().sopInstanceUid());
            assertThat(stored.sourceAeTitle()).isEqualTo(SOURCE);
            assertThat(stored.transferSyntaxUid()).isEqualTo(read.transferSyntax().uid());
            assertThat(stored.dataSetDigest()).as("the data set bytes as sent")
                .isEqualTo(Digest.of(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(Part10Files.dataSetBytes(original))).hex());

            byte[] blob = node.blobs.open(new Digest(stored.digest())).orElseThrow().readAllBytes();
            assertThat(Part10Files.dataSetBytes(blob)).as(name + ": the data set as received")
                .isEqualTo(Part10Files.dataSetBytes(original));
            DicomFile back = DicomReader.read(blob);
            assertThat(back.dataSet()).isEqualTo(ds);
            assertThat(back.fileMeta().getString(Tag.SourceApplicationEntityTitle)).as("the sender's, kept")
                .isEqualTo(read.fileMeta().getString(Tag.SourceApplicationEntityTitle));
            assertThat(back.fileMeta().getString(Tag.ImplementationClassUID)).isEqualTo(
                org.cairn.dicom.Implementation.CLASS_UID);
            assertThat(back.fileMeta().getString(Tag.TransferSyntaxUID)).isEqualTo(read.transferSyntax().uid());
        }
        assertThat(node.blobs.count()).isEqualTo(5);
        assertThat(node.blobs.temporaryFiles()).isZero();
    }

    @Test
    void chunkBoundariesChangeNothingStored() throws Exception {
        byte[] original = Files.readAllBytes(CORPUS.resolve("pydicom/MR_small.dcm"));
        IngestOutcome byteByByte = store(original, 1);
        assertThat(byteByByte).isInstanceOf(IngestOutcome.Stored.class);
        StudyEvent.StoredInstance stored = node.studies.study(byteByByte.ids().studyInstanceUid()).toCompletableFuture()
            .get(30, TimeUnit.SECONDS).find(byteByByte.ids().sopInstanceUid());
        byte[] blob = node.blobs.open(new Digest(stored.digest())).orElseThrow().readAllBytes();
        assertThat(Part10Files.dataSetBytes(blob)).isEqualTo(Part10Files.dataSetBytes(original));

        for (int chunk : new int[] {7, 131, 133, original.length}) {
            assertThat(store(original, chunk)).as("in chunks of " + chunk).isInstanceOf(IngestOutcome.AlreadyStored.class);
        }
        assertThat(node.blobs.count()).as("one file: every chunking wrote the same bytes").isEqualTo(1);
        assertThat(node.blobs.temporaryFiles()).isZero();
    }

    @Test
    void aFileWithoutSourceAeTitleGetsNone() throws Exception {
        IngestOutcome outcome = store(Part10Files.file(Part10Files.instance("1.2.826.0.1.1", "1.2.826.0.1.1.1",
            "1.2.826.0.1.1.1.1")), 1000);
        assertThat(outcome).isInstanceOf(IngestOutcome.Stored.class);
        StudyEvent.StoredInstance stored = node.studies.study("1.2.826.0.1.1").toCompletableFuture()
            .get(30, TimeUnit.SECONDS).find("1.2.826.0.1.1.1.1");
        DicomFile back = DicomReader.read(node.blobs.open(new Digest(stored.digest())).orElseThrow().readAllBytes());
        assertThat(back.fileMeta().contains(Tag.SourceApplicationEntityTitle)).isFalse();
    }

    @Test
    void brokenFilesAreRefusedAndLeaveNothingBehind() throws Exception {
        byte[] ct = Files.readAllBytes(CORPUS.resolve("pydicom/CT_small.dcm"));
        String ctStudy = DicomReader.read(ct).dataSet().getString(Tag.StudyInstanceUID);
        DataSet good = Part10Files.instance("1.2.826.0.2", "1.2.826.0.2.1", "1.2.826.0.2.1.1");
        List<String> refusals = new ArrayList<>();

        IngestOutcome junk = store("just some text, not DICOM at all ".repeat(10).getBytes(StandardCharsets.US_ASCII), 50);
        assertRefused(junk, Status.CANNOT_UNDERSTAND, "not a DICOM Part 10 file", refusals);
        assertThat(junk.ids()).isEqualTo(InstanceIds.UNKNOWN);

        IngestOutcome truncated = store(Files.readAllBytes(CORPUS.resolve("pydicom/MR_truncated.dcm")), 4096);
        assertRefused(truncated, Status.CANNOT_UNDERSTAND, "unreadable data set", refusals);
        assertThat(truncated.ids().sopInstanceUid()).as("known from the File Meta").isNotNull();

        assertRefused(store(Files.readAllBytes(CORPUS.resolve("pydicom/no_meta.dcm")), 4096),
            Status.CANNOT_UNDERSTAND, "no File Meta Information", refusals);
        assertRefused(store(Files.readAllBytes(CORPUS.resolve("pydicom/meta_missing_tsyntax.dcm")), 4096),
            Status.CANNOT_UNDERSTAND, "(0002,0010)", refusals);

        DataSet noSopInstance = Part10Files.instance("1.2.826.0.2", "1.2.826.0.2.1", null);
        byte[] noSopFile = Part10Files.file(new DataSet().putString(Tag.MediaStorageSOPInstanceUID, Vr.UI,
            "1.2.826.0.2.1.2"), noSopInstance, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertRefused(store(noSopFile, 100), Status.CANNOT_UNDERSTAND, "missing (0008,0018)", refusals);

        byte[] otherInstance = Part10Files.file(new DataSet().putString(Tag.MediaStorageSOPInstanceUID, Vr.UI,
            "1.2.826.0.2.1.3"), good, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertRefused(store(otherInstance, 100), Status.DATA_SET_DOES_NOT_MATCH_SOP_CLASS,
            "in the File Meta Information", refusals);

        DataSet unknownClass = Part10Files.instance("1.2.826.0.2", "1.2.826.0.2.1", "1.2.826.0.2.1.4")
            .putString(Tag.SOPClassUID, Vr.UI, "1.2.826.0.99.1");
        assertRefused(store(Part10Files.file(unknownClass), 100), Status.SOP_CLASS_NOT_SUPPORTED, "1.2.826.0.99.1",
            refusals);

        IngestOutcome otherStudy = store(Part10Files.chunked(ct, 8192), "1.2.826.0.2", InstanceIngest.NO_SIZE_LIMIT);
        assertRefused(otherStudy, IngestValidation.STUDY_INSTANCE_UID_MISMATCH, "1.2.826.0.2 in the request", refusals);
        assertThat(otherStudy.ids().studyInstanceUid()).isEqualTo(ctStudy);

        assertRefused(store(Part10Files.chunked(ct, 8192), null, 10_000), Status.OUT_OF_RESOURCES,
            "larger than the 10000 bytes", refusals);
        assertRefused(store(Source.empty(), null, InstanceIngest.NO_SIZE_LIMIT), Status.CANNOT_UNDERSTAND,
            "empty stream", refusals);
        Source<ByteString, ?> cutOff = Part10Files.chunked(Arrays.copyOf(ct, 20_000), 8192)
            .concat(Source.failed(new IOException("the client went away")));
        assertRefused(store(cutOff, null, InstanceIngest.NO_SIZE_LIMIT), Status.CANNOT_UNDERSTAND,
            "the client went away", refusals);

        assertThat(refusals).hasSize(11);
        assertThat(node.blobs.count()).as("no blob").isZero();
        assertThat(node.blobs.temporaryFiles()).as("no temporary file").isZero();
        assertThat(node.studies.study(ctStudy).toCompletableFuture().get(30, TimeUnit.SECONDS).instanceCount())
            .as("no event").isZero();
        assertThat(node.studies.study("1.2.826.0.2").toCompletableFuture().get(30, TimeUnit.SECONDS).instanceCount())
            .isZero();

        assertThat(store(Part10Files.file(good), 100)).as("the ingest still works")
            .isInstanceOf(IngestOutcome.Stored.class);
    }

    private static void assertRefused(IngestOutcome outcome, int status, String reasonPart, List<String> refusals) {
        assertThat(outcome).isInstanceOf(IngestOutcome.Refused.class);
        IngestOutcome.Refused refused = (IngestOutcome.Refused) outcome;
        assertThat(refused.status()).as(refused.reason()).isEqualTo(status);
        assertThat(refused.reason()).contains(reasonPart);
        refusals.add(refused.reason());
    }

    @Test
    void theSameInstanceTwiceKeepsTheFirstFile() throws Exception {
        DataSet ds = Part10Files.instance("1.2.826.0.3", "1.2.826.0.3.1", "1.2.826.0.3.1.1");
        byte[] first = Part10Files.file(new DataSet().putString(Tag.SourceApplicationEntityTitle, Vr.AE, "CT_ROOM_1"),
            ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        byte[] second = Part10Files.file(new DataSet().putString(Tag.SourceApplicationEntityTitle, Vr.AE, "CT_ROOM_2"),
            ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        assertThat(store(first, 1000)).isInstanceOf(IngestOutcome.Stored.class);
        assertThat(store(second, 1000)).isInstanceOf(IngestOutcome.AlreadyStored.class);

        assertThat(node.blobs.count()).isEqualTo(1);
        StudyEvent.StoredInstance stored = node.studies.study("1.2.826.0.3").toCompletableFuture()
            .get(30, TimeUnit.SECONDS).find("1.2.826.0.3.1.1");
        DicomFile kept = DicomReader.read(node.blobs.open(new Digest(stored.digest())).orElseThrow().readAllBytes());
        assertThat(kept.fileMeta().getString(Tag.SourceApplicationEntityTitle)).isEqualTo("CT_ROOM_1");

        DataSet changed = Part10Files.instance("1.2.826.0.3", "1.2.826.0.3.1", "1.2.826.0.3.1.1")
            .putString(Tag.PatientID, Vr.LO, "SOMEONE-ELSE");
        IngestOutcome conflicting = store(Part10Files.file(changed), 1000);
        assertThat(conflicting).as("different content under the policy reject").isInstanceOf(IngestOutcome.Refused.class);
        assertThat(node.blobs.count()).isEqualTo(1);
    }

    @Test
    void theSameFileSentTwiceAtOnceKeepsTheJournaledBlob() throws Exception {
        for (int i = 1; i <= 5; i++) {
            String sop = "1.2.826.0.4.1." + i;
            byte[] file = Part10Files.file(Part10Files.instance("1.2.826.0.4", "1.2.826.0.4.1", sop));
            CompletionStage<IngestOutcome> a = node.ingest.storeFile(Part10Files.chunked(file, 64), SOURCE, null,
                InstanceIngest.NO_SIZE_LIMIT);
            CompletionStage<IngestOutcome> b = node.ingest.storeFile(Part10Files.chunked(file, 64), SOURCE, null,
                InstanceIngest.NO_SIZE_LIMIT);
            List<IngestOutcome> both = List.of(a.toCompletableFuture().get(30, TimeUnit.SECONDS),
                b.toCompletableFuture().get(30, TimeUnit.SECONDS));
            assertThat(both).extracting(o -> o.getClass().getSimpleName())
                .containsExactlyInAnyOrder("Stored", "AlreadyStored");
            StudyEvent.StoredInstance stored = node.studies.study("1.2.826.0.4").toCompletableFuture()
                .get(30, TimeUnit.SECONDS).find(sop);
            assertThat(node.blobs.contains(new Digest(stored.digest()))).as("the journaled file is still there").isTrue();
        }
        assertThat(node.blobs.count()).isEqualTo(5);
    }
}
