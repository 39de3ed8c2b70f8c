package org.cairn.node;

import java.nio.ByteBuffer;
import kamon.Kamon;
import kamon.metric.Counter;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.remote.artery.RemoteInstrument;

/**
 * Counts the messages and bytes this node exchanges with other cluster members (Artery's instrument hook), as
 * {@code cairn.cluster.remote.messages} and {@code cairn.cluster.remote.bytes} tagged by direction and message class:
 * what a cluster costs per stored instance, in messages, is read from here. Writes no metadata into messages.
 */
public final class RemoteTraffic extends RemoteInstrument {
    private static final Counter SENT = Kamon.counter("cairn.cluster.remote.messages").withTag("direction", "sent");
    private static final Counter RECEIVED = Kamon.counter("cairn.cluster.remote.messages")
        .withTag("direction", "received");
    private static final Counter BYTES_SENT = Kamon.counter("cairn.cluster.remote.bytes").withTag("direction", "sent");
    private static final Counter BYTES_RECEIVED = Kamon.counter("cairn.cluster.remote.bytes")
        .withTag("direction", "received");

    /** Artery creates its instruments with the actor system. */
    public RemoteTraffic(ExtendedActorSystem system) {
    }

    @Override
    public byte identifier() {
        return 17; // any of 8 to 31: 0 to 7 are Pekko's own
    }

    @Override
    public void remoteWriteMetadata(ActorRef recipient, Object message, ActorRef sender, ByteBuffer buffer) {
    }

    @Override
    public void remoteMessageSent(ActorRef recipient, Object message, ActorRef sender, int size, long time) {
        SENT.increment();
        BYTES_SENT.increment(size);
    }

    @Override
    public void remoteReadMetadata(ActorRef recipient, Object message, ActorRef sender, ByteBuffer buffer) {
    }

    @Override
    public void remoteMessageReceived(ActorRef recipient, Object message, ActorRef sender, int size, long time) {
        RECEIVED.increment();
        BYTES_RECEIVED.increment(size);
    }
}
