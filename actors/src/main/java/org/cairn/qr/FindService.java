package org.cairn.qr;

import java.sql.Connection;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.cairn.association.DimseContext;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomWriter;
import org.cairn.net.dimse.CommandField;
import org.cairn.net.dimse.Commands;
import org.cairn.net.dimse.Status;
import org.cairn.query.FindRequest;
import org.cairn.query.FindResponses;
import org.cairn.query.InformationModel;
import org.cairn.query.QueryException;
import org.cairn.views.ViewQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The C-FIND SCP of the Patient Root and Study Root Query/Retrieve information models (PS3.4 C.4.1): the
 * identifier is matched against the views on a blocking-I/O thread and each match is answered as a pending
 * response, then the final status. A C-CANCEL stops the pending responses (final status FE00); more matches
 * than {@code maxMatches} end with A700 and an Error Comment, after the first {@code maxMatches}.
 */
public final class FindService extends IdentifierService {
    private static final Logger LOG = LoggerFactory.getLogger(FindService.class);

    private final DataSource views;
    private final String retrieveAeTitle;
    private final int maxMatches;
    private final boolean ignorePersonNameCase;

    public FindService(DataSource views, Executor blocking, String retrieveAeTitle, int maxMatches,
                       boolean ignorePersonNameCase) {
        super(CommandField.C_FIND_RQ, blocking);
        this.views = views;
        this.retrieveAeTitle = retrieveAeTitle;
        this.maxMatches = maxMatches;
        this.ignorePersonNameCase = ignorePersonNameCase;
    }

    @Override
    public Set<String> sopClasses() {
        return Set.of(InformationModel.PATIENT_ROOT.findSopClass(), InformationModel.STUDY_ROOT.findSopClass());
    }

    @Override
    void serve(DimseContext ctx, DataSet command, InformationModel model, byte[] bytes, AtomicBoolean cancelled) {
        long start = System.nanoTime();
        FindRequest request;
        try {
            request = QueryRequests.parse(ctx, model, bytes, ignorePersonNameCase);
        } catch (QueryException e) {
            ctx.respond(Commands.failure(command, e.status(), e.getMessage()), null);
            return;
        }
        ViewQuery.Outcome outcome;
        try (Connection c = views.getConnection()) {
            c.setReadOnly(true);
            outcome = ViewQuery.find(c, request, maxMatches, cancelled::get, match -> {
                DataSet answer = FindResponses.identifier(request, match, retrieveAeTitle);
                ctx.respond(Commands.response(command, Status.PENDING, true),
                    DicomWriter.toBytes(answer, ctx.transferSyntax()));
                return true;
            });
        } catch (Exception e) {
            LOG.error("C-FIND from {} failed", ctx.callingAeTitle(), e);
            ctx.respond(Commands.failure(command, FindRequest.UNABLE_TO_PROCESS, "query failed: " + e.getMessage()), null);
            return;
        }
        LOG.info("C-FIND {} {} from {}: {} matches in {} ms{}", model, request.level(), ctx.callingAeTitle(),
            outcome.matches(), (System.nanoTime() - start) / 1_000_000,
            outcome.cancelled() ? " (cancelled)" : outcome.truncated() ? " (more than the maximum)" : "");
        if (outcome.cancelled()) {
            ctx.respond(Commands.response(command, Status.CANCEL, false), null);
        } else if (outcome.truncated()) {
            ctx.respond(Commands.failure(command, Status.OUT_OF_RESOURCES, "more than " + maxMatches
                + " matches: narrow the query"), null);
        } else {
            ctx.respond(Commands.response(command, Status.SUCCESS, false), null);
        }
    }
}
