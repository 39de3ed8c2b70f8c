package org.cairn.net.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.cairn.association.AssociationActor;
import org.cairn.association.PduChannel;
import org.cairn.net.dimse.DimsePart;
import org.cairn.net.pdu.AbortReason;
import org.cairn.net.pdu.Pdu;

/**
 * The last stage of the pipeline: only forwards, to the connection's association actor, what the decoders
 * produced (PDUs, DIMSE parts, invalid input), and offers the actor the channel as a {@link PduChannel}.
 * Auto-read is off: the actor pulls.
 */
public final class AssociationHandler extends ChannelInboundHandlerAdapter implements PduChannel {
    private final Consumer<PduChannel> spawnAssociation;
    private volatile ActorRef<AssociationActor.Command> association;
    private Channel channel;
    /** Actions waiting for the channel to drain below its high-water mark. */
    private final java.util.Queue<Runnable> waitingForWritable = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** {@code spawnAssociation} starts an association actor for a new connection (and must not block). */
    public AssociationHandler(Consumer<PduChannel> spawnAssociation) {
        this.spawnAssociation = spawnAssociation;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        spawnAssociation.accept(this);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            ActorRef<AssociationActor.Command> target = association;
            if (target == null) {
                return; // cannot happen: reads start only after attach
            }
            if (msg instanceof DimsePart part) {
                target.tell(new AssociationActor.DimseReceived(part));
            } else if (msg instanceof Pdu pdu) {
                target.tell(new AssociationActor.PduReceived(pdu));
            } else if (msg instanceof InvalidPdu invalid) {
                target.tell(new AssociationActor.InvalidPduReceived(invalid.reason(), invalid.message()));
            } else if (msg == StalledPdu.INSTANCE) {
                target.tell(AssociationActor.Signal.PDU_STALLED);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            runWaiting();
        }
        ctx.fireChannelWritabilityChanged();
    }

    private void runWaiting() {
        for (Runnable action = waitingForWritable.poll(); action != null; action = waitingForWritable.poll()) {
            action.run();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        runWaiting(); // waiters learn that the association is gone when they next send
        ActorRef<AssociationActor.Command> target = association;
        if (target != null) {
            target.tell(AssociationActor.Signal.TRANSPORT_CLOSED);
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ActorRef<AssociationActor.Command> target = association;
        if (target != null) {
            target.tell(new AssociationActor.InvalidPduReceived(AbortReason.NOT_SPECIFIED,
                "transport error: " + cause));
        } else {
            ctx.close();
        }
    }

    // ---- PduChannel, called by the actor -------------------------------------------------------------

    @Override
    public void attach(ActorRef<AssociationActor.Command> actor) {
        this.association = actor;
    }

    @Override
    public java.net.InetAddress remoteAddress() {
        return channel != null && channel.remoteAddress() instanceof java.net.InetSocketAddress a ? a.getAddress() : null;
    }

    @Override
    public void readNext() {
        channel.read();
    }

    @Override
    public void send(Pdu pdu) {
        channel.writeAndFlush(pdu);
    }

    @Override
    public void send(java.util.List<? extends Pdu> pdus) {
        for (Pdu pdu : pdus) {
            channel.write(pdu, channel.voidPromise());
        }
        channel.flush();
    }

    @Override
    public void whenWritable(Runnable action) {
        if (channel.isWritable() || !channel.isActive()) {
            action.run();
            return;
        }
        waitingForWritable.add(action);
        if (channel.isWritable() || !channel.isActive()) {
            runWaiting(); // it drained (or closed) between the check and the queueing
        }
    }

    @Override
    public void close() {
        channel.close();
    }

    @Override
    public String remote() {
        return String.valueOf(channel.remoteAddress());
    }
}
