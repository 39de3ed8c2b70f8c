package org.cairn.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomFile;
import org.cairn.dicom.DicomReader;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.Tag;
import org.cairn.dicom.dict.UID;
import org.cairn.load.peers.Peers;
import org.cairn.scu.AssociationRequest;
import org.cairn.scu.DicomClient;
import org.cairn.scu.DimseResponse;
import org.cairn.scu.ScuAssociation;
import org.cairn.net.dimse.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cairn's SCU as a Query/Retrieve SCU against Orthanc: C-FIND, C-GET (sub-operations on the association), C-MOVE. */
class ScuQueryRetrieveTest {
    static final String STUDY_FIND = UID.StudyRootQueryRetrieveInformationModelFind;
    static final String STUDY_MOVE = UID.StudyRootQueryRetrieveInformationModelMove;
    static final String STUDY_GET = UID.StudyRootQueryRetrieveInformationModelGet;

    @Test
    void findsGetsAndMovesFromOrthanc(@TempDir Path dir) throws Exception {
        Path corpus = Path.of(System.getProperty("cairn.corpus"));
        Path ct = corpus.resolve("pydicom/CT_small.dcm");
        DicomFile original = DicomReader.read(ct);
        String study = original.dataSet().getString(Tag.StudyInstanceUID);
        Path storeDir = Files.createDirectories(dir.resolve("storescp"));
        try (Peers.Peer storescp = Peers.storescp(storeDir, "STORESCP");
             Peers.Peer orthanc = Peers.orthanc(Files.createDirectories(dir.resolve("orthanc")), "ORTHANC",
                 Map.of("STORESCP", "[\"STORESCP\", \"127.0.0.1\", " + storescp.port() + "]"));
             DicomClient client = DicomClient.create()) {
            ScuAssociation a = client.connect("127.0.0.1", orthanc.port(), AssociationRequest.to("ORTHANC")
                .propose(UID.CTImageStorage, UID.ExplicitVRLittleEndian)
                .propose(STUDY_FIND, UID.ExplicitVRLittleEndian)
                .propose(STUDY_MOVE, UID.ExplicitVRLittleEndian)
                .propose(STUDY_GET, UID.ExplicitVRLittleEndian)
                .scpRole(UID.CTImageStorage)).toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertThat(a.store(ct).toCompletableFuture().get(30, TimeUnit.SECONDS).status()).isEqualTo(Status.SUCCESS);

            DataSet keys = new DataSet()
                .putString(Tag.QueryRetrieveLevel, Vr.CS, "STUDY")
                .putString(Tag.StudyInstanceUID, Vr.UI, study)
                .putString(Tag.PatientID, Vr.LO, "")
                .putString(Tag.PatientName, Vr.PN, "");
            List<DataSet> matches = a.find(STUDY_FIND, keys).toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertThat(matches).hasSize(1);
            assertThat(matches.get(0).getString(Tag.StudyInstanceUID)).isEqualTo(study);
            assertThat(matches.get(0).getString(Tag.PatientID)).isEqualTo(original.dataSet().getString(Tag.PatientID));

            Map<String, byte[]> retrieved = new ConcurrentHashMap<>();
            DataSet getKeys = new DataSet().putString(Tag.QueryRetrieveLevel, Vr.CS, "STUDY")
                .putString(Tag.StudyInstanceUID, Vr.UI, study);
            DimseResponse got = a.get(STUDY_GET, getKeys, (command, ts, dataSet) -> {
                retrieved.put(command.getString(Tag.AffectedSOPInstanceUID), dataSet);
                return Status.SUCCESS;
            }).toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertThat(got.status()).isEqualTo(Status.SUCCESS);
            assertThat(got.completed()).isEqualTo(1);
            String sop = original.dataSet().getString(Tag.SOPInstanceUID);
            assertThat(retrieved).containsKey(sop);
            DataSet back = DicomReader.readDataSet(retrieved.get(sop), org.cairn.dicom.TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            assertThat(back.get(Tag.PixelData).bytes()).isEqualTo(original.dataSet().get(Tag.PixelData).bytes());

            DimseResponse moved = a.move(STUDY_MOVE, getKeys, "STORESCP").toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertThat(moved.status()).isEqualTo(Status.SUCCESS);
            assertThat(moved.completed()).isEqualTo(1);
            assertThat(Peers.filesIn(storescp.dir())).hasSize(1);
            a.release().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
