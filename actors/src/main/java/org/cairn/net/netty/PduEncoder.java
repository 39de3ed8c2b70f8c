package org.cairn.net.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;
import org.cairn.net.pdu.Pdu;
import org.cairn.net.pdu.PduCodec;

/** Writes PDUs with {@link PduCodec}. */
public final class PduEncoder extends MessageToByteEncoder<Pdu> {
    @Override
    protected void encode(ChannelHandlerContext ctx, Pdu pdu, ByteBuf out) {
        out.writeBytes(PduCodec.encode(pdu));
    }
}
