package org.cairn.worklist;

import org.cairn.dicom.DataElement;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.Tag;

/**
 * An order as the Modality Worklist hands it out: the attributes of PS3.4 Table K.6-1 (Scheduled Procedure Step,
 * Requested Procedure, Imaging Service Request, Visit and Patient), Type 2 ones zero length when the order has no
 * value. Text is UTF-8 (ISO_IR 192), since names arrive from HL7, FHIR and REST in any script. Pure.
 */
public final class WorklistItems {
    private WorklistItems() {
    }

    public static DataSet toDataSet(Order order, OrderStatus status) {
        DataSet item = new DataSet();
        item.putString(Tag.SpecificCharacterSet, Vr.CS, "ISO_IR 192");
        text(item, Tag.AccessionNumber, Vr.SH, order.accessionNumber());
        text(item, Tag.ReferringPhysicianName, Vr.PN, order.referringPhysicianName());
        item.put(DataElement.sequence(Tag.ReferencedStudySequence, Vr.SQ, false, false));
        item.put(DataElement.sequence(Tag.ReferencedPatientSequence, Vr.SQ, false, false));
        Patient p = order.patient();
        text(item, Tag.PatientName, Vr.PN, p.name());
        text(item, Tag.PatientID, Vr.LO, p.id());
        if (p.issuer() != null && !p.issuer().isEmpty()) {
            text(item, Tag.IssuerOfPatientID, Vr.LO, p.issuer());
        }
        text(item, Tag.PatientBirthDate, Vr.DA, p.birthDate());
        text(item, Tag.PatientSex, Vr.CS, p.sex());
        text(item, Tag.StudyInstanceUID, Vr.UI, order.studyInstanceUid());
        text(item, Tag.RequestingPhysician, Vr.PN, order.requestingPhysician());
        text(item, Tag.RequestedProcedureDescription, Vr.LO, order.requestedProcedureDescription());
        code(item, Tag.RequestedProcedureCodeSequence, order.requestedProcedureCode());
        text(item, Tag.AdmissionID, Vr.LO, order.admissionId());
        item.put(step(item, order.step(), status));
        text(item, Tag.RequestedProcedureID, Vr.SH, order.requestedProcedureId());
        text(item, Tag.RequestedProcedurePriority, Vr.SH, order.priority());
        text(item, Tag.PlacerOrderNumberImagingServiceRequest, Vr.LO, order.placerOrderNumber());
        text(item, Tag.FillerOrderNumberImagingServiceRequest, Vr.LO, order.fillerOrderNumber());
        return item;
    }

    private static DataElement step(DataSet parent, ScheduledStep s, OrderStatus status) {
        DataElement sequence = DataElement.sequence(Tag.ScheduledProcedureStepSequence, Vr.SQ, false, false);
        DataSet step = new DataSet(parent);
        text(step, Tag.Modality, Vr.CS, s.modality());
        text(step, Tag.ScheduledStationAETitle, Vr.AE, s.stationAeTitle());
        text(step, Tag.ScheduledProcedureStepStartDate, Vr.DA, s.startDate());
        text(step, Tag.ScheduledProcedureStepStartTime, Vr.TM, s.startTime());
        text(step, Tag.ScheduledPerformingPhysicianName, Vr.PN, s.performingPhysicianName());
        text(step, Tag.ScheduledProcedureStepDescription, Vr.LO, s.description());
        code(step, Tag.ScheduledProtocolCodeSequence, s.protocolCode());
        text(step, Tag.ScheduledProcedureStepID, Vr.SH, s.stepId());
        text(step, Tag.ScheduledStationName, Vr.SH, s.stationName());
        text(step, Tag.ScheduledProcedureStepLocation, Vr.SH, s.location());
        text(step, Tag.ScheduledProcedureStepStatus, Vr.CS, status.stepStatus());
        sequence.items().add(step);
        return sequence;
    }

    private static void code(DataSet parent, int tag, Code code) {
        DataElement sequence = DataElement.sequence(tag, Vr.SQ, false, false);
        if (code != null) {
            DataSet item = new DataSet(parent);
            text(item, Tag.CodeValue, Vr.SH, code.value());
            text(item, Tag.CodingSchemeDesignator, Vr.SH, code.scheme());
            text(item, Tag.CodeMeaning, Vr.LO, code.meaning());
            sequence.items().add(item);
        }
        parent.put(sequence);
    }

    private static void text(DataSet into, int tag, Vr vr, String value) {
        into.putString(tag, vr, value == null ? "" : value);
    }
}
