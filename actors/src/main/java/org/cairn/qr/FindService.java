package org.cairn.qr;

import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.cairn.association.DataSetConsumer;
import org.cairn.association.DimseContext;
import org.cairn.association.DimseService;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomReader;
import org.cairn.dicom.DicomWriter;
import org.cairn.dicom.dict.Tag;
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
public final class FindService implements DimseService {
    private static final Logger LOG = LoggerFactory.getLogger(FindService.class);
    /** An identifier is a few keys: anything larger is refused rather than buffered. */
    private static final int MAX_IDENTIFIER_BYTES = 1 << 20;

    private final DataSource views;
    private final Executor blocking;
    private final String retrieveAeTitle;
    private final int maxMatches;
    private final boolean ignorePersonNameCase;
    /** Queries running, by association and message ID, with their cancel flags. */
    private final ConcurrentMap<String, AtomicBoolean> running = new ConcurrentHashMap<>();

    public FindService(DataSource views, Executor blocking, String retrieveAeTitle, int maxMatches,
                       boolean ignorePersonNameCase) {
        this.views = views;
        this.blocking = blocking;
        this.retrieveAeTitle = retrieveAeTitle;
        this.maxMatches = maxMatches;
        this.ignorePersonNameCase = ignorePersonNameCase;
    }

    @Override
    public Set<String> sopClasses() {
        return Set.of(InformationModel.PATIENT_ROOT.findSopClass(), InformationModel.STUDY_ROOT.findSopClass());
    }

    @Override
    public DataSetConsumer onCommand(DimseContext context, DataSet command) {
        CommandField field = Commands.commandField(command);
        if (field == CommandField.C_CANCEL_RQ) {
            AtomicBoolean cancelled = running.get(key(context, command.getInt(Tag.MessageIDBeingRespondedTo, -1)));
            if (cancelled != null) {
                cancelled.set(true);
            }
            return null;
        }
        if (field != CommandField.C_FIND_RQ || !Commands.hasDataSet(command)) {
            context.respond(Commands.response(command, Status.UNRECOGNIZED_OPERATION, false), null);
            return null;
        }
        InformationModel model = InformationModel.ofSopClass(command.getString(Tag.AffectedSOPClassUID));
        String key = key(context, Commands.messageId(command));
        AtomicBoolean cancelled = new AtomicBoolean();
        running.put(key, cancelled);
        ByteArrayOutputStream identifier = new ByteArrayOutputStream();
        return (ctx, fragment, last) -> {
            if (identifier.size() + fragment.length <= MAX_IDENTIFIER_BYTES) {
                identifier.write(fragment, 0, fragment.length);
            } else {
                identifier.reset();
                identifier.write(0xFF); // marks the overflow; the rest is read and dropped
            }
            if (last) {
                byte[] bytes = identifier.toByteArray();
                blocking.execute(() -> {
                    try {
                        run(ctx, command, model, bytes, cancelled);
                    } finally {
                        running.remove(key);
                    }
                });
            }
        };
    }

    private void run(DimseContext ctx, DataSet command, InformationModel model, byte[] bytes, AtomicBoolean cancelled) {
        long start = System.nanoTime();
        FindRequest request;
        try {
            DataSet identifier = DicomReader.readDataSet(bytes, ctx.transferSyntax());
            request = FindRequest.parse(model, identifier, ignorePersonNameCase);
        } catch (QueryException e) {
            fail(ctx, command, e.status(), e.getMessage());
            return;
        } catch (RuntimeException unreadable) {
            fail(ctx, command, FindRequest.UNABLE_TO_PROCESS, "unreadable identifier: " + unreadable.getMessage());
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
            fail(ctx, command, FindRequest.UNABLE_TO_PROCESS, "query failed: " + e.getMessage());
            return;
        }
        LOG.info("C-FIND {} {} from {}: {} matches in {} ms{}", model, request.level(), ctx.callingAeTitle(),
            outcome.matches(), (System.nanoTime() - start) / 1_000_000,
            outcome.cancelled() ? " (cancelled)" : outcome.truncated() ? " (more than the maximum)" : "");
        if (outcome.cancelled()) {
            ctx.respond(Commands.response(command, Status.CANCEL, false), null);
        } else if (outcome.truncated()) {
            fail(ctx, command, Status.OUT_OF_RESOURCES, "more than " + maxMatches + " matches: narrow the query");
        } else {
            ctx.respond(Commands.response(command, Status.SUCCESS, false), null);
        }
    }

    private static void fail(DimseContext ctx, DataSet command, int status, String reason) {
        ctx.respond(Commands.failure(command, status, reason), null);
    }

    private static String key(DimseContext ctx, int messageId) {
        return ctx.associationId() + "/" + messageId;
    }
}
