package org.cairn.net.dimse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.dict.Tag;
import org.cairn.dicom.dict.UID;
import org.cairn.net.pdu.Pdu;
import org.cairn.net.pdu.PduCodec;
import org.cairn.net.pdu.PduException;
import org.junit.jupiter.api.Test;

class DimseTest {

    private final List<DataSet> commands = new ArrayList<>();
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();
    private int lastFlags;
    private final DimseAssembler assembler = new DimseAssembler(new DimseAssembler.Listener() {
        @Override
        public void onCommand(int presentationContextId, DataSet command) {
            commands.add(command);
        }

        @Override
        public void onDataFragment(int presentationContextId, byte[] bytes, boolean last) {
            data.writeBytes(bytes);
            lastFlags += last ? 1 : 0;
        }
    });

    @Test
    void commandFieldCodesAndResponses() {
        assertThat(CommandField.C_ECHO_RQ.code()).isEqualTo(0x0030);
        assertThat(CommandField.C_STORE_RQ.response()).isEqualTo(CommandField.C_STORE_RSP);
        assertThat(CommandField.of(0x8021)).isEqualTo(CommandField.C_MOVE_RSP);
        assertThat(CommandField.C_CANCEL_RQ.code()).isEqualTo(0x0FFF);
        assertThat(CommandField.values()).hasSize(23);
    }

    @Test
    void commandSetIsImplicitLittleEndianWithGroupLength() {
        byte[] bytes = Commands.encode(Commands.request(CommandField.C_ECHO_RQ, 7, UID.Verification, false));
        // (0000,0000) UL, length 4, value = bytes after this element
        assertThat(bytes[0]).isZero();
        assertThat(bytes[4]).isEqualTo((byte) 4);
        int groupLength = (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8;
        assertThat(groupLength).isEqualTo(bytes.length - 12);
        DataSet back = Commands.decode(bytes);
        assertThat(Commands.commandField(back)).isEqualTo(CommandField.C_ECHO_RQ);
        assertThat(Commands.messageId(back)).isEqualTo(7);
        assertThat(Commands.hasDataSet(back)).isFalse();
        DataSet response = Commands.response(back, Status.SUCCESS, false);
        assertThat(response.getInt(Tag.MessageIDBeingRespondedTo, -1)).isEqualTo(7);
        assertThat(Commands.describe(response)).isEqualTo("C_ECHO_RSP#7 status 0000H");
    }

    @Test
    void fragmentsAreReassembledAcrossPdus() {
        DataSet store = Commands.request(CommandField.C_STORE_RQ, 1, UID.CTImageStorage, true);
        byte[] dataSet = new byte[100_000];
        dataSet[99_999] = 42;
        for (Pdu.PData p : PdvFragmenter.fragment(3, true, Commands.encode(store), 64)) {
            assembler.accept((Pdu.PData) PduCodec.decode(PduCodec.encode(p)));
        }
        assertThat(commands).hasSize(1);
        assertThat(assembler.inProgress()).isTrue();
        List<Pdu.PData> pdus = PdvFragmenter.fragment(3, false, dataSet, 16384);
        assertThat(pdus).hasSize((int) Math.ceil(100_000 / 16378.0));
        pdus.forEach(p -> assertThat(PduCodec.encode(p).length - 6).isLessThanOrEqualTo(16384));
        pdus.forEach(assembler::accept);
        assertThat(data.toByteArray()).isEqualTo(dataSet);
        assertThat(lastFlags).isEqualTo(1);
        assertThat(assembler.inProgress()).isFalse();
    }

    @Test
    void protocolViolationsAreAbortReasons() {
        assertThatThrownBy(() -> assembler.accept(new Pdu.Pdv(1, false, true, new byte[2])))
            .isInstanceOf(PduException.class).hasMessageContaining("without a command");
        assertThatThrownBy(() -> assembler.accept(new Pdu.Pdv(1, true, true, new byte[] {1, 2, 3})))
            .isInstanceOf(PduException.class).hasMessageContaining("unreadable command");
        DataSet store = Commands.request(CommandField.C_STORE_RQ, 1, UID.CTImageStorage, true);
        DimseAssembler fresh = new DimseAssembler(assemblerListener());
        fresh.accept(new Pdu.Pdv(1, true, true, Commands.encode(store)));
        assertThatThrownBy(() -> fresh.accept(new Pdu.Pdv(3, false, true, new byte[2])))
            .isInstanceOf(PduException.class).hasMessageContaining("presentation context");
        assertThatThrownBy(() -> assembler.accept(new Pdu.Pdv(1, true, false, new byte[DimseAssembler.MAX_COMMAND_BYTES + 1])))
            .isInstanceOf(PduException.class).hasMessageContaining("longer than");
    }

    private DimseAssembler.Listener assemblerListener() {
        return new DimseAssembler.Listener() {
            @Override
            public void onCommand(int presentationContextId, DataSet command) {
            }

            @Override
            public void onDataFragment(int presentationContextId, byte[] bytes, boolean last) {
            }
        };
    }
}
