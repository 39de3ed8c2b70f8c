package org.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import org.cairn.blob.Digest;
import org.cairn.blob.LocalBlobStore;
import org.cairn.dicom.DataElement;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomReader;
import org.cairn.dicom.TransferSyntax;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.UID;
import org.cairn.net.dimse.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plain-Java heart of the ingest, fed by hand: where a file's File Meta ends and its data set starts is found
 * wherever the chunks break, and what is held before the data set starts is bounded.
 */
class IncomingInstanceTest {
    private static final Set<String> STORED = Set.of(UID.SecondaryCaptureImageStorage, UID.CTImageStorage);

    @TempDir
    Path dir;

    private IncomingInstance.Result feed(LocalBlobStore blobs, byte[] file, int... cuts) {
        IncomingInstance incoming = IncomingInstance.part10File(blobs, STORED, null, Long.MAX_VALUE, "TEST");
        int from = 0;
        for (int cut : cuts) {
            incoming.feed(Arrays.copyOfRange(file, from, cut));
            from = cut;
        }
        incoming.feed(Arrays.copyOfRange(file, from, file.length));
        return incoming.finish(null);
    }

    @Test
    void theDataSetStartsWhereverTheChunksBreak() throws Exception {
        LocalBlobStore blobs = LocalBlobStore.open(dir.resolve("blobs"));
        byte[] file = Part10Files.file(Part10Files.instance("1.2.826.0.7", "1.2.826.0.7.1", "1.2.826.0.7.1.1"));
        IncomingInstance.Ready whole = (IncomingInstance.Ready) feed(blobs, file);
        byte[] stored = blobs.open(whole.blob().digest()).orElseThrow().readAllBytes();
        assertThat(Part10Files.dataSetBytes(stored)).isEqualTo(Part10Files.dataSetBytes(file));

        for (int cut = 0; cut <= file.length; cut++) {
            IncomingInstance.Result split = feed(blobs, file, cut);
            assertThat(split).as("cut at " + cut).isInstanceOf(IncomingInstance.Ready.class);
            assertThat(((IncomingInstance.Ready) split).blob().digest()).as("cut at " + cut)
                .isEqualTo(whole.blob().digest());
            assertThat(((IncomingInstance.Ready) split).dataSetDigest()).isEqualTo(whole.dataSetDigest());
        }
        assertThat(blobs.count()).isEqualTo(1);
        assertThat(blobs.temporaryFiles()).isZero();
    }

    @Test
    void aDeflatedDataSetIsSplitFromItsMetaAtEveryBoundaryNearIt() throws Exception {
        LocalBlobStore blobs = LocalBlobStore.open(dir.resolve("blobs"));
        byte[] file = Files.readAllBytes(Path.of(System.getProperty("cairn.corpus"), "pydicom/image_dfl.dcm"));
        int start = Part10Files.dataSetOffset(file);
        Digest expected = null;
        for (int cut = start - 20; cut <= start + 20; cut++) {
            IncomingInstance.Result split = feed(blobs, file, 100, cut, cut + 1);
            assertThat(split).as("cut at " + cut).isInstanceOf(IncomingInstance.Ready.class);
            IncomingInstance.Ready ready = (IncomingInstance.Ready) split;
            assertThat(ready.transferSyntaxUid()).isEqualTo(UID.DeflatedExplicitVRLittleEndian);
            expected = expected == null ? ready.blob().digest() : expected;
            assertThat(ready.blob().digest()).isEqualTo(expected);
        }
        byte[] stored = blobs.open(expected).orElseThrow().readAllBytes();
        assertThat(Part10Files.dataSetBytes(stored)).isEqualTo(Part10Files.dataSetBytes(file));
        assertThat(DicomReader.read(stored).dataSet()).isEqualTo(DicomReader.read(file).dataSet());
    }

    @Test
    void aFileMetaWithoutPreambleIsReadToo() throws Exception {
        LocalBlobStore blobs = LocalBlobStore.open(dir.resolve("blobs"));
        byte[] file = Part10Files.file(Part10Files.instance("1.2.826.0.7", "1.2.826.0.7.1", "1.2.826.0.7.1.2"));
        byte[] withoutPreamble = Arrays.copyOfRange(file, 132, file.length);
        IncomingInstance.Result result = feed(blobs, withoutPreamble, 3);
        assertThat(result).isInstanceOf(IncomingInstance.Ready.class);
        byte[] stored = blobs.open(((IncomingInstance.Ready) result).blob().digest()).orElseThrow().readAllBytes();
        assertThat(Part10Files.dataSetBytes(stored)).isEqualTo(Part10Files.dataSetBytes(file));
    }

    @Test
    void whatPrecedesTheDataSetIsHeldOnlyUpToALimit() throws Exception {
        LocalBlobStore blobs = LocalBlobStore.open(dir.resolve("blobs"));
        DataSet meta = new DataSet().put(DataElement.of(0x00020102, Vr.OB, new byte[200_000])); // Private Information
        byte[] file = Part10Files.file(meta, Part10Files.instance("1.2.826.0.7", "1.2.826.0.7.1", "1.2.826.0.7.1.3"),
            TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        IncomingInstance incoming = IncomingInstance.part10File(blobs, STORED, null, Long.MAX_VALUE, "TEST");
        for (int at = 0; at < file.length; at += 4096) {
            incoming.feed(Arrays.copyOfRange(file, at, Math.min(file.length, at + 4096)));
        }
        IncomingInstance.Result result = incoming.finish(null);
        assertThat(result).isInstanceOf(IngestOutcome.Refused.class);
        assertThat(((IngestOutcome.Refused) result).status()).isEqualTo(Status.CANNOT_UNDERSTAND);
        assertThat(((IngestOutcome.Refused) result).reason()).contains("File Meta Information is too long");
        assertThat(blobs.temporaryFiles()).isZero();
    }

    @Test
    void aFileThatEndsWithItsMetaHasNoDataSet() throws Exception {
        LocalBlobStore blobs = LocalBlobStore.open(dir.resolve("blobs"));
        byte[] file = Part10Files.file(Part10Files.instance("1.2.826.0.7", "1.2.826.0.7.1", "1.2.826.0.7.1.4"));
        byte[] metaOnly = Arrays.copyOf(file, Part10Files.dataSetOffset(file));
        IncomingInstance.Result result = feed(blobs, metaOnly);
        assertThat(result).isInstanceOf(IngestOutcome.Refused.class);
        assertThat(((IngestOutcome.Refused) result).reason()).contains("missing (0020,000D)");
        assertThat(result).extracting(r -> ((IngestOutcome.Refused) r).ids().sopInstanceUid())
            .as("known from the File Meta").isEqualTo("1.2.826.0.7.1.4");
        assertThat(blobs.count()).isZero();
        assertThat(blobs.temporaryFiles()).isZero();
    }
}
