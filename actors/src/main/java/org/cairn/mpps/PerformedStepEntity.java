package org.cairn.mpps;

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
import org.cairn.dicom.DicomJson;
import org.cairn.journal.JournalSerializable;

/**
 * One Modality Performed Procedure Step (keyed by its SOP Instance UID) as an event-sourced entity: N-CREATE and N-SET
 * are decided by {@link PerformedStepState} and answered once the event is persisted.
 */
public final class PerformedStepEntity
    extends EventSourcedBehaviorWithEnforcedReplies<PerformedStepEntity.Command, PerformedStepEvent, PerformedStepState> {

    public static final String TAG = "mpps";

    public sealed interface Command extends JournalSerializable {
    }

    /** N-CREATE with the attributes as DICOM JSON. */
    public record Create(String attributesJson, String callingAeTitle, ActorRef<Result> replyTo) implements Command {
    }

    /** N-SET of the modifications as DICOM JSON. */
    public record Modify(String modificationsJson, String callingAeTitle, ActorRef<Result> replyTo) implements Command {
    }

    /** The answer: the step as it now stands, or the refusal. */
    public sealed interface Result extends JournalSerializable {
        record Done(PerformedStepState state) implements Result {
        }

        record Refused(Refusal refusal) implements Result {
        }
    }

    private final String sopInstanceUid;
    private final Set<String> tags;

    private PerformedStepEntity(String sopInstanceUid, TagSlices slices) {
        super(PersistenceId.of("Mpps", sopInstanceUid));
        this.sopInstanceUid = sopInstanceUid;
        this.tags = Set.of(slices.tagOf(TAG, PersistenceId.of("Mpps", sopInstanceUid).id()));
    }

    public static Behavior<Command> create(String sopInstanceUid) {
        return Behaviors.setup(ctx -> new PerformedStepEntity(sopInstanceUid,
            TagSlices.from(ctx.getSystem().settings().config())));
    }

    @Override
    public PerformedStepState emptyState() {
        return PerformedStepState.empty(sopInstanceUid);
    }

    @Override
    public Set<String> tagsFor(PerformedStepEvent event) {
        return tags;
    }

    @Override
    public CommandHandlerWithReply<Command, PerformedStepEvent, PerformedStepState> commandHandler() {
        return newCommandHandlerWithReplyBuilder().forAnyState()
            .onCommand(Create.class, (state, c) -> reply(state.create(
                DicomJson.fromJson(c.attributesJson(), uri -> null), c.callingAeTitle(), Instant.now()), state, c.replyTo()))
            .onCommand(Modify.class, (state, m) -> reply(state.set(
                DicomJson.fromJson(m.modificationsJson(), uri -> null), m.callingAeTitle(), Instant.now()), state,
                m.replyTo()))
            .build();
    }

    private ReplyEffect<PerformedStepEvent, PerformedStepState> reply(PerformedStepState.Decision decision,
                                                                      PerformedStepState state, ActorRef<Result> replyTo) {
        if (decision instanceof PerformedStepState.Decision.Persist persist) {
            return Effect().persist(persist.event()).thenReply(replyTo, Result.Done::new);
        }
        return Effect().reply(replyTo, new Result.Refused(((PerformedStepState.Decision.Refuse) decision).refusal()));
    }

    @Override
    public EventHandler<PerformedStepState, PerformedStepEvent> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onAnyEvent(PerformedStepState::apply);
    }
}
