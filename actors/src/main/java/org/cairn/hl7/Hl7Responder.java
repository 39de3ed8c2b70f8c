package org.cairn.hl7;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.cairn.worklist.OrderFeed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one MLLP frame with the bytes of its acknowledgment: parse, apply through the feed, acknowledge. Whatever
 * the input, the stage completes with an acknowledgment (AR for what cannot be read, AE 207 if something inside
 * fails), because an HL7 sender waits for one before it sends the next message. Logs each message's control id,
 * type and outcome, never its content.
 */
final class Hl7Responder {
    private static final Logger LOG = LoggerFactory.getLogger(Hl7Responder.class);
    /**
     * How long a message may wait for the feed. The sender waits for our answer before sending the next message, so a
     * stuck feed would stall the connection for good; after this it gets AE 207 and resends (scheduling the same
     * order again changes nothing, so a change that lands late does no harm).
     */
    static final Duration FEED_TIMEOUT = Duration.ofSeconds(30);

    private final OrderFeed feed;
    private final int maxMessageBytes;
    /** Our control ids: unique per start-up (its time, base 36) and counted within it; 20 characters at most. */
    private final String controlIdPrefix =
        Long.toString(System.currentTimeMillis(), 36).toUpperCase(java.util.Locale.ROOT);
    private final AtomicLong controlIds = new AtomicLong();

    Hl7Responder(OrderFeed feed, int maxMessageBytes) {
        this.feed = feed;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** The acknowledgment for a frame; {@code peer} only names the sender in the log. */
    CompletionStage<byte[]> respond(MllpFrame frame, String peer) {
        try {
            if (frame instanceof MllpFrame.Oversized oversized) {
                return CompletableFuture.completedFuture(refuseOversized(oversized, peer));
            }
            return respond(((MllpFrame.Message) frame).bytes(), peer);
        } catch (RuntimeException e) {
            LOG.error("HL7 from {}: could not answer a frame", peer, e);
            return CompletableFuture.completedFuture(internalError(null));
        }
    }

    private CompletionStage<byte[]> respond(byte[] bytes, String peer) {
        Hl7Message message;
        try {
            message = Hl7Message.parse(bytes);
        } catch (Hl7Exception unreadable) {
            String controlId = unreadable.header().map(Hl7Message::controlId).orElse("");
            LOG.info("HL7 from {}: control id '{}' unreadable, AR: {}", peer, controlId, unreadable.error());
            return CompletableFuture.completedFuture(encode(
                Hl7Acks.reject(unreadable, nextControlId(), ZonedDateTime.now()), unreadable.header().orElse(null)));
        }
        CompletionStage<Hl7Outcome> outcome;
        try {
            outcome = OrderMessages.process(message, feed);
        } catch (RuntimeException e) {
            outcome = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<Hl7Outcome> bounded = outcome.toCompletableFuture().copy()
            .orTimeout(FEED_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return bounded.handle((result, failure) -> {
            try {
                if (failure != null) {
                    LOG.error("HL7 from {}: {} {} failed", peer, message.messageType(), message.controlId(), failure);
                    return internalError(message);
                }
                LOG.info("HL7 from {}: {} {} v{}, {}: {}", peer, message.messageType(), message.controlId(),
                    message.version(), result.code(), result.summary());
                return encode(Hl7Acks.acknowledge(message, result, nextControlId(), ZonedDateTime.now()), message);
            } catch (RuntimeException e) {
                LOG.error("HL7 from {}: could not acknowledge {}", peer, message.controlId(), e);
                return internalError(message);
            }
        });
    }

    private byte[] refuseOversized(MllpFrame.Oversized oversized, String peer) {
        Hl7Error error = Hl7Error.general(Hl7ErrorCode.APPLICATION_INTERNAL_ERROR, "the message has "
            + oversized.size() + " bytes, more than the " + maxMessageBytes + " this listener takes");
        Hl7Message header = null;
        try {
            // the first line alone, if it is an MSH, still tells whom to answer and which control id to quote
            header = Hl7Message.parse(oversized.head());
        } catch (Hl7Exception | RuntimeException notAnMsh) {
            // answer without it
        }
        LOG.info("HL7 from {}: control id '{}' too large ({} bytes), AR", peer,
            header == null ? "" : header.controlId(), oversized.size());
        return encode(Hl7Acks.reject(new Hl7Exception(error, header), nextControlId(), ZonedDateTime.now()), header);
    }

    private byte[] internalError(Hl7Message message) {
        Hl7Error error = Hl7Error.general(Hl7ErrorCode.APPLICATION_INTERNAL_ERROR,
            "internal error, the message may be resent");
        String ack = message == null
            ? Hl7Acks.reject(new Hl7Exception(error), nextControlId(), ZonedDateTime.now())
            : Hl7Acks.acknowledge(message, AckCode.AE, java.util.List.of(error), nextControlId(), ZonedDateTime.now());
        return encode(ack, message);
    }

    /** In the charset of the message answered (the ACK copies its MSH-18), else the default. */
    private static byte[] encode(String ack, Hl7Message answered) {
        return ack.getBytes(answered == null ? Hl7Charsets.DEFAULT : answered.charset());
    }

    private String nextControlId() {
        return controlIdPrefix + controlIds.incrementAndGet();
    }
}
