package org.cairn.association;

import org.apache.pekko.actor.typed.ActorRef;
import org.cairn.net.pdu.Pdu;

/**
 * The transport as an association actor sees it. Nothing is read from the peer until the actor asks: that is how
 * a busy association (or a slow stream behind it) slows its sender down instead of filling the heap.
 */
public interface PduChannel {
    /** Directs what arrives to {@code association}; call before the first {@link #readNext()}. */
    void attach(ActorRef<AssociationActor.Command> association);

    /** Reads from the socket until at least one more PDU (or an invalid one, or the end) has been delivered. */
    void readNext();

    /** Sends a PDU, in order with the ones sent before. */
    void send(Pdu pdu);

    /**
     * Sends PDUs in order, flushed to the socket together: a response's command and data set leave in one write
     * rather than one system call and one TCP segment each.
     */
    default void send(java.util.List<? extends Pdu> pdus) {
        pdus.forEach(this::send);
    }

    /**
     * Runs {@code action} once the transport can take more output (at once if it can now, or when it has closed):
     * how a long data set sent by this side is paced to the peer's reading instead of piling up in memory.
     */
    void whenWritable(Runnable action);

    /** Closes the transport; the actor then receives {@link AssociationActor.Signal#TRANSPORT_CLOSED}. */
    void close();

    /** The peer's address, for logs. */
    String remote();

    /**
     * The peer's IP address, which allow-list entries with a host are matched against; null when the transport
     * does not tell, and then only entries without a host admit the peer.
     */
    default java.net.InetAddress remoteAddress() {
        return null;
    }
}
