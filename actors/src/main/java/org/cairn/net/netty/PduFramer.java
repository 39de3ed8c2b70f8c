package org.cairn.net.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.cairn.net.pdu.AbortReason;
import org.cairn.net.pdu.PduCodec;

/**
 * The first stage: frames PDUs by their 6-byte header (type, reserved, 32-bit big-endian length) and passes each
 * whole PDU on as a buffer. A length over the limit or an unknown type becomes an {@link InvalidPdu} value rather
 * than an exception, and nothing further is framed on that connection. A PDU that starts arriving and is still
 * incomplete after the read timeout becomes {@link StalledPdu}.
 */
public final class PduFramer extends ByteToMessageDecoder {
    private final int maxDataPdu;
    private final int maxOtherPdu;
    private final long stallNanos;
    private boolean failed;
    private ScheduledFuture<?> stallCheck;
    private long lastProgress;

    public PduFramer(int maxDataPdu, int maxOtherPdu, Duration pduReadTimeout) {
        this.maxDataPdu = maxDataPdu;
        this.maxOtherPdu = maxOtherPdu;
        this.stallNanos = pduReadTimeout.toNanos();
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        while (in.readableBytes() >= PduCodec.HEADER_LENGTH) {
            int start = in.readerIndex();
            int type = in.getUnsignedByte(start);
            long length = in.getUnsignedInt(start + 2);
            if (type < PduCodec.A_ASSOCIATE_RQ || type > PduCodec.A_ABORT) {
                fail(in, out, new InvalidPdu(AbortReason.UNRECOGNIZED_PDU, String.format("unknown PDU type %02XH", type)));
                return;
            }
            long max = type == PduCodec.P_DATA_TF ? maxDataPdu : maxOtherPdu;
            if (length > max) {
                fail(in, out, new InvalidPdu(AbortReason.INVALID_PDU_PARAMETER_VALUE,
                    "PDU of " + length + " bytes exceeds the maximum of " + max));
                return;
            }
            int total = PduCodec.HEADER_LENGTH + (int) length;
            if (in.readableBytes() < total) {
                break;
            }
            out.add(in.readRetainedSlice(total));
        }
        watchForStall(ctx, in.isReadable());
    }

    private void fail(ByteBuf in, List<Object> out, InvalidPdu invalid) {
        failed = true;
        in.skipBytes(in.readableBytes());
        out.add(invalid);
        cancelStallCheck();
    }

    /**
     * Watches a partial PDU: the stall clock measures time since bytes last arrived, not since the PDU began, so a
     * long transfer that keeps making progress is never taken for a stalled one.
     */
    private void watchForStall(ChannelHandlerContext ctx, boolean partial) {
        lastProgress = System.nanoTime();
        if (!partial) {
            cancelStallCheck();
        } else if (stallCheck == null) {
            scheduleStallCheck(ctx, stallNanos);
        }
    }

    private void scheduleStallCheck(ChannelHandlerContext ctx, long delayNanos) {
        stallCheck = ctx.executor().schedule(() -> {
            stallCheck = null;
            if (failed || !internalBuffer().isReadable()) {
                return;
            }
            long idle = System.nanoTime() - lastProgress;
            if (idle >= stallNanos) {
                failed = true;
                ctx.fireChannelRead(StalledPdu.INSTANCE);
            } else {
                scheduleStallCheck(ctx, stallNanos - idle);
            }
        }, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void cancelStallCheck() {
        if (stallCheck != null) {
            stallCheck.cancel(false);
            stallCheck = null;
        }
    }

    @Override
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        cancelStallCheck();
    }
}
