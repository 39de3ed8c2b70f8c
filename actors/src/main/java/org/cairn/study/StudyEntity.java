package org.cairn.study;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.cairn.journal.TagSlices;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import java.time.Instant;
import java.util.Map;
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
 * A study's life as events: one event-sourced entity per Study Instance UID. It decides with {@link StudyState}
 * and replies only after an event is persisted, so a C-STORE can be acknowledged once its instance is in the
 * journal.
 */
public final class StudyEntity
    extends EventSourcedBehaviorWithEnforcedReplies<StudyEntity.Command, StudyEvent, StudyState> {

    /** The tag on every Study event: what the query-view projection reads. */
    public static final String TAG = "study";

    /** What a study entity is asked; serializable, as sharding sends it between nodes. */
    public sealed interface Command extends JournalSerializable {
    }

    /** Record a stored instance (its blob is already durable); the reply says whether it is in the journal. */
    public record StoreInstance(StudyEvent.StoredInstance instance, ActorRef<StoreResult> replyTo) implements Command {
    }

    /** Link the study to an order; the reply says whether that was new (false: already linked). */
    public record LinkToOrder(String accessionNumber, ActorRef<Boolean> replyTo) implements Command {
    }

    /** Correct patient or study attributes (by keyword); {@code by} and {@code reason} go into the history. */
    public record ChangeAttributes(Map<ChangeableAttribute, String> values, String by, String reason,
                                   ActorRef<Outcome> replyTo) implements Command {
    }

    /** Delete the study softly (restorable until purged). */
    public record Delete(String by, String reason, ActorRef<Outcome> replyTo) implements Command {
    }

    /** Bring a deleted study back. */
    public record Restore(String by, ActorRef<Outcome> replyTo) implements Command {
    }

    /**
     * Remove a study deleted at or before {@code deletedBefore} for good; the reply's event lists the blobs to
     * delete, which the caller does once the event is persisted.
     */
    public record Purge(String by, Instant deletedBefore, ActorRef<Outcome> replyTo) implements Command {
    }

    /** The answer to a change of a study's life: the event persisted (null when nothing had to change), or why not. */
    public sealed interface Outcome extends JournalSerializable {
        /** Done, with the event persisted (null if there was nothing to change); named by type across nodes. */
        record Done(
            @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
            @JsonSubTypes({@JsonSubTypes.Type(value = StudyEvent.InstanceStored.class, name = "instance-stored"),
                @JsonSubTypes.Type(value = StudyEvent.InstanceReplaced.class, name = "instance-replaced"),
                @JsonSubTypes.Type(value = StudyEvent.LinkedToOrder.class, name = "linked-to-order"),
                @JsonSubTypes.Type(value = StudyEvent.AttributesChanged.class, name = "attributes-changed"),
                @JsonSubTypes.Type(value = StudyEvent.StudyDeleted.class, name = "deleted"),
                @JsonSubTypes.Type(value = StudyEvent.StudyRestored.class, name = "restored"),
                @JsonSubTypes.Type(value = StudyEvent.StudyPurged.class, name = "purged"),
                @JsonSubTypes.Type(value = StudyEvent.StudyStable.class, name = "stable")})
            StudyEvent event) implements Outcome {
        }

        record Refused(String reason) implements Outcome {
        }
    }

    /** The study as it stands. */
    /** Announce the study as stable if it has been quiet for {@code quietFor}. */
    public record MarkStable(java.time.Duration quietFor, ActorRef<Outcome> replyTo) implements Command {
    }

    public record GetStudy(ActorRef<StudyState> replyTo) implements Command {
    }

    /** The answer to {@link StoreInstance}. */
    public sealed interface StoreResult extends JournalSerializable {
        record Stored(boolean replaced) implements StoreResult {
        }

        record AlreadyStored() implements StoreResult {
        }

        record Refused(String reason) implements StoreResult {
        }
    }

    private final String studyUid;
    private final DuplicatePolicy policy;
    private final int snapshotEvery;
    private final Set<String> tags;

    private StudyEntity(String studyUid, DuplicatePolicy policy, int snapshotEvery, TagSlices slices) {
        super(persistenceId(studyUid));
        this.studyUid = studyUid;
        this.policy = policy;
        this.snapshotEvery = snapshotEvery;
        this.tags = Set.of(slices.tagOf(TAG, persistenceId(studyUid).id()));
    }

    public static PersistenceId persistenceId(String studyUid) {
        return PersistenceId.of("Study", studyUid);
    }

    public static Behavior<Command> create(String studyUid, DuplicatePolicy policy, int snapshotEvery) {
        return Behaviors.setup(ctx -> new StudyEntity(studyUid, policy, snapshotEvery,
            TagSlices.from(ctx.getSystem().settings().config())));
    }

    @Override
    public StudyState emptyState() {
        return StudyState.empty(studyUid);
    }

    @Override
    public Set<String> tagsFor(StudyEvent event) {
        return tags;
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(snapshotEvery, 2);
    }

    @Override
    public CommandHandlerWithReply<Command, StudyEvent, StudyState> commandHandler() {
        return newCommandHandlerWithReplyBuilder().forAnyState()
            .onCommand(StoreInstance.class, this::onStore)
            .onCommand(LinkToOrder.class, (state, link) -> state.orders().contains(link.accessionNumber())
                ? Effect().reply(link.replyTo(), false)
                : Effect().persist(new StudyEvent.LinkedToOrder(studyUid, link.accessionNumber(), java.time.Instant.now()))
                    .thenReply(link.replyTo(), s -> true))
            .onCommand(ChangeAttributes.class, (state, c) -> outcome(
                state.decideChange(c.values(), c.by(), c.reason(), Instant.now()), c.replyTo()))
            .onCommand(Delete.class, (state, c) -> outcome(state.decideDelete(c.by(), c.reason(), Instant.now()),
                c.replyTo()))
            .onCommand(Restore.class, (state, c) -> outcome(state.decideRestore(c.by(), Instant.now()), c.replyTo()))
            .onCommand(Purge.class, (state, c) -> outcome(state.decidePurge(c.by(), c.deletedBefore(), Instant.now()),
                c.replyTo()))
            .onCommand(MarkStable.class, (state, c) -> outcome(state.decideStable(c.quietFor(), Instant.now()),
                c.replyTo()))
            .onCommand(GetStudy.class, (state, get) -> Effect().reply(get.replyTo(), state))
            .build();
    }

    private ReplyEffect<StudyEvent, StudyState> onStore(StudyState state, StoreInstance store) {
        StudyState.Decision decision = state.decide(store.instance(), policy);
        if (decision instanceof StudyState.Decision.Persist persist) {
            boolean replaced = persist.event() instanceof StudyEvent.InstanceReplaced;
            return Effect().persist(persist.event()).thenReply(store.replyTo(), s -> new StoreResult.Stored(replaced));
        }
        if (decision instanceof StudyState.Decision.AlreadyStored) {
            // the very instance record this entity persisted (same blob, same reception): a retry of the request that
            // stored it, whose first answer was lost or late, is answered as that request would have been
            boolean retried = store.instance().equals(state.find(store.instance().sopInstanceUid()));
            return Effect().reply(store.replyTo(), retried ? new StoreResult.Stored(false) : new StoreResult.AlreadyStored());
        }
        return Effect().reply(store.replyTo(), new StoreResult.Refused(((StudyState.Decision.Refuse) decision).reason()));
    }

    private ReplyEffect<StudyEvent, StudyState> outcome(StudyState.Decision decision, ActorRef<Outcome> replyTo) {
        if (decision instanceof StudyState.Decision.Persist persist) {
            return Effect().persist(persist.event()).thenReply(replyTo, s -> new Outcome.Done(persist.event()));
        }
        if (decision instanceof StudyState.Decision.AlreadyStored) {
            return Effect().reply(replyTo, new Outcome.Done(null));
        }
        return Effect().reply(replyTo, new Outcome.Refused(((StudyState.Decision.Refuse) decision).reason()));
    }

    @Override
    public EventHandler<StudyState, StudyEvent> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onAnyEvent(StudyState::apply);
    }
}
