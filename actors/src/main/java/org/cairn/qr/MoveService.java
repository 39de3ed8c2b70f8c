package org.cairn.qr;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.cairn.association.DimseContext;
import org.cairn.blob.BlobStore;
import org.cairn.blob.Digest;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomWriter;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.Tag;
import org.cairn.net.dimse.CommandField;
import org.cairn.net.dimse.Commands;
import org.cairn.net.dimse.Status;
import org.cairn.query.FindRequest;
import org.cairn.query.InformationModel;
import org.cairn.query.QueryException;
import org.cairn.scu.AssociationRequest;
import org.cairn.scu.DicomClient;
import org.cairn.scu.ScuAssociation;
import org.cairn.views.RetrievableInstance;
import org.cairn.views.ViewQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The C-MOVE SCP of the Patient Root and Study Root models (PS3.4 C.4.2): the instances under the identifier's
 * matches are sent to a configured destination by Cairn's SCU, each streamed from its blob as stored; a pending
 * response with the remaining, completed, failed and warning counts follows each sub-operation, and the final
 * one lists the failed SOP instances. An unknown destination is refused with A801; C-CANCEL stops the
 * sub-operations (FE00).
 */
public final class MoveService extends IdentifierService {
    private static final Logger LOG = LoggerFactory.getLogger(MoveService.class);
    /** Status A801: Move Destination unknown. */
    public static final int DESTINATION_UNKNOWN = 0xA801;
    /** Status A702: Out of Resources, unable to perform sub-operations. */
    public static final int SUB_OPERATIONS_FAILED = 0xA702;
    /** Status B000: sub-operations complete, one or more failures. */
    public static final int SOME_FAILED = 0xB000;

    private final DataSource views;
    private final BlobStore blobs;
    private final DicomClient client;
    private final String aeTitle;
    private final Map<String, MoveDestination> destinations;

    public MoveService(DataSource views, BlobStore blobs, DicomClient client, Executor blocking, String aeTitle,
                       Map<String, MoveDestination> destinations) {
        super(CommandField.C_MOVE_RQ, blocking);
        this.views = views;
        this.blobs = blobs;
        this.client = client;
        this.aeTitle = aeTitle;
        this.destinations = destinations;
    }

    @Override
    public Set<String> sopClasses() {
        return Set.of(InformationModel.PATIENT_ROOT.moveSopClass(), InformationModel.STUDY_ROOT.moveSopClass());
    }

    @Override
    void serve(DimseContext ctx, DataSet command, InformationModel model, byte[] identifier, AtomicBoolean cancelled) {
        String destinationTitle = command.getString(Tag.MoveDestination);
        MoveDestination destination = destinationTitle == null ? null : destinations.get(destinationTitle);
        if (destination == null) {
            ctx.respond(Commands.failure(command, DESTINATION_UNKNOWN, "unknown move destination " + destinationTitle),
                null);
            return;
        }
        List<RetrievableInstance> instances;
        try {
            FindRequest request = QueryRequests.parse(ctx, model, identifier, true);
            try (Connection c = views.getConnection()) {
                c.setReadOnly(true);
                instances = ViewQuery.instances(c, request);
            }
        } catch (QueryException e) {
            ctx.respond(Commands.failure(command, e.status(), e.getMessage()), null);
            return;
        } catch (Exception e) {
            LOG.error("C-MOVE from {} failed", ctx.callingAeTitle(), e);
            ctx.respond(Commands.failure(command, FindRequest.UNABLE_TO_PROCESS, "query failed: " + e.getMessage()), null);
            return;
        }
        SubOperations counts = new SubOperations(instances.size());
        if (!instances.isEmpty()) {
            sendAll(ctx, command, destination, instances, counts, cancelled);
        }
        LOG.info("C-MOVE {} from {} to {}: {} completed, {} failed{}", model, ctx.callingAeTitle(), destination.aeTitle(),
            counts.completed, counts.failed.size(), cancelled.get() ? " (cancelled)" : "");
        int status = cancelled.get() && counts.remaining() > 0 ? Status.CANCEL
            : counts.failed.isEmpty() ? Status.SUCCESS
            : counts.completed == 0 ? SUB_OPERATIONS_FAILED : SOME_FAILED;
        DataSet response = Commands.response(command, status, !counts.failed.isEmpty());
        counts.put(response, status == Status.CANCEL);
        byte[] failedList = null;
        if (!counts.failed.isEmpty()) {
            DataSet list = new DataSet().putString(Tag.FailedSOPInstanceUIDList, Vr.UI,
                counts.failed.toArray(String[]::new));
            failedList = DicomWriter.toBytes(list, ctx.transferSyntax());
        }
        ctx.respond(response, failedList);
    }

    private void sendAll(DimseContext ctx, DataSet command, MoveDestination destination,
                         List<RetrievableInstance> instances, SubOperations counts, AtomicBoolean cancelled) {
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
            instances.forEach(i -> counts.failed.add(i.sopInstanceUid()));
            return;
        }
        try {
            for (RetrievableInstance instance : instances) {
                if (cancelled.get()) {
                    break;
                }
                Optional<Path> file = blobs.file(new Digest(instance.digest()));
                int status;
                try {
                    status = file.isEmpty() ? Status.PROCESSING_FAILURE
                        : association.store(file.get()).toCompletableFuture().get(10, TimeUnit.MINUTES).status();
                } catch (Exception e) {
                    LOG.warn("C-MOVE sub-operation for {} to {} failed: {}", instance.sopInstanceUid(),
                        destination.aeTitle(), e.toString());
                    status = Status.PROCESSING_FAILURE;
                }
                if (status == Status.SUCCESS) {
                    counts.completed++;
                } else if ((status & 0xF000) == 0xB000) {
                    counts.warning++;
                } else {
                    counts.failed.add(instance.sopInstanceUid());
                }
                if (counts.remaining() > 0) {
                    DataSet pending = Commands.response(command, Status.PENDING, false);
                    counts.put(pending, true);
                    ctx.respond(pending, null);
                }
            }
        } finally {
            try {
                association.release().toCompletableFuture().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                association.abort();
            }
        }
    }

    /** Sub-operation counts of a retrieve (PS3.4 C.4.2.1.5 to C.4.2.1.8). */
    static final class SubOperations {
        final int total;
        int completed;
        int warning;
        final List<String> failed = new ArrayList<>();

        SubOperations(int total) {
            this.total = total;
        }

        int remaining() {
            return total - completed - warning - failed.size();
        }

        void put(DataSet response, boolean withRemaining) {
            if (withRemaining) {
                Commands.putUs(response, Tag.NumberOfRemainingSuboperations, remaining());
            }
            Commands.putUs(response, Tag.NumberOfCompletedSuboperations, completed);
            Commands.putUs(response, Tag.NumberOfFailedSuboperations, failed.size());
            Commands.putUs(response, Tag.NumberOfWarningSuboperations, warning);
        }
    }
}
