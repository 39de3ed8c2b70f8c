package org.cairn.association;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.TransferSyntax;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.Tag;
import org.cairn.net.dimse.CommandField;
import org.cairn.net.dimse.Commands;
import org.cairn.net.dimse.DimsePart;
import org.cairn.net.dimse.PdvFragmenter;
import org.cairn.net.dimse.Status;
import org.cairn.net.pdu.AbortReason;
import org.cairn.net.pdu.Pdu;
import org.cairn.net.pdu.PduException;
import org.cairn.net.pdu.PresentationContextRequest;
import org.cairn.net.pdu.PresentationContextResult;
import org.cairn.net.pdu.UserInformation;

/**
 * One DICOM association, acceptor side: the PS3.8 9.2 state machine from Sta2 (transport open, awaiting
 * A-ASSOCIATE-RQ) through Sta6 (established) to Sta13 (awaiting transport close), with the ARTIM timer, an idle
 * timeout and a stalled-PDU abort. Input is pulled one read at a time; the pipeline has already assembled
 * P-DATA-TF into DIMSE commands and data set fragments, which are dispatched to the {@link DimseService}s of the
 * registry.
 */
public final class AssociationActor extends AbstractBehavior<AssociationActor.Command> {

    /** What an association receives. */
    public sealed interface Command {
    }

    /** A decoded PDU from the peer. */
    public record PduReceived(Pdu pdu) implements Command {
    }

    /** A DIMSE command or data set fragment, assembled from P-DATA-TF PDUs by the pipeline. */
    public record DimseReceived(DimsePart part) implements Command {
    }

    /** Input that is not a valid PDU; answered with A-ABORT (service provider, {@code reason}). */
    public record InvalidPduReceived(int reason, String message) implements Command {
    }

    /** Transport and timer events. */
    public enum Signal implements Command {
        TRANSPORT_CLOSED, ARTIM_EXPIRED, IDLE_EXPIRED, PDU_STALLED
    }

    private record SendResponse(int presentationContextId, DataSet command, byte[] dataSet) implements Command {
    }

    /** Part of a request this side originates: its command, or a chunk of its data set; {@code sent} once written. */
    private record SendRequestPart(int presentationContextId, boolean command, byte[] bytes, boolean last,
                                   CompletableFuture<Void> sent) implements Command {
    }

    /** Data set bytes per message when this side sends a request: a few PDUs, paced by the transport. */
    private static final int REQUEST_CHUNK = 64 * 1024;

    private enum ResumeReading implements Command {
        INSTANCE
    }

    /** The user authenticator has answered (or failed, or run out of time). */
    private record IdentityChecked(UserIdentityVerdict verdict) implements Command {
    }

    /**
     * The states of PS3.8 Table 9-10 an acceptor passes through. Sta3 (awaiting the local A-ASSOCIATE response)
     * lasts while a user identity is verified; nothing is read from the peer meanwhile.
     */
    enum State {
        STA2_AWAITING_ASSOCIATE_RQ, STA3_AWAITING_LOCAL_RESPONSE, STA6_ESTABLISHED, STA13_AWAITING_CLOSE
    }

    private final PduChannel channel;
    private final AssociationSettings settings;
    private final ServiceRegistry services;
    private final AssociationLimits limits;
    private final TimerScheduler<Command> timers;
    private final Map<Integer, Accepted> contexts = new HashMap<>();
    /** Options agreed by SOP Class Extended Negotiation, by SOP class. */
    private final Map<String, QueryRetrieveOptions> options = new HashMap<>();
    private final Dispatch dispatch;
    private State state = State.STA2_AWAITING_ASSOCIATE_RQ;
    private Pdu.AssociateRequest request;
    /** What this association may do, once accepted: every request is checked against it. */
    private Set<DimsePermission> permissions = Set.of();
    /** The verified user, or null. */
    private String username;
    private String slotHolder;
    private long peerMaxPdu;
    private DimseService current;
    private DataSetConsumer consumer;
    /** The context of the message in progress, which its data set fragments are handed with. */
    private Context currentContext;
    /** The actor's thread while it runs a service, so that an answer given at once skips the mailbox. */
    private Thread dispatching;
    /** Pauses services asked for that are still in force: no reading from the peer while there are any. */
    private int pauses;
    /** Requests this side sent (C-GET sub-operations), by Message ID, waiting for the peer's response. */
    private final Map<Integer, CompletableFuture<DataSet>> awaitingResponse = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger nextMessageId = new java.util.concurrent.atomic.AtomicInteger(1);

