package org.cairn.query;

import java.util.Set;
import org.cairn.dicom.dict.Tag;

/**
 * Which Query/Retrieve level an attribute belongs to (PS3.4 C.6.1.1 and C.6.2.1): the Patient IE's attributes
 * (group 0010, but for the patient's age, size, weight, occupation and history, which describe the patient at
 * the time of a study), the Study and Series attributes the standard lists, and everything else at the image
 * level. Computed attributes count at the level they describe.
 */
public final class AttributeLevels {
    private static final Set<Integer> PATIENT_EXTRA = Set.of(Tag.NumberOfPatientRelatedStudies,
        Tag.NumberOfPatientRelatedSeries, Tag.NumberOfPatientRelatedInstances);
    private static final Set<Integer> STUDY = Set.of(Tag.StudyDate, Tag.StudyTime, Tag.AccessionNumber,
        Tag.IssuerOfAccessionNumberSequence, Tag.StudyID, Tag.StudyInstanceUID, Tag.ReferringPhysicianName,
        Tag.StudyDescription, Tag.ProcedureCodeSequence, Tag.NameOfPhysiciansReadingStudy,
        Tag.AdmittingDiagnosesDescription, Tag.ReferencedStudySequence, Tag.ReferencedPatientSequence,
        Tag.PatientAge, Tag.PatientSize, Tag.PatientWeight, Tag.Occupation, Tag.AdditionalPatientHistory,
        Tag.OtherStudyNumbers, Tag.NumberOfStudyRelatedSeries, Tag.NumberOfStudyRelatedInstances,
        Tag.ModalitiesInStudy, Tag.SOPClassesInStudy, Tag.InstitutionName, Tag.StudyStatusID);
    private static final Set<Integer> SERIES = Set.of(Tag.Modality, Tag.SeriesNumber, Tag.SeriesInstanceUID,
        Tag.NumberOfSeriesRelatedInstances, Tag.SeriesDescription, Tag.BodyPartExamined, Tag.SeriesDate,
        Tag.SeriesTime, Tag.PerformedProcedureStepStartDate, Tag.PerformedProcedureStepStartTime,
        Tag.RequestAttributesSequence, Tag.Laterality, Tag.ProtocolName, Tag.OperatorsName,
        Tag.PerformingPhysicianName, Tag.StationName, Tag.InstitutionalDepartmentName, Tag.Manufacturer,
        Tag.ManufacturerModelName, Tag.FrameOfReferenceUID, Tag.PatientPosition);
    private static final Set<Integer> PATIENT_AT_STUDY = Set.of(Tag.PatientAge, Tag.PatientSize, Tag.PatientWeight,
        Tag.Occupation, Tag.AdditionalPatientHistory);
    /** Keys that steer the query rather than match: never filtered on, answered by the SCP. */
    private static final Set<Integer> CONTROL = Set.of(Tag.QueryRetrieveLevel, Tag.SpecificCharacterSet,
        Tag.RetrieveAETitle, Tag.InstanceAvailability, Tag.TimezoneOffsetFromUTC);

    private AttributeLevels() {
    }

    public static QueryLevel levelOf(int tag) {
        if (STUDY.contains(tag)) {
            return QueryLevel.STUDY;
        }
        if (PATIENT_EXTRA.contains(tag) || (tag >>> 16) == 0x0010 && !PATIENT_AT_STUDY.contains(tag)) {
            return QueryLevel.PATIENT;
        }
        if (SERIES.contains(tag)) {
            return QueryLevel.SERIES;
        }
        return QueryLevel.IMAGE;
    }

    public static boolean isControl(int tag) {
        return CONTROL.contains(tag);
    }

    /** The unique key of a level (PS3.4 C.6.1.1.1 and C.6.2.1.1). */
    public static int uniqueKey(QueryLevel level) {
        return switch (level) {
            case PATIENT -> Tag.PatientID;
            case STUDY -> Tag.StudyInstanceUID;
            case SERIES -> Tag.SeriesInstanceUID;
            case IMAGE -> Tag.SOPInstanceUID;
        };
    }
}
