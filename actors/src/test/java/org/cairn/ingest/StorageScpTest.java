package org.cairn.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.cairn.association.DicomNodeFixture;
import org.cairn.association.DimseService;
import org.cairn.association.VerificationService;
import org.cairn.blob.Digest;
import org.cairn.blob.LocalBlobStore;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomFile;
import org.cairn.dicom.DicomReader;
import org.cairn.dicom.TransferSyntax;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.Tag;
import org.cairn.dicom.dict.UID;
import org.cairn.journal.JournalSchema;
import org.cairn.net.dimse.Status;
import org.cairn.scu.AssociationRequest;
import org.cairn.scu.DicomClient;
import org.cairn.scu.DimseResponse;
import org.cairn.scu.ScuAssociation;
import org.cairn.study.DuplicatePolicy;
import org.cairn.study.ShardedStudies;
import org.cairn.study.StudyState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ingest path on a one-node cluster with the real H2 journal and blob store: what is acknowledged is stored
 * exactly as received and journaled; what is refused leaves nothing behind.
 */
class StorageScpTest {
    static final Map<String, Object> CLUSTER = Map.of(
        "pekko.actor.provider", "cluster",
        "pekko.remote.artery.canonical.hostname", "127.0.0.1",
        "pekko.remote.artery.canonical.port", 0,
        "pekko.cluster.jmx.multi-mbeans-in-same-jvm", "on");

    @TempDir
    Path dataDir;

    private LocalBlobStore blobs;
    private ShardedStudies studies;

    private DicomNodeFixture node() throws Exception {
        Map<String, Object> overrides = new java.util.HashMap<>(CLUSTER);
        overrides.put("cairn.data-dir", dataDir.toString());
        blobs = LocalBlobStore.open(dataDir.resolve("blobs"));
        String url = "jdbc:h2:file:" + dataDir + "/journal/cairn;DB_CLOSE_ON_EXIT=FALSE";
        JournalSchema.migrate(url, "cairn", "");
        return new DicomNodeFixture(overrides, system -> {
            Cluster cluster = Cluster.get(system);
            cluster.manager().tell(Join.create(cluster.selfMember().address()));
            studies = ShardedStudies.init(system, DuplicatePolicy.REJECT, 100, Duration.ofSeconds(30));
            List<DimseService> services = List.of(new VerificationService(),
                new StorageService(system, blobs, studies, Set.of()));
            return services;
        });
    }

