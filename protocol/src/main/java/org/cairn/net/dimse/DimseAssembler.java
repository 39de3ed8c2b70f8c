package org.cairn.net.dimse;

import java.io.ByteArrayOutputStream;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomException;
import org.cairn.net.pdu.AbortReason;
import org.cairn.net.pdu.Pdu;
import org.cairn.net.pdu.PduException;

/**
 * Reassembles DIMSE messages from the PDVs of P-DATA-TF PDUs (PS3.8 Annex E): a command's fragments are
 * collected (commands are small and bounded), a data set's fragments are passed on as they come, so a data set
 * of any size streams through. Protocol violations are {@link PduException}s, which the association answers
 * with A-ABORT.
 *
 * <p>Pure logic, no I/O: the association feeds it PDVs and receives {@link Listener} calls.
 */
public final class DimseAssembler {

    /** What the assembler reports. */
    public interface Listener {
        /** A complete command; when it announces a data set, {@link #onDataFragment} calls follow. */
        void onCommand(int presentationContextId, DataSet command);

        /** A fragment of the current command's data set; {@code last} ends it. */
        void onDataFragment(int presentationContextId, byte[] bytes, boolean last);
    }

    /** Commands are a few hundred bytes; this bounds what a hostile peer can make us hold. */
    public static final int MAX_COMMAND_BYTES = 64 * 1024;

    private final Listener listener;
    private ByteArrayOutputStream command;
    private int commandContext = -1;
    private int dataContext = -1;
    private boolean expectingData;

    public DimseAssembler(Listener listener) {
        this.listener = listener;
    }

    /** Whether a message is under way (a command incomplete, or its data set not finished). */
    public boolean inProgress() {
        return command != null || expectingData;
    }

    public void accept(Pdu.PData pdata) {
        for (Pdu.Pdv pdv : pdata.values()) {
            accept(pdv);
        }
    }

    public void accept(Pdu.Pdv pdv) {
        if (pdv.command()) {
            if (expectingData) {
                throw violation("command fragment while a data set was expected");
            }
            if (command == null) {
                command = new ByteArrayOutputStream();
                commandContext = pdv.presentationContextId();
            } else if (commandContext != pdv.presentationContextId()) {
                throw violation("command fragments on two presentation contexts");
            }
            if (command.size() + pdv.data().length > MAX_COMMAND_BYTES) {
                throw violation("command longer than " + MAX_COMMAND_BYTES + " bytes");
            }
            command.writeBytes(pdv.data());
            if (pdv.last()) {
                byte[] bytes = command.toByteArray();
                command = null;
                DataSet decoded;
                try {
                    decoded = Commands.decode(bytes);
                } catch (DicomException e) {
                    throw violation("unreadable command: " + e.getMessage());
                }
                expectingData = Commands.hasDataSet(decoded);
                dataContext = commandContext;
                listener.onCommand(commandContext, decoded);
            }
            return;
        }
        if (!expectingData) {
            throw violation("data fragment without a command announcing it");
        }
        if (pdv.presentationContextId() != dataContext) {
            throw violation("data set on presentation context " + pdv.presentationContextId() + ", command on "
                + dataContext);
        }
        if (pdv.last()) {
            expectingData = false;
        }
        listener.onDataFragment(pdv.presentationContextId(), pdv.data(), pdv.last());
    }

    private static PduException violation(String message) {
        return new PduException(AbortReason.UNEXPECTED_PDU_PARAMETER, message);
    }
}
