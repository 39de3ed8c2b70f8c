package org.cairn.scu;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DataSetBuilder;
import org.cairn.dicom.DicomPart;
import org.cairn.dicom.DicomReader;
import org.cairn.dicom.DicomStreamParser;
import org.cairn.dicom.DicomWriter;
import org.cairn.dicom.Implementation;
import org.cairn.dicom.TransferSyntax;
import org.cairn.dicom.dict.Tag;
import org.cairn.dicom.dict.UID;
import org.cairn.net.dimse.CommandField;
import org.cairn.net.dimse.Commands;
import org.cairn.net.dimse.DimsePart;
import org.cairn.net.dimse.PdvFragmenter;
import org.cairn.net.dimse.Status;
import org.cairn.net.netty.InvalidPdu;
import org.cairn.net.netty.StalledPdu;
import org.cairn.net.pdu.AbortReason;
import org.cairn.net.pdu.Pdu;
import org.cairn.net.pdu.PresentationContextRequest;
import org.cairn.net.pdu.PresentationContextResult;
import org.cairn.net.pdu.UserInformation;

/**
 * An association opened by Cairn's SCU (the requestor side of PS3.8 9.2: Sta5 awaiting A-ASSOCIATE-AC, Sta6,
 * Sta7 awaiting A-RELEASE-RP, and the release collision Sta9/Sta11). Every operation returns a
 * {@link CompletionStage} and may be called from any thread; the protocol work runs on the connection's event
 * loop. Requests beyond the negotiated asynchronous operations window wait their turn; a message's PDUs are sent
 * whole and in order, and pause while the socket is not writable, so a file is streamed with bounded memory.
 */
public final class ScuAssociation {

    /** Stores what a C-GET retrieves: given a sub-operation's C-STORE-RQ and its data set, returns a status. */
    @FunctionalInterface
    public interface StoreHandler {
        int store(DataSet command, TransferSyntax transferSyntax, byte[] dataSet);
    }

    private enum State { STA5_AWAITING_AC, STA6_ESTABLISHED, STA7_AWAITING_RP, STA11_COLLISION_AWAITING_RP, CLOSED }

    private record Accepted(String abstractSyntax, TransferSyntax transferSyntax) {
    }

    private static final class Pending {
        final CompletableFuture<DimseResponse> done = new CompletableFuture<>();
        final Consumer<DimseResponse> onPendingResponse;
        final StoreHandler storeHandler;

        Pending(Consumer<DimseResponse> onPendingResponse, StoreHandler storeHandler) {
            this.onPendingResponse = onPendingResponse;
            this.storeHandler = storeHandler;
        }
    }

    /** A message to send: its command and data set as PDUs produced lazily. */
    private final class Outgoing {
        final boolean request;
        final int messageId;
        final Pending pending;
        final Iterator<Pdu.PData> pdus;

        Outgoing(boolean request, int messageId, Pending pending, Iterator<Pdu.PData> pdus) {
            this.request = request;
            this.messageId = messageId;
            this.pending = pending;
            this.pdus = pdus;
        }
    }

    private final AssociationRequest request;
    private final CompletableFuture<ScuAssociation> established = new CompletableFuture<>();
    private final CompletableFuture<Void> released = new CompletableFuture<>();
    private final Map<Integer, Accepted> accepted = new HashMap<>();
    private final Map<Integer, Pending> pending = new HashMap<>();
    private final ArrayDeque<Outgoing> requests = new ArrayDeque<>();
    private final ArrayDeque<Outgoing> responses = new ArrayDeque<>();
    private final Incoming incoming = new Incoming();
    private Channel channel;
    private State state = State.STA5_AWAITING_AC;
    private Outgoing sending;
    private long peerMaxPdu;
    private int window = 1;
    private int nextMessageId = 1;
    private ScheduledFuture<?> artim;
    private Pdu.AssociateAccept accept;

    ScuAssociation(AssociationRequest request) {
        this.request = request;
    }

    void bind(Channel ch) {
        this.channel = ch;
    }

    ChannelInboundHandlerAdapter handler() {
        return new Handler();
    }

    CompletableFuture<ScuAssociation> established() {
        return established;
    }

    void connectFailed(Throwable cause) {
        established.completeExceptionally(new ScuException("cannot connect: " + cause.getMessage(), cause));
    }