    private static ScuAssociation open(DicomClient client, int port, AssociationRequest rq) throws Exception {
        return client.connect("127.0.0.1", port, rq).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void acknowledgedInstancesAreStoredAsReceivedAndJournaled() throws Exception {
        Path corpus = Path.of(System.getProperty("cairn.corpus"));
        List<Path> files = List.of(corpus.resolve("pydicom/CT_small.dcm"), corpus.resolve("pydicom/MR_small.dcm"),
            corpus.resolve("pydicom/JPEG2000.dcm"), corpus.resolve("pydicom/image_dfl.dcm"),
            corpus.resolve("nibabel/philips_mprage.dcm"));
        try (DicomNodeFixture node = node(); DicomClient client = DicomClient.create()) {
            AssociationRequest rq = AssociationRequest.to("CAIRN").maxPduLength(16384);
            List<DicomFile> originals = new ArrayList<>();
            for (Path f : files) {
                DicomFile df = DicomReader.read(f);
                originals.add(df);
                rq.propose(df.dataSet().getString(Tag.SOPClassUID), df.transferSyntax().uid());
            }
            ScuAssociation a = open(client, node.port(), rq);
            for (int i = 0; i < files.size(); i++) {
                DimseResponse r = a.store(files.get(i)).toCompletableFuture().get(60, TimeUnit.SECONDS);
                assertThat(r.status()).as(files.get(i).toString()).isEqualTo(Status.SUCCESS);
            }
            a.release().toCompletableFuture().get(10, TimeUnit.SECONDS);

            for (DicomFile original : originals) {
                DataSet ds = original.dataSet();
                StudyState study = studies.study(ds.getString(Tag.StudyInstanceUID)).toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
                var stored = study.find(ds.getString(Tag.SOPInstanceUID));
                assertThat(stored).isNotNull();
                assertThat(stored.sourceAeTitle()).isEqualTo("CAIRN_SCU");
                assertThat(stored.transferSyntaxUid()).isEqualTo(original.transferSyntax().uid());
                Digest digest = new Digest(stored.digest());
                assertThat(blobs.verify(digest)).isTrue();
                DicomFile back = DicomReader.read(blobs.open(digest).orElseThrow().readAllBytes());
                assertThat(back.dataSet()).isEqualTo(ds);
                assertThat(back.fileMeta().getString(Tag.SourceApplicationEntityTitle)).isEqualTo("CAIRN_SCU");
            }
            assertThat(blobs.temporaryFiles()).isZero();
        }
    }

    @Test
    void theSameInstanceFromTwoModalitiesIsStoredOnce() throws Exception {
        Path ct = Path.of(System.getProperty("cairn.corpus")).resolve("pydicom/CT_small.dcm");
        try (DicomNodeFixture node = node(); DicomClient client = DicomClient.create()) {
            for (String sender : new String[] {"CT_ROOM_1", "CT_ROOM_2"}) {
                ScuAssociation a = open(client, node.port(), AssociationRequest.to("CAIRN").from(sender)
                    .propose(UID.CTImageStorage, UID.ExplicitVRLittleEndian));
                assertThat(a.store(ct).toCompletableFuture().get(30, TimeUnit.SECONDS).status()).isEqualTo(Status.SUCCESS);
                a.release().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
            assertThat(blobs.count()).as("one blob: the first File Meta stands").isEqualTo(1);
        }
    }

    @Test
    void refusedInstancesLeaveNothingBehind() throws Exception {
        try (DicomNodeFixture node = node(); DicomClient client = DicomClient.create()) {
            ScuAssociation a = open(client, node.port(), AssociationRequest.to("CAIRN").verification()
                .propose(UID.CTImageStorage, UID.ExplicitVRLittleEndian)
                .propose(UID.MRImageStorage, UID.ExplicitVRLittleEndian));
            DataSet noStudy = new DataSet().putString(Tag.SOPClassUID, Vr.UI, UID.CTImageStorage)
                .putString(Tag.SOPInstanceUID, Vr.UI, "1.2.3.4").putString(Tag.SeriesInstanceUID, Vr.UI, "1.2.3");
            DimseResponse missing = a.store(UID.CTImageStorage, "1.2.3.4", TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                org.cairn.dicom.DicomWriter.toBytes(noStudy, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN))
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertThat(missing.status()).isEqualTo(Status.CANNOT_UNDERSTAND);
            assertThat(missing.command().getString(Tag.ErrorComment)).contains("(0020,000D)");

            DataSet ct = noStudy.putString(Tag.StudyInstanceUID, Vr.UI, "1.2");
            DimseResponse mismatch = a.store(UID.MRImageStorage, "1.2.3.4", TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                org.cairn.dicom.DicomWriter.toBytes(ct, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN))
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertThat(mismatch.status()).isEqualTo(Status.DATA_SET_DOES_NOT_MATCH_SOP_CLASS);

            byte[] truncated = java.util.Arrays.copyOf(
                org.cairn.dicom.DicomWriter.toBytes(ct, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN), 30);
            DimseResponse broken = a.store(UID.CTImageStorage, "1.2.3.4", TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN,
                truncated).toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertThat(broken.status()).isEqualTo(Status.CANNOT_UNDERSTAND);
            assertThat(broken.command().getString(Tag.ErrorComment)).startsWith("unreadable data set");

            assertThat(a.echo().toCompletableFuture().get(10, TimeUnit.SECONDS)).as("association still up")
                .isEqualTo(Status.SUCCESS);
            a.release().toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(blobs.count()).isZero();
            assertThat(blobs.temporaryFiles()).isZero();
        }
    }
}
