package org.cairn.qr;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.cairn.association.DimseContext;
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
import org.cairn.views.RetrievableInstance;
import org.cairn.views.ViewQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What C-MOVE and C-GET share (PS3.4 C.4.2 and C.4.3): the instances under the identifier's matches are sent one
 * sub-operation at a time; a pending response with the remaining, completed, failed and warning counts follows
 * each, and the final one lists the failed SOP instances. C-CANCEL stops the sub-operations (FE00).
 */
abstract class RetrieveService extends IdentifierService {
    private static final Logger LOG = LoggerFactory.getLogger(RetrieveService.class);
    /** Status A702: Out of Resources, unable to perform sub-operations. */
    public static final int SUB_OPERATIONS_FAILED = 0xA702;
    /** Status B000: sub-operations complete, one or more failures. */
    public static final int SOME_FAILED = 0xB000;

    /** Where one retrieve sends its instances. */
    interface SubOperations extends AutoCloseable {
        /** Sends one instance; returns the C-STORE status, or a failure status when it could not be sent. */
        int send(RetrievableInstance instance);

        @Override
        void close();
    }

    private final DataSource views;

    RetrieveService(CommandField requestField, DataSource views, Executor blocking) {
        super(requestField, blocking);
        this.views = views;
    }

    /**
     * Where this request's instances go; null after answering the request with a failure (e.g. an unknown
     * destination).
     */
    abstract SubOperations open(DimseContext ctx, DataSet command, List<RetrievableInstance> instances);

    @Override
    final void serve(DimseContext ctx, DataSet command, InformationModel model, byte[] identifier,
                     AtomicBoolean cancelled) {
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
            LOG.error("{} from {} failed", Commands.describe(command), ctx.callingAeTitle(), e);
            ctx.respond(Commands.failure(command, FindRequest.UNABLE_TO_PROCESS, "query failed: " + e.getMessage()), null);
            return;
        }
        Counts counts = new Counts(instances.size());
        if (!instances.isEmpty()) {
            try (SubOperations destination = open(ctx, command, instances)) {
                if (destination == null) {
                    return;
                }
                for (RetrievableInstance instance : instances) {
                    if (cancelled.get()) {
                        break;
                    }
                    counts.record(instance, destination.send(instance));
                    if (counts.remaining() > 0) {
                        DataSet pending = Commands.response(command, Status.PENDING, false);
                        counts.put(pending, true);
                        ctx.respond(pending, null);
                    }
                }
            }
        }
        LOG.info("{} {} from {}: {} completed, {} failed{}", Commands.describe(command), model, ctx.callingAeTitle(),
            counts.completed, counts.failed.size(), cancelled.get() ? " (cancelled)" : "");
        int status = cancelled.get() && counts.remaining() > 0 ? Status.CANCEL
            : counts.failed.isEmpty() ? Status.SUCCESS
            : counts.completed == 0 ? SUB_OPERATIONS_FAILED : SOME_FAILED;
        DataSet response = Commands.response(command, status, !counts.failed.isEmpty());
        counts.put(response, status == Status.CANCEL);
        byte[] failedList = null;
        if (!counts.failed.isEmpty()) {
            failedList = DicomWriter.toBytes(new DataSet().putString(Tag.FailedSOPInstanceUIDList, Vr.UI,
                counts.failed.toArray(String[]::new)), ctx.transferSyntax());
        }
        ctx.respond(response, failedList);
    }

    /** Sub-operation counts of a retrieve (PS3.4 C.4.2.1.5 to C.4.2.1.8). */
    private static final class Counts {
        final int total;
        int completed;
        int warning;
        final List<String> failed = new ArrayList<>();

        Counts(int total) {
            this.total = total;
        }

        void record(RetrievableInstance instance, int status) {
            if (status == Status.SUCCESS) {
                completed++;
            } else if ((status & 0xF000) == 0xB000) {
                warning++;
            } else {
                failed.add(instance.sopInstanceUid());
            }
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