    /** The A-ASSOCIATE-AC the acceptor sent. */
    public Pdu.AssociateAccept accept() {
        return accept;
    }

    /** Whether a presentation context for {@code abstractSyntax} (in any transfer syntax) was accepted. */
    public boolean accepts(String abstractSyntax) {
        return accepted.values().stream().anyMatch(a -> a.abstractSyntax().equals(abstractSyntax));
    }

    // ---- operations --------------------------------------------------------------------------------

    /** C-ECHO; completes with the response status. */
    public CompletionStage<Integer> echo() {
        return request(UID.Verification, null, CommandField.C_ECHO_RQ, null, null, null, null)
            .thenApply(DimseResponse::status);
    }

    /**
     * C-STORE of a Part 10 file (or raw data set), streamed from disk as it is encoded: the file's transfer syntax
     * must have been accepted for its SOP class.
     */
    public CompletionStage<DimseResponse> store(Path file) {
        Part10Header header;
        try {
            header = Part10Header.read(file);
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(new ScuException("cannot read " + file + ": " + e.getMessage(), e));
        }
        DataSet command = Commands.request(CommandField.C_STORE_RQ, 0, header.sopClass(), true);
        command.putString(Tag.AffectedSOPInstanceUID, org.cairn.dicom.Vr.UI, header.sopInstance());
        return submit(header.sopClass(), header.transferSyntax(), command,
            ctx -> fileChunks(file, header.dataSetOffset(), ctx), null, null);
    }

    /** C-STORE of a data set already encoded in {@code ts}. */
    public CompletionStage<DimseResponse> store(String sopClass, String sopInstance, TransferSyntax ts, byte[] dataSet) {
        DataSet command = Commands.request(CommandField.C_STORE_RQ, 0, sopClass, true);
        command.putString(Tag.AffectedSOPInstanceUID, org.cairn.dicom.Vr.UI, sopInstance);
        return submit(sopClass, ts, command, max -> chunks(dataSet, max), null, null);
    }

    /** C-FIND: completes with the matches (identifiers of the pending responses) once the final response is success. */
    public CompletionStage<List<DataSet>> find(String informationModel, DataSet keys) {
        List<DataSet> matches = new ArrayList<>();
        return request(informationModel, null, CommandField.C_FIND_RQ, keys, null, r -> {
            if (r.dataSet() != null) {
                matches.add(DicomReader.readDataSet(r.dataSet(), transferSyntaxOf(informationModel)));
            }
        }, null).thenApply(r -> {
            if (r.status() != Status.SUCCESS && r.status() != Status.CANCEL) {
                throw new ScuException(String.format("C-FIND failed with status %04XH", r.status()));
            }
            return matches;
        });
    }

    /** C-MOVE to {@code destination}; completes with the final response (its sub-operation counts). */
    public CompletionStage<DimseResponse> move(String informationModel, DataSet keys, String destination) {
        return request(informationModel, null, CommandField.C_MOVE_RQ, keys, destination, r -> {
        }, null);
    }

    /** C-GET; each retrieved instance arrives at {@code store} on this association. */
    public CompletionStage<DimseResponse> get(String informationModel, DataSet keys, StoreHandler store) {
        return request(informationModel, null, CommandField.C_GET_RQ, keys, null, r -> {
        }, store);
    }

    /** N-CREATE of an instance with {@code attributes} (e.g. an MPPS). */
    public CompletionStage<DimseResponse> create(String sopClass, String sopInstance, DataSet attributes) {
        return request(sopClass, sopInstance, CommandField.N_CREATE_RQ, attributes, null, null, null);
    }

    /** N-SET of {@code modifications} on an instance. */
    public CompletionStage<DimseResponse> set(String sopClass, String sopInstance, DataSet modifications) {
        return request(sopClass, sopInstance, CommandField.N_SET_RQ, modifications, null, null, null);
    }

    /** A-RELEASE: completes when the acceptor has answered and the connection is closed. */
    public CompletionStage<Void> release() {
        channel.eventLoop().execute(() -> {
            if (state == State.STA6_ESTABLISHED) {
                state = State.STA7_AWAITING_RP;
                channel.writeAndFlush(new Pdu.ReleaseRequest());
            }
        });
        return released;
    }