    private record Accepted(String abstractSyntax, TransferSyntax transferSyntax) {
    }

    public static Behavior<Command> create(PduChannel channel, AssociationSettings settings, ServiceRegistry services,
                                           AssociationLimits limits) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
            new AssociationActor(ctx, timers, channel, settings, services, limits)));
    }

    private AssociationActor(ActorContext<Command> context, TimerScheduler<Command> timers, PduChannel channel,
                             AssociationSettings settings, ServiceRegistry services, AssociationLimits limits) {
        super(context);
        this.timers = timers;
        this.channel = channel;
        this.settings = settings;
        this.services = services;
        this.limits = limits;
        this.dispatch = new Dispatch();
        timers.startSingleTimer(Signal.ARTIM_EXPIRED, Signal.ARTIM_EXPIRED, settings.artimTimeout());
        channel.attach(context.getSelf());
        channel.readNext();
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
            .onMessage(PduReceived.class, m -> onPdu(m.pdu()))
            .onMessage(DimseReceived.class, m -> onDimse(m.part()))
            .onMessage(InvalidPduReceived.class, this::onInvalid)
            .onMessage(SendResponse.class, this::onSendResponse)
            .onMessage(SendRequestPart.class, this::onSendRequestPart)
            .onMessage(IdentityChecked.class, this::onIdentityChecked)
            .onMessageEquals(ResumeReading.INSTANCE, this::onResumeReading)
            .onMessageEquals(Signal.TRANSPORT_CLOSED, this::onTransportClosed)
            .onMessageEquals(Signal.ARTIM_EXPIRED, this::onArtimExpired)
            .onMessageEquals(Signal.IDLE_EXPIRED, () -> abort("idle for " + settings.idleTimeout().toSeconds() + " s",
                AbortReason.NOT_SPECIFIED))
            .onMessageEquals(Signal.PDU_STALLED, () -> abort("PDU incomplete after "
                + settings.pduReadTimeout().toSeconds() + " s", AbortReason.NOT_SPECIFIED))
            .onSignal(PostStop.class, s -> onStop())
            .build();
    }

    private Behavior<Command> onPdu(Pdu pdu) {
        switch (state) {
            case STA2_AWAITING_ASSOCIATE_RQ -> {
                if (pdu instanceof Pdu.AssociateRequest rq) {
                    return onAssociateRequest(rq);
                }
                return abort("expected A-ASSOCIATE-RQ, received " + name(pdu), AbortReason.UNEXPECTED_PDU);
            }
            case STA3_AWAITING_LOCAL_RESPONSE -> {
                // not read while verifying: a PDU here would be the transport's mistake, answered as PS3.8 AA-8
                return abort("unexpected " + name(pdu) + " before the association was answered",
                    AbortReason.UNEXPECTED_PDU);
            }
            case STA6_ESTABLISHED -> {
                timers.startSingleTimer(Signal.IDLE_EXPIRED, Signal.IDLE_EXPIRED, settings.idleTimeout());
                if (pdu instanceof Pdu.ReleaseRequest) {
                    // AR-2, AR-4: the acceptor agrees at once, then waits for the requestor to close (Sta13)
                    getContext().getLog().debug("{} released by {}", channel.remote(), request.callingAeTitle());
                    channel.send(new Pdu.ReleaseResponse());
                    return awaitClose();
                }
                if (pdu instanceof Pdu.Abort abort) {
                    getContext().getLog().info("{} aborted by peer {} (source {}, reason {})", channel.remote(),
                        request.callingAeTitle(), abort.source(), abort.reason());
                    channel.close();
                    return Behaviors.stopped();
                }
                return abort("unexpected " + name(pdu) + " on an established association", AbortReason.UNEXPECTED_PDU);
            }
            default -> {
                // Sta13: the peer should close; PDUs are ignored (AA-6), except a new A-ASSOCIATE-RQ (AA-7)
                if (pdu instanceof Pdu.AssociateRequest) {
                    channel.send(new Pdu.Abort(AbortReason.SOURCE_SERVICE_PROVIDER, AbortReason.UNEXPECTED_PDU));
                }
                if (pdu instanceof Pdu.Abort) {
                    channel.close();
                    return Behaviors.stopped();
                }
                channel.readNext();
                return this;
            }
        }
    }

    private Behavior<Command> onDimse(DimsePart part) {
        if (state == State.STA13_AWAITING_CLOSE) {
            channel.readNext();
            return this;
        }
        if (state != State.STA6_ESTABLISHED) {
            return abort("P-DATA-TF before the association was established", AbortReason.UNEXPECTED_PDU);
        }
        timers.startSingleTimer(Signal.IDLE_EXPIRED, Signal.IDLE_EXPIRED, settings.idleTimeout());
        try {
            if (part instanceof DimsePart.Command c) {
                dispatch.onCommand(c.presentationContextId(), c.command());
            } else if (part instanceof DimsePart.DataFragment f) {
                dispatch.onDataFragment(f.presentationContextId(), f.bytes(), f.last());
            }
        } catch (PduException e) {
            return abort(e.getMessage(), e.abortReason());
        }
        readUnlessPaused();
        return this;
    }

    private void readUnlessPaused() {
        if (pauses == 0) {
            channel.readNext();
        }
    }

    private Behavior<Command> onResumeReading() {
        pauses--;
        if (state == State.STA6_ESTABLISHED || state == State.STA13_AWAITING_CLOSE) {
            readUnlessPaused();
        }
        return this;
    }

    private Behavior<Command> onAssociateRequest(Pdu.AssociateRequest rq) {
        timers.cancel(Signal.ARTIM_EXPIRED);
        request = rq;
        Optional<Negotiation.Outcome.Rejected> screened =
            Negotiation.screen(rq, channel.remoteAddress(), settings);
        if (screened.isPresent()) {
            return reject(rq, screened.get());
        }
        UserIdentityPolicy identityPolicy = settings.access().userIdentity();
        UserInformation.UserIdentity identity = rq.userInformation() == null ? null
            : rq.userInformation().userIdentity();
        Optional<UserIdentityPolicy.Credentials> credentials = identityPolicy.credentials(identity);
        if (credentials.isEmpty()) {
            return answer(rq, identityPolicy.unverifiable(identity));
        }
        // The authenticator may hash a password or ask a database: off the association's thread, bounded in time
        state = State.STA3_AWAITING_LOCAL_RESPONSE;
        UserIdentityPolicy.Credentials c = credentials.get();
        Executor blocking = getContext().getSystem().dispatchers().lookup(DispatcherSelector.blocking());
        CompletableFuture<Optional<Set<String>>> verified = CompletableFuture
            .supplyAsync(() -> settings.userAuthenticator().verify(c.username(), c.passcode()), blocking)
            .orTimeout(settings.artimTimeout().toMillis(), TimeUnit.MILLISECONDS);
        getContext().pipeToSelf(verified, (roles, failure) -> {
            // the passcode is needed no longer: it should not sit in memory for the association's lifetime
            Arrays.fill(identity.secondaryField(), (byte) 0);
            return new IdentityChecked(UserIdentityPolicy.verdict(c, roles, failure));
        });
        return this;
    }

    private Behavior<Command> onIdentityChecked(IdentityChecked checked) {
        if (state != State.STA3_AWAITING_LOCAL_RESPONSE) {
            return this;
        }
        if (checked.verdict() instanceof UserIdentityVerdict.NotVerified n) {
            getContext().getLog().warn("{} user identity from {} not verified{}: {}", channel.remote(),
                request.callingAeTitle(), n.username() == null ? "" : " (user " + n.username() + ")", n.why());
        }
        return answer(request, checked.verdict());
    }

    private Behavior<Command> reject(Pdu.AssociateRequest rq, Negotiation.Outcome.Rejected rejected) {
        getContext().getLog().info("{} association from {} to {} rejected: {}", channel.remote(),
            rq.callingAeTitle(), rq.calledAeTitle(), rejected.why());
        channel.send(rejected.reject());
        return awaitClose();
    }

    /** The local A-ASSOCIATE response: accept or reject, now that everything it depends on is known. */
    private Behavior<Command> answer(Pdu.AssociateRequest rq, UserIdentityVerdict identity) {
        Negotiation.Outcome outcome = Negotiation.negotiate(rq, channel.remoteAddress(), settings, services, identity);
        if (outcome instanceof Negotiation.Outcome.Rejected rejected) {
            return reject(rq, rejected);
        }
        if (!limits.tryAcquire(rq.callingAeTitle())) {
            getContext().getLog().warn("{} association from {} rejected: association limit reached ({} open)",
                channel.remote(), rq.callingAeTitle(), limits.open());
            channel.send(Negotiation.overLimit());
            return awaitClose();
        }
        slotHolder = rq.callingAeTitle();
        NodeMetrics.OPEN_ASSOCIATIONS.increment();
        Negotiation.Outcome.Accepted accepted = (Negotiation.Outcome.Accepted) outcome;
        Pdu.AssociateAccept ac = accepted.accept();
        permissions = accepted.permissions();
        username = accepted.username();
        Map<Integer, PresentationContextRequest> proposed = new HashMap<>();
        rq.presentationContexts().forEach(pc -> proposed.put(pc.id(), pc));
        for (PresentationContextResult result : ac.presentationContexts()) {
            if (result.accepted()) {
                contexts.put(result.id(), new Accepted(proposed.get(result.id()).abstractSyntax(),
                    TransferSyntax.of(result.transferSyntax())));
            }
        }
        peerMaxPdu = rq.userInformation() == null ? 0 : rq.userInformation().maximumLength();
        if (ac.userInformation() != null) {
            ac.userInformation().extendedNegotiations().forEach(e ->
                options.put(e.sopClassUid(), QueryRetrieveOptions.of(e.applicationInformation())));
        }
        channel.send(ac);
        state = State.STA6_ESTABLISHED;
        getContext().getLog().debug("{} association {} -> {} established{}, {} of {} contexts accepted, may {}",
            channel.remote(), rq.callingAeTitle(), rq.calledAeTitle(), username == null ? "" : " for user " + username,
            contexts.size(), rq.presentationContexts().size(), permissions);
        timers.startSingleTimer(Signal.IDLE_EXPIRED, Signal.IDLE_EXPIRED, settings.idleTimeout());
        channel.readNext();
        return this;
    }

    private Behavior<Command> onInvalid(InvalidPduReceived invalid) {
        if (state == State.STA13_AWAITING_CLOSE) {
            channel.close();
            return Behaviors.stopped();
        }
        return abort(invalid.message(), invalid.reason());
    }

    /** Sends A-ABORT (service provider) and waits for the peer to close, at most the ARTIM time. */
    private Behavior<Command> abort(String why, int reason) {
        getContext().getLog().info("{} aborting association{}: {}", channel.remote(),
            request == null ? "" : " from " + request.callingAeTitle(), why);
        channel.send(new Pdu.Abort(AbortReason.SOURCE_SERVICE_PROVIDER, reason));
        return awaitClose();
    }

    private Behavior<Command> awaitClose() {
        state = State.STA13_AWAITING_CLOSE;
        timers.cancel(Signal.IDLE_EXPIRED);
        timers.startSingleTimer(Signal.ARTIM_EXPIRED, Signal.ARTIM_EXPIRED, settings.artimTimeout());
        channel.readNext(); // to see the peer's close
        return this;
    }

    private Behavior<Command> onArtimExpired() {
        if (state == State.STA2_AWAITING_ASSOCIATE_RQ) {
            getContext().getLog().info("{} sent no A-ASSOCIATE-RQ within {} s: closing", channel.remote(),
                settings.artimTimeout().toSeconds());
        }
        channel.close();
        return Behaviors.stopped();
    }

    private Behavior<Command> onTransportClosed() {
        if (state == State.STA6_ESTABLISHED) {
            getContext().getLog().info("{} connection from {} closed without release", channel.remote(),
                request.callingAeTitle());
        }
        return Behaviors.stopped();
    }

    private Behavior<Command> onSendResponse(SendResponse response) {
        if (state != State.STA6_ESTABLISHED) {
            return this; // the association ended while the service worked: nobody to answer
        }
        java.util.List<Pdu.PData> pdus = new java.util.ArrayList<>(PdvFragmenter.fragment(
            response.presentationContextId(), true, Commands.encode(response.command()), peerMaxPdu));
        if (response.dataSet() != null) {
            pdus.addAll(PdvFragmenter.fragment(response.presentationContextId(), false, response.dataSet(), peerMaxPdu));
        }
        channel.send(pdus);
        return this;
    }

    private Behavior<Command> onSendRequestPart(SendRequestPart part) {
        if (state != State.STA6_ESTABLISHED) {
            part.sent().completeExceptionally(new java.io.IOException("the association has ended"));
            return this;
        }
        for (Pdu.PData pdu : PdvFragmenter.fragment(part.presentationContextId(), part.command(), part.bytes(),
            peerMaxPdu, part.last())) {
            channel.send(pdu);
        }
        channel.whenWritable(() -> part.sent().complete(null));
        return this;
    }

    private Behavior<Command> onStop() {
        awaitingResponse.values().forEach(f -> f.completeExceptionally(new java.io.IOException("the association has ended")));
        if (slotHolder != null) {
            limits.release(slotHolder);
            NodeMetrics.OPEN_ASSOCIATIONS.decrement();
            slotHolder = null;
        }
        channel.close();
        return this;
    }

    private static String name(Pdu pdu) {
        return pdu.getClass().getSimpleName();
    }

    /** Routes DIMSE messages to services, on the actor's thread. */
    private final class Dispatch {
        void onCommand(int presentationContextId, DataSet command) {
            Accepted accepted = contexts.get(presentationContextId);
            if (accepted == null) {
                throw new PduException(AbortReason.UNEXPECTED_PDU_PARAMETER,
                    "message on presentation context " + presentationContextId + ", which was not accepted");
            }
            CommandField field = Commands.commandField(command);
            if (field.isResponse()) {
                CompletableFuture<DataSet> waiting = awaitingResponse.remove(
                    command.getInt(Tag.MessageIDBeingRespondedTo, -1));
                if (waiting == null || Commands.hasDataSet(command)) {
                    throw new PduException(AbortReason.UNEXPECTED_PDU_PARAMETER, "unexpected " + field);
                }
                consumer = null;
                waiting.complete(command);
                return;
            }
            current = services.serviceFor(accepted.abstractSyntax());
            Context context = new Context(presentationContextId, accepted.transferSyntax());
            currentContext = context;
            DimsePermission needed = DimsePermission.requiredFor(accepted.abstractSyntax());
            if (field != CommandField.C_CANCEL_RQ && !permissions.contains(needed)) {
                consumer = refuse(context, command, needed);
                return;
            }
            dispatching = Thread.currentThread();
            consumer = null;
            try {
                consumer = current.onCommand(context, command);
            } catch (RuntimeException e) {
                getContext().getLog().error("{} {} failed in {}", channel.remote(), Commands.describe(command),
                    current.getClass().getSimpleName(), e);
                if (field != CommandField.C_CANCEL_RQ) {
                    context.respond(Commands.response(command, Status.PROCESSING_FAILURE, false), null);
                }
            } finally {
                dispatching = null;
            }
        }

        /**
         * The second line behind the negotiation (a storage context accepted for C-GET's sub-operations carries no
         * C-STORE of the peer's own): a request the association may not make is answered 0124H "Refused: Not
         * Authorized", after its data set, which is read and dropped.
         */
        private DataSetConsumer refuse(Context context, DataSet command, DimsePermission needed) {
            getContext().getLog().warn("{} {} from {}{} refused: no {} permission", channel.remote(),
                Commands.describe(command), request.callingAeTitle(), username == null ? "" : " (user " + username + ")",
                needed.configName());
            DataSet refusal = Commands.failure(command, DimsePermission.REFUSED_NOT_AUTHORIZED,
                "not authorized to " + needed.configName());
            // N-SET, N-GET, N-ACTION and N-DELETE name their instance as requested; the response names it as affected
            String requestedClass = command.getString(Tag.RequestedSOPClassUID);
            if (requestedClass != null && refusal.getString(Tag.AffectedSOPClassUID) == null) {
                refusal.putString(Tag.AffectedSOPClassUID, Vr.UI, requestedClass);
            }
            String requestedInstance = command.getString(Tag.RequestedSOPInstanceUID);
            if (requestedInstance != null && refusal.getString(Tag.AffectedSOPInstanceUID) == null) {
                refusal.putString(Tag.AffectedSOPInstanceUID, Vr.UI, requestedInstance);
            }
            if (!Commands.hasDataSet(command)) {
                context.respond(refusal, null);
                return null;
            }
            return (ctx, fragment, last) -> {
                if (last) {
                    ctx.respond(refusal, null);
                }
            };
        }

        void onDataFragment(int presentationContextId, byte[] bytes, boolean last) {
            if (consumer == null) {
                // A data set the service does not take (e.g. a C-ECHO with one): the message cannot be answered
                throw new PduException(AbortReason.UNEXPECTED_PDU_PARAMETER, current.getClass().getSimpleName()
                    + " takes no data set with this message");
            }
            dispatching = Thread.currentThread();
            try {
                consumer.onFragment(currentContext, bytes, last);
            } catch (RuntimeException e) {
                throw new PduException(AbortReason.UNEXPECTED_PDU_PARAMETER, current.getClass().getSimpleName()
                    + " failed on a data set fragment: " + e);
            } finally {
                dispatching = null;
                if (last) {
                    consumer = null;
                }
            }
        }
    }

    private final class Context implements DimseContext {
        private final int presentationContextId;
        private final TransferSyntax transferSyntax;

        Context(int presentationContextId, TransferSyntax transferSyntax) {
            this.presentationContextId = presentationContextId;
            this.transferSyntax = transferSyntax;
        }

        @Override
        public String callingAeTitle() {
            return request.callingAeTitle();
        }

        @Override
        public String calledAeTitle() {
            return request.calledAeTitle();
        }

        @Override
        public String username() {
            return username;
        }

        @Override
        public int presentationContextId() {
            return presentationContextId;
        }

        @Override
        public QueryRetrieveOptions queryRetrieveOptions() {
            Accepted accepted = contexts.get(presentationContextId);
            return accepted == null ? QueryRetrieveOptions.NONE
                : options.getOrDefault(accepted.abstractSyntax(), QueryRetrieveOptions.NONE);
        }

        @Override
        public String associationId() {
            return getContext().getSelf().path().name();
        }

        @Override
        public int acceptedContext(String abstractSyntax, String transferSyntaxUid) {
            for (Map.Entry<Integer, Accepted> c : contexts.entrySet()) {
                if (c.getValue().abstractSyntax().equals(abstractSyntax)
                    && c.getValue().transferSyntax().uid().equals(transferSyntaxUid)) {
                    return c.getKey();
                }
            }
            return -1;
        }

        @Override
        public CompletionStage<DataSet> sendRequest(int pcId, DataSet command, java.io.InputStream dataSet)
            throws java.io.IOException {
            int messageId = nextMessageId.getAndUpdate(id -> id == 0xFFFF ? 1 : id + 1);
            Commands.putUs(command, Tag.MessageID, messageId);
            CompletableFuture<DataSet> response = new CompletableFuture<>();
            awaitingResponse.put(messageId, response);
            ActorRef<Command> self = getContext().getSelf();
            try {
                awaitSent(self, new SendRequestPart(pcId, true, Commands.encode(command), true, new CompletableFuture<>()));
                byte[] chunk = dataSet.readNBytes(REQUEST_CHUNK);
                while (true) {
                    byte[] next = dataSet.readNBytes(REQUEST_CHUNK);
                    // the last chunk is sent as the data set's last fragment
                    awaitSent(self, new SendRequestPart(pcId, false, chunk, next.length == 0, new CompletableFuture<>()));
                    if (next.length == 0) {
                        break;
                    }
                    chunk = next;
                }
            } catch (java.io.IOException | RuntimeException e) {
                awaitingResponse.remove(messageId);
                throw e;
            }
            return response;
        }

        /** Hands a part to the actor and waits until it is written and the transport can take more. */
        private void awaitSent(ActorRef<Command> self, SendRequestPart part) throws java.io.IOException {
            self.tell(part);
            try {
                part.sent().get(10, java.util.concurrent.TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while sending");
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                throw new java.io.IOException("could not send to " + channel.remote() + ": " + e.getMessage(), e);
            }
        }

        @Override
        public TransferSyntax transferSyntax() {
            return transferSyntax;
        }

        @Override
        public Runnable pauseReading() {
            pauses++;
            AtomicBoolean resumed = new AtomicBoolean();
            return () -> {
                if (resumed.compareAndSet(false, true)) {
                    getContext().getSelf().tell(ResumeReading.INSTANCE);
                }
            };
        }

        @Override
        public void respond(DataSet responseCommand, byte[] dataSet) {
            SendResponse response = new SendResponse(presentationContextId, responseCommand, dataSet);
            if (Thread.currentThread() == dispatching) {
                onSendResponse(response); // answered while the actor runs the service: no need for a mailbox trip
            } else {
                getContext().getSelf().tell(response);
            }
        }
    }
}
