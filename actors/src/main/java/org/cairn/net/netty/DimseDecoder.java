package org.cairn.net.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;
import org.cairn.dicom.DataSet;
import org.cairn.net.dimse.DimseAssembler;
import org.cairn.net.dimse.DimsePart;
import org.cairn.net.pdu.Pdu;
import org.cairn.net.pdu.PduException;

/**
 * The third stage: P-DATA-TF PDUs to DIMSE commands and data set fragments ({@link DimsePart}s), through
 * {@link DimseAssembler}; every other PDU passes through. A protocol violation in the PDVs becomes an
 * {@link InvalidPdu}, after which nothing more is assembled.
 */
public final class DimseDecoder extends MessageToMessageDecoder<Pdu> {
    private List<Object> out;
    private boolean failed;
    private final DimseAssembler assembler = new DimseAssembler(new DimseAssembler.Listener() {
        @Override
        public void onCommand(int presentationContextId, DataSet command) {
            out.add(new DimsePart.Command(presentationContextId, command));
        }

        @Override
        public void onDataFragment(int presentationContextId, byte[] bytes, boolean last) {
            out.add(new DimsePart.DataFragment(presentationContextId, bytes, last));
        }
    });

    @Override
    protected void decode(ChannelHandlerContext ctx, Pdu pdu, List<Object> parts) {
        if (!(pdu instanceof Pdu.PData data)) {
            parts.add(pdu);
            return;
        }
        if (failed) {
            return;
        }
        out = parts;
        try {
            assembler.accept(data);
        } catch (PduException e) {
            failed = true;
            parts.add(new InvalidPdu(e.abortReason(), e.getMessage()));
        } finally {
            out = null;
        }
    }
}