    /** A-ABORT: every outstanding operation fails. */
    public void abort() {
        channel.eventLoop().execute(() -> {
            if (state != State.CLOSED) {
                channel.writeAndFlush(new Pdu.Abort(AbortReason.SOURCE_SERVICE_USER, 0));
                end(new ScuException("aborted by this SCU"));
            }
        });
    }

    // ---- sending -----------------------------------------------------------------------------------

    private CompletionStage<DimseResponse> request(String abstractSyntax, String requestedInstance, CommandField field,
                                                   DataSet identifier, String moveDestination,
                                                   Consumer<DimseResponse> onPending, StoreHandler store) {
        boolean normalized = field == CommandField.N_CREATE_RQ || field == CommandField.N_SET_RQ;
        DataSet command = Commands.request(field, 0, normalized ? null : abstractSyntax, identifier != null);
        if (normalized) {
            command.putString(field == CommandField.N_CREATE_RQ ? Tag.AffectedSOPClassUID : Tag.RequestedSOPClassUID,
                org.cairn.dicom.Vr.UI, abstractSyntax);
            if (requestedInstance != null) {
                command.putString(field == CommandField.N_CREATE_RQ ? Tag.AffectedSOPInstanceUID
                    : Tag.RequestedSOPInstanceUID, org.cairn.dicom.Vr.UI, requestedInstance);
            }
        }
        if (moveDestination != null) {
            command.putString(Tag.MoveDestination, org.cairn.dicom.Vr.AE, moveDestination);
        }
        return submit(abstractSyntax, null, command, identifier == null ? null
            : max -> chunks(DicomWriter.toBytes(identifier, transferSyntaxOf(abstractSyntax)), max), onPending, store);
    }

    /** A data set as chunks of at most {@code max} bytes, produced when the sender asks for them. */
    private interface Chunks {
        Iterator<byte[]> open(int max);
    }

    private CompletionStage<DimseResponse> submit(String abstractSyntax, TransferSyntax ts, DataSet command, Chunks data,
                                                  Consumer<DimseResponse> onPending, StoreHandler store) {
        Pending p = new Pending(onPending, store);
        channel.eventLoop().execute(() -> {
            if (state != State.STA6_ESTABLISHED) {
                p.done.completeExceptionally(new ScuException("association is not established (" + state + ")"));
                return;
            }
            int context = contextFor(abstractSyntax, ts);
            if (context < 0) {
                p.done.completeExceptionally(new ScuException("no accepted presentation context for " + abstractSyntax
                    + (ts == null ? "" : " in " + ts.uid())));
                return;
            }
            int messageId = nextMessageId;
            nextMessageId = nextMessageId == 0xFFFF ? 1 : nextMessageId + 1;
            Commands.putUs(command, Tag.MessageID, messageId);
            requests.add(new Outgoing(true, messageId, p, pdus(context, command, data)));
            drain();
        });
        return p.done;
    }

    private Iterator<Pdu.PData> pdus(int context, DataSet command, Chunks data) {
        List<Pdu.PData> commandPdus = PdvFragmenter.fragment(context, true, Commands.encode(command), peerMaxPdu);
        Iterator<byte[]> chunks = data == null ? null : data.open(PdvFragmenter.maxFragment(peerMaxPdu));
        return new Iterator<>() {
            int commandIndex;

            @Override
            public boolean hasNext() {
                return commandIndex < commandPdus.size() || (chunks != null && chunks.hasNext());
            }

            @Override
            public Pdu.PData next() {
                if (commandIndex < commandPdus.size()) {
                    return commandPdus.get(commandIndex++);
                }
                byte[] chunk = chunks.next();
                return new Pdu.PData(List.of(new Pdu.Pdv(context, false, !chunks.hasNext(), chunk)));
            }
        };
    }

