package org.cairn.worklist;

import org.cairn.journal.TagSlices;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import java.time.Instant;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.cairn.journal.JournalSerializable;

/**
 * An order's life as events: one event-sourced entity per order, keyed by Accession Number (the identity the RIS,
 * the modality and the images share). An order holds one Requested Procedure with one Scheduled Procedure Step, so
 * order and step are the same entity. It decides with {@link OrderState} and replies once the event is persisted.
 */
public final class OrderEntity
    extends EventSourcedBehaviorWithEnforcedReplies<OrderEntity.Command, OrderEvent, OrderState> {

    /** The tag on every order event: what the worklist projection reads. */
    public static final String TAG = "order";

    public sealed interface Command extends JournalSerializable {
    }

    /** A request to the order; the reply says what it came to. */
    public record Handle(OrderState.Request request, ActorRef<FeedResult> replyTo) implements Command {
    }

    /** The order as it stands. */
    public record Get(ActorRef<OrderState> replyTo) implements Command {
    }

    private final String accessionNumber;
    private final Set<String> tags;

    private OrderEntity(String accessionNumber, TagSlices slices) {
        super(persistenceId(accessionNumber));
        this.accessionNumber = accessionNumber;
        this.tags = Set.of(slices.tagOf(TAG, persistenceId(accessionNumber).id()));
    }

    public static PersistenceId persistenceId(String accessionNumber) {
        return PersistenceId.of("Order", accessionNumber);
    }

    public static Behavior<Command> create(String accessionNumber) {
        return Behaviors.setup(ctx -> new OrderEntity(accessionNumber,
            TagSlices.from(ctx.getSystem().settings().config())));
    }

    @Override
    public OrderState emptyState() {
        return OrderState.empty(accessionNumber);
    }

    @Override
    public Set<String> tagsFor(OrderEvent event) {
        return tags;
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(50, 2);
    }

    @Override
    public CommandHandlerWithReply<Command, OrderEvent, OrderState> commandHandler() {
        return newCommandHandlerWithReplyBuilder().forAnyState()
            .onCommand(Handle.class, this::onHandle)
            .onCommand(Get.class, (state, get) -> Effect().reply(get.replyTo(), state))
            .build();
    }

    private ReplyEffect<OrderEvent, OrderState> onHandle(OrderState state, Handle handle) {
        OrderState.Decision decision = state.decide(handle.request(), Instant.now());
        if (decision instanceof OrderState.Decision.Persist persist) {
            return Effect().persist(persist.event()).thenReply(handle.replyTo(),
                s -> new FeedResult.Accepted(accessionNumber, s.status(), true));
        }
        if (decision instanceof OrderState.Decision.Unchanged) {
            return Effect().reply(handle.replyTo(), new FeedResult.Accepted(accessionNumber, state.status(), false));
        }
        return Effect().reply(handle.replyTo(), ((OrderState.Decision.Refuse) decision).refusal());
    }

    @Override
    public EventHandler<OrderState, OrderEvent> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onAnyEvent(OrderState::apply);
    }
}
