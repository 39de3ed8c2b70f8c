package org.cairn.hl7;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The Minimal Lower Layer Protocol's framing (HL7 v2.5.1 Appendix C.4): each message is sent as 0x0B, the message,
 * 0x1C, 0x0D. This is a push decoder for a TCP byte stream, which arrives in arbitrary chunks: bytes outside a frame
 * (stray CRs, keep-alive noise) are dropped, and a message over the size limit is dropped as it comes and reported,
 * so that the sender can be told and the stream picks up again at the next start block.
 *
 * <p>The end block alone ends a frame; the CR after it is not waited for, because it carries nothing and some senders
 * leave it out. A start block inside a frame means the sender gave up on that frame: it is dropped and a new one
 * begins. One instance per connection; not thread-safe.
 */
public final class MllpFraming {
    public static final byte START_BLOCK = 0x0B;
    public static final byte END_BLOCK = 0x1C;
    public static final byte CARRIAGE_RETURN = 0x0D;
    /** How much of an oversized frame's first line is kept for its refusal. */
    public static final int HEAD_LIMIT = 1024;

    private final int maxMessageBytes;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private boolean inFrame;
    /** Bytes of the current frame, counted on even after it went over the limit. */
    private long frameSize;
    /** The first line of the current frame, once it went over the limit. */
    private byte[] head;

    public MllpFraming(int maxMessageBytes) {
        if (maxMessageBytes < 1) {
            throw new IllegalArgumentException("maxMessageBytes must be positive: " + maxMessageBytes);
        }
        this.maxMessageBytes = maxMessageBytes;
    }

    /** Takes the next chunk of the stream; returns the frames it completed, in order (often none). */
    public List<MllpFrame> feed(byte[] chunk) {
        return feed(chunk, 0, chunk.length);
    }

    /** Takes {@code length} bytes of {@code chunk} from {@code offset}. */
    public List<MllpFrame> feed(byte[] chunk, int offset, int length) {
        List<MllpFrame> frames = new ArrayList<>(1);
        int runStart = -1; // start of a run of message bytes within this chunk, copied in one go
        for (int i = offset; i < offset + length; i++) {
            byte b = chunk[i];
            if (b == START_BLOCK) {
                if (inFrame) {
                    flushRun(chunk, runStart, i);
                    abandonFrame(frames);
                }
                runStart = i + 1;
                inFrame = true;
                frameSize = 0;
                head = null;
                buffer.reset();
            } else if (!inFrame) {
                continue; // outside a frame: noise, or the CR after an end block
            } else if (b == END_BLOCK) {
                flushRun(chunk, runStart, i);
                runStart = -1;
                frames.add(frameSize > maxMessageBytes
                    ? new MllpFrame.Oversized(frameSize, head) : new MllpFrame.Message(buffer.toByteArray()));
                head = null;
                inFrame = false;
                buffer.reset();
            } else if (runStart < 0) {
                runStart = i;
            }
        }
        if (inFrame) {
            flushRun(chunk, runStart, offset + length);
        }
        return frames;
    }

    /** Adds message bytes [from, to) to the frame, or only counts them once it is over the limit. */
    private void flushRun(byte[] chunk, int from, int to) {
        if (from < 0 || to <= from) {
            return;
        }
        int count = to - from;
        frameSize += count;
        if (frameSize > maxMessageBytes) {
            if (head == null) {
                head = firstLine(chunk, from, count);
            }
            buffer.reset(); // too large: stop holding it (the buffer never grows past the limit), keep counting
        } else {
            buffer.write(chunk, from, count);
        }
    }

    /** The frame's first line (up to CR or LF, at most HEAD_LIMIT bytes): what is buffered, then the new run. */
    private byte[] firstLine(byte[] chunk, int from, int count) {
        ByteArrayOutputStream line = new ByteArrayOutputStream(Math.min(HEAD_LIMIT, buffer.size() + count));
        byte[] buffered = buffer.toByteArray();
        for (int i = 0; i < buffered.length + count && line.size() < HEAD_LIMIT; i++) {
            byte b = i < buffered.length ? buffered[i] : chunk[from + i - buffered.length];
            if (b == '\r' || b == '\n') {
                break;
            }
            line.write(b);
        }
        return line.toByteArray();
    }

    /** A new start block inside a frame: the oversized part is still reported, a partial message is dropped. */
    private void abandonFrame(List<MllpFrame> frames) {
        if (frameSize > maxMessageBytes) {
            frames.add(new MllpFrame.Oversized(frameSize, head));
        }
    }

    /** Whether part of a frame has been read and not yet completed. */
    public boolean inFrame() {
        return inFrame;
    }

    /** One message framed for sending. */
    public static byte[] frame(byte[] message) {
        byte[] framed = new byte[message.length + 3];
        framed[0] = START_BLOCK;
        System.arraycopy(message, 0, framed, 1, message.length);
        framed[message.length + 1] = END_BLOCK;
        framed[message.length + 2] = CARRIAGE_RETURN;
        return framed;
    }
}