    /** Writes whole messages while the socket takes them: responses first, requests within the window. */
    private void drain() {
        while (channel.isActive() && channel.isWritable()) {
            if (sending == null) {
                if (!responses.isEmpty()) {
                    sending = responses.poll();
                } else if (!requests.isEmpty() && (window == 0 || pending.size() < window)) {
                    sending = requests.poll();
                    pending.put(sending.messageId, sending.pending);
                    watchForResponse(sending.messageId, sending.pending);
                } else {
                    break;
                }
            }
            try {
                if (sending.pdus.hasNext()) {
                    channel.write(sending.pdus.next());
                    continue;
                }
            } catch (UncheckedIOException | NoSuchElementException e) {
                Pending failed = sending.pending;
                sending = null;
                channel.writeAndFlush(new Pdu.Abort(AbortReason.SOURCE_SERVICE_USER, 0));
                end(new ScuException("could not read the data set to send: " + e.getMessage(), e));
                if (failed != null) {
                    failed.done.completeExceptionally(e);
                }
                return;
            }
            sending = null;
        }
        channel.flush();
    }

    /** The DIMSE timeout: a request still unanswered after it aborts the association (every request fails). */
    private void watchForResponse(int messageId, Pending p) {
        long nanos = request.dimseTimeout().toNanos();
        channel.eventLoop().schedule(() -> {
            if (pending.get(messageId) == p && state != State.CLOSED) {
                channel.writeAndFlush(new Pdu.Abort(AbortReason.SOURCE_SERVICE_USER, 0));
                end(new ScuException("no response to message " + messageId + " within "
                    + request.dimseTimeout().toMillis() + " ms"));
            }
        }, nanos, TimeUnit.NANOSECONDS);
    }

    private int contextFor(String abstractSyntax, TransferSyntax ts) {
        for (Map.Entry<Integer, Accepted> e : accepted.entrySet()) {
            if (e.getValue().abstractSyntax().equals(abstractSyntax)
                && (ts == null || e.getValue().transferSyntax().uid().equals(ts.uid()))) {
                return e.getKey();
            }
        }
        return -1;
    }

