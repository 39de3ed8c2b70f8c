package org.cairn.qr;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.cairn.association.DataSetConsumer;
import org.cairn.association.DimseContext;
import org.cairn.association.DimseService;
import org.cairn.association.SmallDataSets;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.dict.Tag;
import org.cairn.net.dimse.CommandField;
import org.cairn.net.dimse.Commands;
import org.cairn.net.dimse.Status;
import org.cairn.query.InformationModel;

/**
 * What the Query/Retrieve services share: a request whose identifier is collected (refused beyond 1 MiB) and
 * then served on a blocking-I/O thread, answered with pending responses that a C-CANCEL for the same message ID
 * on the same association stops.
 */
abstract class IdentifierService implements DimseService {
    /** An identifier is a few keys: anything larger is refused rather than buffered. */
    private static final int MAX_IDENTIFIER_BYTES = 1 << 20;

    private final CommandField requestField;
    private final Executor blocking;
    /** Requests being served, by association and message ID, with their cancel flags. */
    private final ConcurrentMap<String, AtomicBoolean> running = new ConcurrentHashMap<>();

    IdentifierService(CommandField requestField, Executor blocking) {
        this.requestField = requestField;
        this.blocking = blocking;
    }

    /** Serves one request; {@code identifier} is null when it was too large. Called on a blocking-I/O thread. */
    abstract void serve(DimseContext ctx, DataSet command, InformationModel model, byte[] identifier,
                        AtomicBoolean cancelled);

    @Override
    public final DataSetConsumer onCommand(DimseContext context, DataSet command) {
        CommandField field = Commands.commandField(command);
        if (field == CommandField.C_CANCEL_RQ) {
            AtomicBoolean cancelled = running.get(key(context, command.getInt(Tag.MessageIDBeingRespondedTo, -1)));
            if (cancelled != null) {
                cancelled.set(true);
            }
            return null;
        }
        if (field != requestField || !Commands.hasDataSet(command)) {
            context.respond(Commands.response(command, Status.UNRECOGNIZED_OPERATION, false), null);
            return null;
        }
        InformationModel model = InformationModel.ofSopClass(command.getString(Tag.AffectedSOPClassUID));
        String key = key(context, Commands.messageId(command));
        AtomicBoolean cancelled = new AtomicBoolean();
        running.put(key, cancelled);
        return SmallDataSets.collect(MAX_IDENTIFIER_BYTES, (ctx, bytes) -> blocking.execute(() -> {
            try {
                serve(ctx, command, model, bytes, cancelled);
            } finally {
                running.remove(key);
            }
        }));
    }

    private static String key(DimseContext ctx, int messageId) {
        return ctx.associationId() + "/" + messageId;
    }
}
