package org.cairn.net.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;
import org.cairn.net.pdu.PduCodec;
import org.cairn.net.pdu.PduException;

/**
 * The second stage: one framed PDU to a {@link org.cairn.net.pdu.Pdu} value with {@link PduCodec}; a malformed one to
 * an {@link InvalidPdu}. The frame buffer is released by the base class once decoded.
 */
public final class PduDecoder extends MessageToMessageDecoder<ByteBuf> {
    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf frame, List<Object> out) {
        try {
            out.add(PduCodec.decode(ByteBufUtil.getBytes(frame)));
        } catch (PduException e) {
            out.add(new InvalidPdu(e.abortReason(), e.getMessage()));
        }
    }
}