    private TransferSyntax transferSyntaxOf(String abstractSyntax) {
        return accepted.values().stream().filter(a -> a.abstractSyntax().equals(abstractSyntax))
            .map(Accepted::transferSyntax).findFirst().orElse(TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
    }

    private static Iterator<byte[]> chunks(byte[] bytes, int max) {
        return new Iterator<>() {
            int at;
            boolean emptySent;

            @Override
            public boolean hasNext() {
                return at < bytes.length || (bytes.length == 0 && !emptySent);
            }

            @Override
            public byte[] next() {
                emptySent = true;
                int n = Math.min(max, bytes.length - at);
                byte[] chunk = java.util.Arrays.copyOfRange(bytes, at, at + n);
                at += n;
                return chunk;
            }
        };
    }

    /**
     * The file's data set from {@code offset}, read one PDV at a time when the sender wants it. An odd-length data
     * set (an unpadded deflate stream) gets the one null byte of padding PS3.5 A.5 asks for.
     */
    private static Iterator<byte[]> fileChunks(Path file, long offset, int max) {
        try {
            FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
            long fileSize = in.size();
            long size = fileSize + ((fileSize - offset) & 1);
            return new Iterator<>() {
                long at = offset;

                @Override
                public boolean hasNext() {
                    boolean more = at < size;
                    if (!more) {
                        closeQuietly(in);
                    }
                    return more;
                }

                @Override
                public byte[] next() {
                    int n = (int) Math.min(max, size - at);
                    ByteBuffer buffer = ByteBuffer.allocate(n);
                    try {
                        while (buffer.hasRemaining() && at + buffer.position() < fileSize) {
                            if (in.read(buffer, at + buffer.position()) < 0) {
                                throw new IOException(file + " ended early");
                            }
                        }
                    } catch (IOException e) {
                        closeQuietly(in);
                        throw new UncheckedIOException(e);
                    }
                    at += n;
                    return buffer.array();
                }
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void closeQuietly(FileChannel in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing more to read either way
        }
    }

    // ---- receiving ---------------------------------------------------------------------------------

    private void onPdu(Pdu pdu) {
        switch (state) {
            case STA5_AWAITING_AC -> {
                cancelArtim();
                if (pdu instanceof Pdu.AssociateAccept ac) {
                    onAccept(ac);
                } else if (pdu instanceof Pdu.AssociateReject rj) {
                    established.completeExceptionally(new ScuException(String.format(
                        "association rejected: result %d, source %d, reason %d", rj.result(), rj.source(), rj.reason())));
                    end(null);
                } else {
                    protocolError(AbortReason.UNEXPECTED_PDU, "expected A-ASSOCIATE-AC, received " + name(pdu));
                }
            }
            case STA6_ESTABLISHED, STA7_AWAITING_RP, STA11_COLLISION_AWAITING_RP -> {
                if (pdu instanceof Pdu.ReleaseRequest) {
                    // In Sta6 the acceptor releases; in Sta7 both did (collision): the requestor answers first (Sta9,
                    // AR-9) and then waits for the acceptor's A-RELEASE-RP (Sta11)
                    channel.writeAndFlush(new Pdu.ReleaseResponse());
                    state = state == State.STA7_AWAITING_RP ? State.STA11_COLLISION_AWAITING_RP : State.CLOSED;
                    if (state == State.CLOSED) {
                        end(new ScuException("association released by the acceptor"));
                    }
                } else if (pdu instanceof Pdu.ReleaseResponse
                    && (state == State.STA7_AWAITING_RP || state == State.STA11_COLLISION_AWAITING_RP)) {
                    end(null);
                } else if (pdu instanceof Pdu.Abort a) {
                    end(new ScuException("association aborted by the acceptor (source " + a.source() + ", reason "
                        + a.reason() + ")"));
                } else {
                    protocolError(AbortReason.UNEXPECTED_PDU, "unexpected " + name(pdu));
                }
            }
            default -> {
            }
        }
    }

    private void onAccept(Pdu.AssociateAccept ac) {
        accept = ac;
        Map<Integer, PresentationContextRequest> proposed = new HashMap<>();
        request.contexts().forEach(pc -> proposed.put(pc.id(), pc));
        for (PresentationContextResult result : ac.presentationContexts()) {
            PresentationContextRequest pc = proposed.get(result.id());
            if (result.accepted() && pc != null && result.transferSyntax() != null) {
                accepted.put(result.id(), new Accepted(pc.abstractSyntax(), TransferSyntax.of(result.transferSyntax())));
            }
        }
        UserInformation ui = ac.userInformation();
        peerMaxPdu = ui == null ? 0 : ui.maximumLength();
        // Without the sub-item in the AC, one operation at a time (PS3.7 D.3.3.3); 0 means unlimited on both sides
        window = ui == null || ui.asyncOperations() == null ? 1
            : org.cairn.association.Negotiation.smallerWindow(request.maxOperationsInvoked(),
                ui.asyncOperations().maxInvoked());
        state = State.STA6_ESTABLISHED;
        established.complete(this);
    }

    private void protocolError(int reason, String message) {
        channel.writeAndFlush(new Pdu.Abort(AbortReason.SOURCE_SERVICE_PROVIDER, reason));
        end(new ScuException("protocol error: " + message));
    }

    /** Ends the association: fails what is outstanding (unless released cleanly) and closes the transport. */
    private void end(ScuException failure) {
        if (state == State.CLOSED && failure == null && released.isDone()) {
            return;
        }
        state = State.CLOSED;
        cancelArtim();
        ScuException cause = failure != null ? failure : new ScuException("association released");
        established.completeExceptionally(cause);
        for (Pending p : pending.values()) {
            p.done.completeExceptionally(cause);
        }
        pending.clear();
        for (Outgoing o : requests) {
            o.pending.done.completeExceptionally(cause);
        }
        requests.clear();
        if (failure == null) {
            released.complete(null);
        } else {
            released.completeExceptionally(failure);
        }
        channel.close();
    }

    private void cancelArtim() {
        if (artim != null) {
            artim.cancel(false);
            artim = null;
        }
    }

    private static String name(Pdu pdu) {
        return pdu.getClass().getSimpleName();
    }

    private void onDimse(DimsePart part) {
        if (state != State.STA6_ESTABLISHED && state != State.STA7_AWAITING_RP
            && state != State.STA11_COLLISION_AWAITING_RP) {
            protocolError(AbortReason.UNEXPECTED_PDU, "P-DATA-TF outside an established association");
        } else if (part instanceof DimsePart.Command c) {
            incoming.onCommand(c.presentationContextId(), c.command());
        } else if (part instanceof DimsePart.DataFragment f) {
            incoming.onDataFragment(f.presentationContextId(), f.bytes(), f.last());
        }
    }

    /** DIMSE messages from the acceptor: responses to our requests, C-STORE-RQs during a C-GET. */
    private final class Incoming {
        private DataSet command;
        private int context;
        private ByteArrayOutputStream data;

        void onCommand(int presentationContextId, DataSet received) {
            command = received;
            context = presentationContextId;
            if (Commands.hasDataSet(received)) {
                data = new ByteArrayOutputStream();
            } else {
                dispatch(received, presentationContextId, null);
            }
        }

        void onDataFragment(int presentationContextId, byte[] bytes, boolean last) {
            data.writeBytes(bytes);
            if (last) {
                byte[] complete = data.toByteArray();
                data = null;
                dispatch(command, context, complete);
            }
        }

        private void dispatch(DataSet received, int presentationContextId, byte[] dataSet) {
            CommandField field = Commands.commandField(received);
            if (field == CommandField.C_STORE_RQ) {
                onGetSubOperation(received, presentationContextId, dataSet);
                return;
            }
            if (!field.isResponse()) {
                protocolError(AbortReason.UNEXPECTED_PDU_PARAMETER, "unexpected " + field + " from the acceptor");
                return;
            }
            int messageId = received.getInt(Tag.MessageIDBeingRespondedTo, -1);
            Pending p = pending.get(messageId);
            if (p == null) {
                protocolError(AbortReason.UNEXPECTED_PDU_PARAMETER, "response to unknown message " + messageId);
                return;
            }
            DimseResponse response = new DimseResponse(received, dataSet);
            if (Status.isPending(response.status()) && p.onPendingResponse != null) {
                p.onPendingResponse.accept(response);
                return;
            }
            pending.remove(messageId);
            p.done.complete(response);
            drain();
        }

        private void onGetSubOperation(DataSet storeRq, int presentationContextId, byte[] dataSet) {
            Pending get = pending.values().stream().filter(p -> p.storeHandler != null).findFirst().orElse(null);
            int status;
            if (get == null) {
                status = Status.OUT_OF_RESOURCES;
            } else {
                try {
                    status = get.storeHandler.store(storeRq, accepted.get(presentationContextId).transferSyntax(), dataSet);
                } catch (RuntimeException e) {
                    status = Status.PROCESSING_FAILURE;
                }
            }
            DataSet rsp = Commands.response(storeRq, status, false);
            responses.add(new Outgoing(false, -1, null,
                PdvFragmenter.fragment(presentationContextId, true, Commands.encode(rsp), peerMaxPdu).iterator()));
            drain();
        }
    }

    private final class Handler extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            UserInformation ui = new UserInformation(request.maxPduLength(), Implementation.CLASS_UID,
                Implementation.VERSION_NAME, request.maxOperationsInvoked() == 1 ? null
                : new UserInformation.AsyncOperations(request.maxOperationsInvoked(), 1), request.roles(),
                request.extendedNegotiations(), List.of(), null, null);
            ctx.writeAndFlush(new Pdu.AssociateRequest(1, request.calledAeTitle(), request.callingAeTitle(),
                "1.2.840.10008.3.1.1.1", request.contexts(), ui));
            artim = ctx.executor().schedule(() -> {
                if (state == State.STA5_AWAITING_AC) {
                    end(new ScuException("no A-ASSOCIATE-AC within 30 s"));
                }
            }, 30, TimeUnit.SECONDS);
            ctx.fireChannelActive();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof DimsePart part) {
                    onDimse(part);
                } else if (msg instanceof Pdu pdu) {
                    onPdu(pdu);
                } else if (msg instanceof InvalidPdu invalid) {
                    protocolError(invalid.reason(), invalid.message());
                } else if (msg == StalledPdu.INSTANCE) {
                    protocolError(AbortReason.NOT_SPECIFIED, "the acceptor stalled inside a PDU");
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            drain();
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (state == State.STA7_AWAITING_RP || state == State.STA11_COLLISION_AWAITING_RP) {
                end(new ScuException("connection closed before A-RELEASE-RP"));
            } else if (state != State.CLOSED) {
                end(new ScuException("connection closed by the acceptor"));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            end(new ScuException("transport error: " + cause.getMessage(), cause));
        }
    }
}
