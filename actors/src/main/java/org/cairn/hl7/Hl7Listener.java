package org.cairn.hl7;

import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.KillSwitches;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.SharedKillSwitch;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Tcp;
import org.apache.pekko.util.ByteString;
import org.cairn.worklist.OrderFeed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HL7 v2 listener: MLLP over TCP, each connection a Pekko Stream of framing, parsing, the order feed and the
 * framed acknowledgment. Messages of one connection are answered one at a time and in order ({@code mapAsync(1)}):
 * HL7 senders wait for each acknowledgment, and an order's NW must be applied before its XO. Connections stay open
 * while idle, as interface engines keep them, and close when the peer closes; a bad frame gets an AR, never a closed
 * connection.
 */
public final class Hl7Listener {
    private static final Logger LOG = LoggerFactory.getLogger(Hl7Listener.class);

    private final Tcp.ServerBinding binding;
    private final SharedKillSwitch connections;

    private Hl7Listener(Tcp.ServerBinding binding, SharedKillSwitch connections) {
        this.binding = binding;
        this.connections = connections;
    }

    /**
     * Binds the listener.
     *
     * @param port            the TCP port, 0 for any free one (see {@link #port()})
     * @param maxMessageBytes the largest message taken; larger ones are answered AR and skipped
     * @return the listener once bound; failed if the port cannot be bound
     */
    public static CompletionStage<Hl7Listener> start(ActorSystem<?> system, String host, int port, OrderFeed feed,
                                                     int maxMessageBytes) {
        Materializer materializer = Materializer.matFromSystem(system);
        SharedKillSwitch connections = KillSwitches.shared("hl7-connections");
        Hl7Responder responder = new Hl7Responder(feed, maxMessageBytes);
        return Tcp.get(system).bind(host, port)
            .to(Sink.foreach(connection -> {
                String peer = describe(connection.remoteAddress());
                LOG.debug("HL7 connection from {}", peer);
                connection.handleWith(connectionFlow(responder, maxMessageBytes, peer, connections), materializer);
            }))
            .run(materializer)
            .thenApply(binding -> {
                LOG.info("HL7 listener (MLLP) on {}", describe(binding.localAddress()));
                return new Hl7Listener(binding, connections);
            });
    }

    /** One connection: bytes in, frames, one acknowledgment per frame, bytes out. */
    private static Flow<ByteString, ByteString, ?> connectionFlow(Hl7Responder responder, int maxMessageBytes,
                                                                  String peer, SharedKillSwitch connections) {
        return Flow.of(ByteString.class)
            .via(connections.flow())
            .statefulMap(() -> new MllpFraming(maxMessageBytes),
                (framing, bytes) -> Pair.create(framing, framing.feed(bytes.toArray())),
                framing -> Optional.empty())
            .mapConcat(frames -> frames)
            .mapAsync(1, frame -> responder.respond(frame, peer))
            .map(ack -> ByteString.fromArrayUnsafe(MllpFraming.frame(ack)))
            .watchTermination((notUsed, done) -> {
                done.whenComplete((ok, failure) -> {
                    if (failure != null) {
                        LOG.info("HL7 connection from {} ended: {}", peer, failure.toString());
                    } else {
                        LOG.debug("HL7 connection from {} closed", peer);
                    }
                });
                return notUsed;
            });
    }

    private static String describe(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }

    /** The port bound (the actual one when started with port 0). */
    public int port() {
        return binding.localAddress().getPort();
    }

    /** Stops accepting connections, then closes the open ones once their pending acknowledgments are sent. */
    public CompletionStage<?> stop() {
        return binding.unbind().thenRun(() -> connections.shutdown());
    }
}
