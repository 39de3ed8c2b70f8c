package org.cairn.worklist;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
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
import org.cairn.concurrent.PlainStages;
import org.cairn.dicom.Uids;
import org.cairn.durability.JournalSync;
import org.cairn.views.WorklistView;

/**
 * Order entities sharded over the cluster by Accession Number, behind the {@link OrderFeed} every feed uses. A change
 * is answered once its event is durable. Patient updates and merges find the patient's orders in the worklist view
 * (so they reach orders whose events the projection has applied, normally within tens of milliseconds).
 */
public final class ShardedOrders implements OrderFeed {
    public static final EntityTypeKey<OrderEntity.Command> TYPE_KEY =
        EntityTypeKey.create(OrderEntity.Command.class, "Order");
    private static final Set<OrderStatus> OPEN = Set.of(OrderStatus.SCHEDULED, OrderStatus.IN_PROGRESS);

    private final ClusterSharding sharding;
    private final Duration timeout;
    private final JournalSync journalSync;
    private final DataSource views;
    private final Executor blocking;

    private ShardedOrders(ClusterSharding sharding, Duration timeout, JournalSync journalSync, DataSource views,
                          Executor blocking) {
        this.sharding = sharding;
        this.timeout = timeout;
        this.journalSync = journalSync;
        this.views = views;
        this.blocking = blocking;
    }

    /** Starts sharding for orders on this node. */
    public static ShardedOrders init(ActorSystem<?> system, Duration timeout, JournalSync journalSync, DataSource views,
                                     Executor blocking) {
        ClusterSharding sharding = ClusterSharding.get(system);
        sharding.init(Entity.of(TYPE_KEY, ctx -> OrderEntity.create(ctx.getEntityId())));
        return new ShardedOrders(sharding, timeout, journalSync, views, blocking);
    }

    /** Asks the order to handle {@code request}; completes once the outcome is durable. */
    public CompletionStage<FeedResult> handle(String accessionNumber, OrderState.Request request) {
        if (accessionNumber == null || accessionNumber.isBlank()) {
            return CompletableFuture.completedFuture(new FeedResult.Invalid("accessionNumber is required"));
        }
        CompletionStage<FeedResult> answered = sharding.entityRefFor(TYPE_KEY, accessionNumber)
            .ask(replyTo -> new OrderEntity.Handle(request, replyTo), timeout);
        return PlainStages.of(answered).thenCompose(result ->
            result instanceof FeedResult.Accepted accepted && accepted.changed()
                ? journalSync.afterCommit().thenApply(durable -> result)
                : CompletableFuture.completedFuture(result));
    }

    /** The order as it stands (not existing: {@link OrderState#exists()} is false). */
    public CompletionStage<OrderState> state(String accessionNumber) {
        return PlainStages.of(sharding.entityRefFor(TYPE_KEY, accessionNumber).ask(OrderEntity.Get::new, timeout));
    }

    @Override
    public CompletionStage<FeedResult> schedule(Order order, String source) {
        Order complete = order.studyInstanceUid() == null || order.studyInstanceUid().isEmpty()
            ? order.withStudyInstanceUid(Uids.random()) : order;
        return handle(order.accessionNumber(), new OrderState.Request.Schedule(complete, source));
    }

    @Override
    public CompletionStage<FeedResult> update(Order order, String source) {
        if (order.studyInstanceUid() != null && !order.studyInstanceUid().isEmpty()) {
            return handle(order.accessionNumber(), new OrderState.Request.Update(order, source));
        }
        // an update that leaves the Study Instance UID out keeps the one handed out
        return state(order.accessionNumber()).thenCompose(current -> current.exists()
            ? handle(order.accessionNumber(), new OrderState.Request.Update(
                order.withStudyInstanceUid(current.order().studyInstanceUid()), source))
            : CompletableFuture.completedFuture(new FeedResult.NotFound("no order with Accession Number "
                + order.accessionNumber())));
    }

    @Override
    public CompletionStage<FeedResult> cancel(String accessionNumber, String reason, String source) {
        return handle(accessionNumber, new OrderState.Request.Cancel(reason, source));
    }

    @Override
    public CompletionStage<FeedResult> discontinue(String accessionNumber, String reason, String source) {
        return handle(accessionNumber, new OrderState.Request.Discontinue(null, reason, source));
    }

    @Override
    public CompletionStage<FeedResult> statusChanged(String accessionNumber, OrderStatus status, String source) {
        OrderState.Request request = switch (status) {
            case IN_PROGRESS -> new OrderState.Request.Start(null, source);
            case COMPLETED -> new OrderState.Request.Complete(null, source);
            case DISCONTINUED -> new OrderState.Request.Discontinue(null, "reported by " + source, source);
            case CANCELLED -> new OrderState.Request.Cancel("reported by " + source, source);
            case SCHEDULED -> null;
        };
        if (request == null) {
            return state(accessionNumber).thenApply(s -> s.exists()
                ? new FeedResult.Accepted(accessionNumber, s.status(), false)
                : new FeedResult.NotFound("no order with Accession Number " + accessionNumber));
        }
        return handle(accessionNumber, request);
    }

    @Override
    public CompletionStage<Integer> updatePatient(Patient patient, String source) {
        return changePatient(patient.id(), patient.issuer(), patient, source);
    }

    @Override
    public CompletionStage<Integer> mergePatient(String oldPatientId, String oldIssuer, Patient survivor, String source) {
        return changePatient(oldPatientId, oldIssuer, survivor, source);
    }

    private CompletionStage<Integer> changePatient(String patientId, String issuer, Patient patient, String source) {
        return CompletableFuture.supplyAsync(() -> {
            try (Connection c = views.getConnection()) {
                c.setReadOnly(true);
                return WorklistView.ofPatient(c, patientId, issuer, OPEN);
            } catch (SQLException e) {
                throw new IllegalStateException("reading the worklist view failed: " + e.getMessage(), e);
            }
        }, blocking).thenCompose(rows -> {
            List<CompletableFuture<FeedResult>> changes = new ArrayList<>();
            for (WorklistRow row : rows) {
                changes.add(handle(row.accessionNumber(), new OrderState.Request.ChangePatient(patient, source))
                    .toCompletableFuture());
            }
            return CompletableFuture.allOf(changes.toArray(CompletableFuture[]::new)).thenApply(done -> (int) changes
                .stream().map(CompletableFuture::join)
                .filter(r -> r instanceof FeedResult.Accepted a && a.changed()).count());
        });
    }
}
