package org.cairn.qr;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.cairn.association.DimseContext;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.dict.Tag;
import org.cairn.net.dimse.CommandField;
import org.cairn.net.dimse.Commands;
import org.cairn.net.dimse.Status;
import org.cairn.query.InformationModel;
import org.cairn.scu.AssociationRequest;
import org.cairn.scu.DicomClient;
import org.cairn.scu.ScuAssociation;
import org.cairn.views.InstanceFiles;
import org.cairn.views.RetrievableInstance;
import org.cairn.views.ServedFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The C-MOVE SCP of the Patient Root and Study Root models (PS3.4 C.4.2): the instances go to a configured
 * destination through Cairn's SCU, on one association proposing each SOP class in the transfer syntaxes it is
 * stored in, each data set streamed from its blob as stored. An unknown destination is refused with A801.
 */
public final class MoveService extends RetrieveService {
    private static final Logger LOG = LoggerFactory.getLogger(MoveService.class);
    /** Status A801: Move Destination unknown. */
    public static final int DESTINATION_UNKNOWN = 0xA801;

    private final InstanceFiles files;
    private final DicomClient client;
    private final String aeTitle;
    private final Map<String, MoveDestination> destinations;

    public MoveService(DataSource views, InstanceFiles files, DicomClient client, Executor blocking, String aeTitle,
                       Map<String, MoveDestination> destinations) {
        super(CommandField.C_MOVE_RQ, views, blocking);
        this.files = files;
        this.client = client;
        this.aeTitle = aeTitle;
        this.destinations = destinations;
    }

    @Override
    public Set<String> sopClasses() {
        return Set.of(InformationModel.PATIENT_ROOT.moveSopClass(), InformationModel.STUDY_ROOT.moveSopClass());
    }

    @Override
    SubOperations open(DimseContext ctx, DataSet command, List<RetrievableInstance> instances) {
        String title = command.getString(Tag.MoveDestination);
        MoveDestination destination = title == null ? null : destinations.get(title);
        if (destination == null) {
            ctx.respond(Commands.failure(command, DESTINATION_UNKNOWN, "unknown move destination " + title), null);
            return null;
        }
        Map<String, Set<String>> syntaxesByClass = new LinkedHashMap<>();
        for (RetrievableInstance i : instances) {
            syntaxesByClass.computeIfAbsent(i.sopClassUid(), k -> new LinkedHashSet<>()).add(i.transferSyntaxUid());
        }
        AssociationRequest request = AssociationRequest.to(destination.aeTitle()).from(aeTitle);
        syntaxesByClass.forEach((sopClass, syntaxes) -> request.propose(sopClass, syntaxes.toArray(String[]::new)));
        ScuAssociation association;
        try {
            association = client.connect(destination.host(), destination.port(), request).toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("C-MOVE: cannot associate with {} at {}:{}: {}", destination.aeTitle(), destination.host(),
                destination.port(), e.toString());
            return new Unreachable();
        }
        return new SubOperations() {
            @Override
            public int send(RetrievableInstance instance) {
                try (ServedFile file = files.file(instance)) {
                    return association.store(file.path()).toCompletableFuture().get(10, TimeUnit.MINUTES).status();
                } catch (Exception e) {
                    LOG.warn("C-MOVE sub-operation for {} to {} failed: {}", instance.sopInstanceUid(),
                        destination.aeTitle(), e.toString());
                    return Status.PROCESSING_FAILURE;
                }
            }

            @Override
            public void close() {
                try {
                    association.release().toCompletableFuture().get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    association.abort();
                }
            }
        };
    }

    /** A destination that did not answer: every sub-operation fails. */
    private static final class Unreachable implements SubOperations {
        @Override
        public int send(RetrievableInstance instance) {
            return Status.PROCESSING_FAILURE;
        }

        @Override
        public void close() {
        }
    }
}
