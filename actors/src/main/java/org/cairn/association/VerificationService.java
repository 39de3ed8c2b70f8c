package org.cairn.association;

import java.util.Set;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.dict.UID;
import org.cairn.net.dimse.CommandField;
import org.cairn.net.dimse.Commands;
import org.cairn.net.dimse.Status;

/** The Verification SOP Class as SCP (PS3.4 Annex A): every C-ECHO-RQ gets a success response. */
public final class VerificationService implements DimseService {

    @Override
    public Set<String> sopClasses() {
        return Set.of(UID.Verification);
    }

    @Override
    public DataSetConsumer onCommand(DimseContext context, DataSet command) {
        int status = Commands.commandField(command) == CommandField.C_ECHO_RQ ? Status.SUCCESS
            : Status.UNRECOGNIZED_OPERATION;
        context.respond(Commands.response(command, status, false), null);
        return null;
    }
}
