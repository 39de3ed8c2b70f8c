package org.cairn.mpps;

import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import javax.sql.DataSource;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.cairn.association.DataSetConsumer;
import org.cairn.association.DimseContext;
import org.cairn.association.DimseService;
import org.cairn.association.SmallDataSets;
import org.cairn.concurrent.PlainStages;
import org.cairn.dicom.DataElement;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomJson;
import org.cairn.dicom.DicomReader;
import org.cairn.dicom.Uids;
import org.cairn.dicom.Values;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.Tag;
import org.cairn.dicom.dict.UID;
import org.cairn.durability.JournalSync;
import org.cairn.net.dimse.CommandField;
import org.cairn.net.dimse.Commands;
import org.cairn.net.dimse.Status;
import org.cairn.views.WorklistView;
import org.cairn.worklist.FeedResult;
import org.cairn.worklist.OrderState;
import org.cairn.worklist.ShardedOrders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Modality Performed Procedure Step SCP (PS3.4 F): N-CREATE and N-SET go to the step's sharded entity, which
 * applies the rules of F.7.2; once the step is persisted, the orders it names (by Accession Number or Study Instance
 * UID in the Scheduled Step Attributes Sequence) follow it: IN PROGRESS starts them, COMPLETED completes them,
 * DISCONTINUED discontinues them. The response is sent after that, so a worklist read right after shows the change.
 * A step that names no known order (an unscheduled procedure) is kept all the same.
 */
public final class MppsService implements DimseService {
    public static final EntityTypeKey<PerformedStepEntity.Command> TYPE_KEY =
        EntityTypeKey.create(PerformedStepEntity.Command.class, "Mpps");
    private static final Logger LOG = LoggerFactory.getLogger(MppsService.class);
    private static final int MAX_DATA_SET_BYTES = 1 << 20;
    private static final DicomJson JSON = DicomJson.inline();

    private final ClusterSharding sharding;
    private final Duration timeout;
    private final JournalSync journalSync;
    private final ShardedOrders orders;
    private final DataSource views;
    private final Executor blocking;

    private MppsService(ClusterSharding sharding, Duration timeout, JournalSync journalSync, ShardedOrders orders,
                        DataSource views, Executor blocking) {
        this.sharding = sharding;
        this.timeout = timeout;
        this.journalSync = journalSync;
        this.orders = orders;
        this.views = views;
        this.blocking = blocking;
    }

    /** Starts sharding for performed steps on this node and returns the service. */
    public static MppsService init(ActorSystem<?> system, Duration timeout, JournalSync journalSync, ShardedOrders orders,
                                   DataSource views, Executor blocking) {
        ClusterSharding sharding = ClusterSharding.get(system);
        sharding.init(Entity.of(TYPE_KEY, ctx -> PerformedStepEntity.create(ctx.getEntityId())));
        return new MppsService(sharding, timeout, journalSync, orders, views, blocking);
    }

    @Override
    public Set<String> sopClasses() {
        return Set.of(UID.ModalityPerformedProcedureStep);
    }

    @Override
    public DataSetConsumer onCommand(DimseContext context, DataSet command) {
        CommandField field = Commands.commandField(command);
        if ((field != CommandField.N_CREATE_RQ && field != CommandField.N_SET_RQ) || !Commands.hasDataSet(command)) {
            context.respond(Commands.response(command, Status.UNRECOGNIZED_OPERATION, false), null);
            return null;
        }
        return SmallDataSets.collect(MAX_DATA_SET_BYTES, (ctx, bytes) -> blocking.execute(() ->
            serve(ctx, command, field, bytes)));
    }

    private void serve(DimseContext ctx, DataSet command, CommandField field, byte[] bytes) {
        String instance = field == CommandField.N_CREATE_RQ ? command.getString(Tag.AffectedSOPInstanceUID)
            : command.getString(Tag.RequestedSOPInstanceUID);
        if (field == CommandField.N_CREATE_RQ && (instance == null || instance.isEmpty())) {
            instance = Uids.random(); // the SCP assigns it and returns it (PS3.7 10.1.5.1.3)
        }
        String sopInstance = instance;
        if (bytes == null || sopInstance == null || !Uids.isValid(sopInstance)) {
            respond(ctx, command, sopInstance, new Refusal(Status.PROCESSING_FAILURE, bytes == null
                ? "data set larger than 1 MiB" : "no valid SOP Instance UID", 0, List.of()));
            return;
        }
        DataSet attributes;
        String json;
        try {
            attributes = DicomReader.readDataSet(bytes, ctx.transferSyntax());
            json = JSON.toJson(attributes);
        } catch (RuntimeException unreadable) {
            respond(ctx, command, sopInstance, new Refusal(Status.PROCESSING_FAILURE, "unreadable data set: "
                + unreadable.getMessage(), 0, List.of()));
            return;
        }
        var entity = sharding.entityRefFor(TYPE_KEY, sopInstance);
        CompletionStage<PerformedStepEntity.Result> asked = field == CommandField.N_CREATE_RQ
            ? entity.ask(replyTo -> new PerformedStepEntity.Create(json, ctx.callingAeTitle(), replyTo), timeout)
            : entity.ask(replyTo -> new PerformedStepEntity.Modify(json, ctx.callingAeTitle(), replyTo), timeout);
        PlainStages.of(asked)
            .thenCompose(result -> result instanceof PerformedStepEntity.Result.Done done
                ? journalSync.afterCommit().thenCompose(durable -> followOrders(ctx, sopInstance, done.state()))
                    .thenApply(followed -> (Refusal) null)
                : CompletableFuture.completedFuture(((PerformedStepEntity.Result.Refused) result).refusal()))
            .whenComplete((refusal, failure) -> {
                if (failure != null) {
                    LOG.error("MPPS {} of {} from {} failed", field, sopInstance, ctx.callingAeTitle(), failure);
                    respond(ctx, command, sopInstance, new Refusal(Status.PROCESSING_FAILURE, "not recorded: "
                        + failure.getMessage(), 0, List.of()));
                } else {
                    LOG.info("MPPS {} of {} from {}: {}", field, sopInstance, ctx.callingAeTitle(),
                        refusal == null ? "done" : String.format("refused %04X %s", refusal.status(), refusal.comment()));
                    respond(ctx, command, sopInstance, refusal);
                }
            });
    }

