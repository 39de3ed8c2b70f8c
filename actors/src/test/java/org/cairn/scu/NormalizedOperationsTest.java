package org.cairn.scu;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.cairn.association.DicomNodeFixture;
import org.cairn.association.DimseContext;
import org.cairn.association.DimseService;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomReader;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.Tag;
import org.cairn.dicom.dict.UID;
import org.cairn.net.dimse.Commands;
import org.cairn.net.dimse.Status;
import org.junit.jupiter.api.Test;

/**
 * N-CREATE and N-SET from Cairn's SCU to a service on Cairn's acceptor that receives the data sets as streamed
 * fragments (no Debian peer offers an MPPS SCP; Cairn's own arrives with the worklist issue).
 */
class NormalizedOperationsTest {

    /** Collects each request's data set from its fragments and answers success. */
    static final class RecordingService implements DimseService {
        final List<DataSet> commands = new CopyOnWriteArrayList<>();
        final List<DataSet> dataSets = new CopyOnWriteArrayList<>();

        @Override
        public Set<String> sopClasses() {
            return Set.of(UID.ModalityPerformedProcedureStep);
        }

        @Override
        public org.cairn.association.DataSetConsumer onCommand(DimseContext context, DataSet received) {
            commands.add(received);
            ByteArrayOutputStream data = new ByteArrayOutputStream();
            return (ctx, fragment, last) -> {
                data.writeBytes(fragment);
                if (last) {
                    dataSets.add(DicomReader.readDataSet(data.toByteArray(), ctx.transferSyntax()));
                    ctx.respond(Commands.response(received, Status.SUCCESS, false), null);
                }
            };
        }
    }

    @Test
    void createThenSetAnInstance() throws Exception {
        RecordingService mpps = new RecordingService();
        try (DicomNodeFixture node = new DicomNodeFixture(Map.of(), mpps);
             DicomClient client = DicomClient.create()) {
            ScuAssociation a = client.connect("127.0.0.1", node.port(), AssociationRequest.to("CAIRN")
                .propose(UID.ModalityPerformedProcedureStep, UID.ExplicitVRLittleEndian)
                .maxPduLength(4096)).toCompletableFuture().get(30, TimeUnit.SECONDS);
            String instance = "2.25.4242";
            DataSet inProgress = new DataSet()
                .putString(Tag.PerformedProcedureStepStatus, Vr.CS, "IN PROGRESS")
                .putString(Tag.PerformedProcedureStepDescription, Vr.LO, "x".repeat(5000)); // several PDUs
            assertThat(a.create(UID.ModalityPerformedProcedureStep, instance, inProgress).toCompletableFuture()
                .get(10, TimeUnit.SECONDS).status()).isEqualTo(Status.SUCCESS);
            DataSet completed = new DataSet().putString(Tag.PerformedProcedureStepStatus, Vr.CS, "COMPLETED");
            assertThat(a.set(UID.ModalityPerformedProcedureStep, instance, completed).toCompletableFuture()
                .get(10, TimeUnit.SECONDS).status()).isEqualTo(Status.SUCCESS);
            a.release().toCompletableFuture().get(10, TimeUnit.SECONDS);

            assertThat(mpps.commands.get(0).getString(Tag.AffectedSOPInstanceUID)).isEqualTo(instance);
            assertThat(mpps.commands.get(1).getString(Tag.RequestedSOPInstanceUID)).isEqualTo(instance);
            assertThat(mpps.dataSets.get(0).getString(Tag.PerformedProcedureStepDescription)).hasSize(5000);
            assertThat(mpps.dataSets.get(1).getString(Tag.PerformedProcedureStepStatus)).isEqualTo("COMPLETED");
        }
    }
}
