package org.cairn.qr;

import java.sql.Connection;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.cairn.association.DimseContext;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomJson;
import org.cairn.dicom.DicomWriter;
import org.cairn.dicom.dict.UID;
import org.cairn.net.dimse.CommandField;
import org.cairn.net.dimse.Commands;
import org.cairn.net.dimse.Status;
import org.cairn.query.FindRequest;
import org.cairn.query.FindResponses;
import org.cairn.query.InformationModel;
import org.cairn.query.QueryException;
import org.cairn.query.WorklistRequest;
import org.cairn.views.ViewQuery;
import org.cairn.views.WorklistView;
import org.cairn.worklist.OrderStatus;
import org.cairn.worklist.WorklistQueryAudit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Modality Worklist SCP (Modality Worklist Information Model – FIND, PS3.4 K): the identifier is matched against
 * the worklist view on a blocking-I/O thread; each matching item is answered as a pending response holding exactly
 * the keys asked for, then the final status (FE00 after a C-CANCEL, A700 past the maximum). Only orders in
 * {@code statuses} are offered (by default scheduled and in progress: a completed or cancelled order is not work to
 * do). Every query is audited (time, calling AE, keys, matches, duration and status) through {@code audit}, which
 * must not block: the node's writes the rows off the query's path.
 */
public final class WorklistFindService extends IdentifierService {
    private static final Logger LOG = LoggerFactory.getLogger(WorklistFindService.class);
    private static final DicomJson AUDIT_JSON = DicomJson.inline();

    private final DataSource views;
    private final int maxMatches;
    private final boolean ignorePersonNameCase;
    private final Set<OrderStatus> statuses;
    private final Consumer<WorklistQueryAudit> audit;

    public WorklistFindService(DataSource views, Executor blocking, int maxMatches, boolean ignorePersonNameCase,
                               Set<OrderStatus> statuses, Consumer<WorklistQueryAudit> audit) {
        super(CommandField.C_FIND_RQ, blocking);
        this.views = views;
        this.maxMatches = maxMatches;
        this.ignorePersonNameCase = ignorePersonNameCase;
        this.statuses = Set.copyOf(statuses);
        this.audit = audit;
    }

    @Override
    public Set<String> sopClasses() {
        return Set.of(UID.ModalityWorklistInformationModelFind);
    }

    @Override
    void serve(DimseContext ctx, DataSet command, InformationModel model, byte[] bytes, AtomicBoolean cancelled) {
        long start = System.nanoTime();
        DataSet keys = null;
        int status;
        int matches = 0;
        try {
            keys = QueryRequests.identifier(ctx, bytes);
            WorklistRequest request = WorklistRequest.parse(keys, ignorePersonNameCase);
            ViewQuery.Outcome outcome;
            try (Connection c = views.getConnection()) {
                c.setReadOnly(true);
                outcome = WorklistView.find(c, request, statuses, maxMatches, cancelled::get, item -> {
                    ctx.respond(Commands.response(command, Status.PENDING, true),
                        DicomWriter.toBytes(FindResponses.requestedKeys(request.identifier(), item), ctx.transferSyntax()));
                    return true;
                });
            }
            matches = outcome.matches();
            if (outcome.cancelled()) {
                status = Status.CANCEL;
                ctx.respond(Commands.response(command, status, false), null);
            } else if (outcome.truncated()) {
                status = Status.OUT_OF_RESOURCES;
                ctx.respond(Commands.failure(command, status, "more than " + maxMatches
                    + " worklist items: narrow the query"), null);
            } else {
                status = Status.SUCCESS;
                ctx.respond(Commands.response(command, status, false), null);
            }
        } catch (QueryException e) {
            status = e.status();
            ctx.respond(Commands.failure(command, status, e.getMessage()), null);
        } catch (Exception e) {
            LOG.error("Worklist query from {} failed", ctx.callingAeTitle(), e);
            status = FindRequest.UNABLE_TO_PROCESS;
            ctx.respond(Commands.failure(command, status, "query failed: " + e.getMessage()), null);
        }
        double millis = (System.nanoTime() - start) / 1e6;
        LOG.info("Worklist query from {}: {} items in {} ms, status {}", ctx.callingAeTitle(), matches,
            Math.round(millis), String.format("%04X", status));
        audit.accept(new WorklistQueryAudit(Instant.now(), ctx.callingAeTitle(), keys == null ? "{}" : auditJson(keys),
            matches, millis, String.format("%04X", status)));
    }

    private static String auditJson(DataSet keys) {
        try {
            return AUDIT_JSON.toJson(keys);
        } catch (RuntimeException unrepresentable) {
            return "{}";
        }
    }
}