    /**
     * Moves the orders the step names along with it. Best effort: the step is journaled already, so the N-CREATE or
     * N-SET succeeds whatever the orders do; an order that refuses (e.g. cancelled), or does not answer, is logged.
     * Answering a failure here would make the modality retry a request the step has already taken (0111, A710).
     */
    private CompletionStage<Void> followOrders(DimseContext ctx, String sopInstance, PerformedStepState step) {
        return moveOrders(ctx, sopInstance, step).handle((done, failure) -> {
            if (failure != null) {
                LOG.warn("Orders of MPPS {} could not follow it: {}", sopInstance, failure.toString());
            }
            return null;
        });
    }

    private CompletionStage<Void> moveOrders(DimseContext ctx, String sopInstance, PerformedStepState step) {
        String source = "mpps:" + ctx.callingAeTitle();
        return CompletableFuture.supplyAsync(() -> ordersOf(step.attributes()), blocking).thenCompose(accessions -> {
            List<CompletableFuture<FeedResult>> moves = new ArrayList<>();
            for (String accession : accessions) {
                OrderState.Request request = switch (step.status()) {
                    case PerformedStepState.COMPLETED -> new OrderState.Request.Complete(sopInstance, source);
                    case PerformedStepState.DISCONTINUED -> new OrderState.Request.Discontinue(sopInstance,
                        discontinuationReason(step.attributes()), source);
                    default -> new OrderState.Request.Start(sopInstance, source);
                };
                moves.add(orders.handle(accession, request).toCompletableFuture().whenComplete((r, e) -> {
                    if (e != null || !(r instanceof FeedResult.Accepted)) {
                        LOG.warn("Order {} did not follow MPPS {}: {}", accession, sopInstance, e != null ? e : r);
                    }
                }));
            }
            return CompletableFuture.allOf(moves.toArray(CompletableFuture[]::new));
        });
    }

    /** The orders a step names: by each Scheduled Step Attributes item's Accession Number or Study Instance UID. */
    private Set<String> ordersOf(DataSet step) {
        Set<String> accessions = new LinkedHashSet<>();
        DataElement items = step.get(Tag.ScheduledStepAttributesSequence);
        if (items == null) {
            return accessions;
        }
        try (Connection c = views.getConnection()) {
            c.setReadOnly(true);
            for (DataSet item : items.items()) {
                accessions.addAll(WorklistView.ordersForStudy(c, item.getString(Tag.AccessionNumber),
                    item.getString(Tag.StudyInstanceUID)));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("reading the worklist view failed: " + e.getMessage(), e);
        }
        return accessions;
    }

    private static String discontinuationReason(DataSet step) {
        DataElement reason = step.get(Tag.PerformedProcedureStepDiscontinuationReasonCodeSequence);
        if (reason != null && !reason.items().isEmpty()) {
            String meaning = reason.items().get(0).getString(Tag.CodeMeaning);
            if (meaning != null && !meaning.isEmpty()) {
                return meaning;
            }
        }
        return "discontinued by the modality";
    }

    private static void respond(DimseContext ctx, DataSet command, String sopInstance, Refusal refusal) {
        DataSet response = refusal == null ? Commands.response(command, Status.SUCCESS, false)
            : Commands.failure(command, refusal.status(), refusal.comment());
        // N-SET requests name the instance as Requested; every response names it as Affected (PS3.7 10.1)
        response.putString(Tag.AffectedSOPClassUID, Vr.UI, UID.ModalityPerformedProcedureStep);
        if (sopInstance != null) {
            response.putString(Tag.AffectedSOPInstanceUID, Vr.UI, sopInstance);
        }
        if (refusal != null && refusal.errorId() != 0) {
            Commands.putUs(response, Tag.ErrorID, refusal.errorId());
        }
        if (refusal != null && !refusal.attributes().isEmpty()) {
            byte[] tags = new byte[4 * refusal.attributes().size()];
            for (int i = 0; i < refusal.attributes().size(); i++) {
                int tag = refusal.attributes().get(i);
                Values.putUint16(tags, 4 * i, tag >>> 16, false);
                Values.putUint16(tags, 4 * i + 2, tag & 0xFFFF, false);
            }
            response.put(DataElement.of(Tag.AttributeIdentifierList, Vr.AT, tags));
        }
        ctx.respond(response, null);
    }
}
