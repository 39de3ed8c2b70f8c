package org.cairn.net.dimse;

import org.cairn.dicom.DataElement;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomException;
import org.cairn.dicom.DicomReader;
import org.cairn.dicom.DicomWriter;
import org.cairn.dicom.TransferSyntax;
import org.cairn.dicom.Values;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.Tag;

/**
 * DIMSE command sets (group 0000): always implicit VR little endian with the Command Group Length (PS3.7 6.3.1),
 * built and read through the data codec.
 */
public final class Commands {
    /** Command Data Set Type value meaning "no data set follows" (PS3.7 E.1). */
    public static final int NO_DATA_SET = 0x0101;
    public static final int PRIORITY_MEDIUM = 0x0000;

    private Commands() {
    }

    /** The command's bytes, with (0000,0000) computed. */
    public static byte[] encode(DataSet command) {
        DataSet withLength = new DataSet();
        command.forEach(withLength::put);
        withLength.put(DataElement.of(Tag.CommandGroupLength, Vr.UL, new byte[4])); // recomputed by the writer
        return DicomWriter.toBytes(withLength, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
    }

    /** Reads a command set; a malformed one, or one without a Command Field, is a {@link DicomException}. */
    public static DataSet decode(byte[] bytes) {
        DataSet command = DicomReader.readDataSet(bytes, TransferSyntax.IMPLICIT_VR_LITTLE_ENDIAN);
        if (commandField(command) == null) {
            throw new DicomException("(0000,0100)", -1, "command without a known Command Field");
        }
        return command;
    }

    public static CommandField commandField(DataSet command) {
        return CommandField.of(command.getInt(Tag.CommandField, -1));
    }

    public static int messageId(DataSet command) {
        return command.getInt(Tag.MessageID, -1);
    }

    public static int status(DataSet command) {
        return command.getInt(Tag.Status, -1);
    }

    /** Whether a data set follows the command (Command Data Set Type other than 0101H). */
    public static boolean hasDataSet(DataSet command) {
        return command.getInt(Tag.CommandDataSetType, NO_DATA_SET) != NO_DATA_SET;
    }

    /** A request: command field, message ID, affected SOP class, and whether a data set follows. */
    public static DataSet request(CommandField field, int messageId, String affectedSopClass, boolean dataSet) {
        DataSet c = new DataSet();
        if (affectedSopClass != null) {
            c.putString(Tag.AffectedSOPClassUID, Vr.UI, affectedSopClass);
        }
        putUs(c, Tag.CommandField, field.code());
        putUs(c, Tag.MessageID, messageId);
        if (field == CommandField.C_STORE_RQ || field == CommandField.C_FIND_RQ || field == CommandField.C_MOVE_RQ
            || field == CommandField.C_GET_RQ) {
            putUs(c, Tag.Priority, PRIORITY_MEDIUM);
        }
        putUs(c, Tag.CommandDataSetType, dataSet ? 0x0000 : NO_DATA_SET);
        return c;
    }

    /** The response to {@code request} with {@code status}: same SOP class and instance, message ID echoed. */
    public static DataSet response(DataSet request, int status, boolean dataSet) {
        CommandField field = commandField(request).response();
        DataSet c = new DataSet();
        String sopClass = request.getString(Tag.AffectedSOPClassUID);
        if (sopClass != null) {
            c.putString(Tag.AffectedSOPClassUID, Vr.UI, sopClass);
        }
        putUs(c, Tag.CommandField, field.code());
        putUs(c, Tag.MessageIDBeingRespondedTo, messageId(request));
        putUs(c, Tag.CommandDataSetType, dataSet ? 0x0000 : NO_DATA_SET);
        putUs(c, Tag.Status, status);
        String sopInstance = request.getString(Tag.AffectedSOPInstanceUID);
        if (sopInstance != null) {
            c.putString(Tag.AffectedSOPInstanceUID, Vr.UI, sopInstance);
        }
        return c;
    }

    /** A failure response to {@code request} with {@code status} and an Error Comment (LO: 64 characters, no '\\'). */
    public static DataSet failure(DataSet request, int status, String reason) {
        DataSet c = response(request, status, false);
        String comment = reason.replace('\\', '/');
        c.putString(Tag.ErrorComment, Vr.LO, comment.length() > 64 ? comment.substring(0, 64) : comment);
        return c;
    }

    public static void putUs(DataSet c, int tag, int value) {
        byte[] v = new byte[2];
        Values.putUint16(v, 0, value, false);
        c.put(DataElement.of(tag, Vr.US, v));
    }

    /** For logs: the command field and message ID. */
    public static String describe(DataSet command) {
        CommandField field = commandField(command);
        int id = field != null && field.isResponse() ? command.getInt(Tag.MessageIDBeingRespondedTo, -1)
            : messageId(command);
        return field + "#" + id + (field != null && field.isResponse()
            ? String.format(" status %04XH", status(command)) : "");
    }
}
