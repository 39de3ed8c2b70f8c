package org.cairn.mpps;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.cairn.dicom.DataElement;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.Tag;
import org.junit.jupiter.api.Test;

/** PS3.4 F.7.2 as pure rules: what N-CREATE and N-SET may do, with the statuses the standard names. */
class PerformedStepStateTest {
    private static final Instant T = Instant.parse("2027-01-05T08:30:00Z");

    /** An N-CREATE data set as a modality sends it (Table F.7.2-1, Type 1 and 2 attributes). */
    static DataSet inProgress(String accession, String studyUid) {
        DataSet ds = new DataSet();
        DataElement ssa = DataElement.sequence(Tag.ScheduledStepAttributesSequence, Vr.SQ, false, false);
        DataSet item = new DataSet(ds).putString(Tag.StudyInstanceUID, Vr.UI, studyUid)
            .putString(Tag.AccessionNumber, Vr.SH, accession).putString(Tag.RequestedProcedureID, Vr.SH, "RP1")
            .putString(Tag.ScheduledProcedureStepID, Vr.SH, "SPS1");
        ssa.items().add(item);
        ds.put(ssa);
        ds.putString(Tag.PatientName, Vr.PN, "Doe^Jane").putString(Tag.PatientID, Vr.LO, "P1")
            .putString(Tag.PerformedProcedureStepID, Vr.SH, "PPS1").putString(Tag.PerformedStationAETitle, Vr.AE, "CT01")
            .putString(Tag.PerformedProcedureStepStartDate, Vr.DA, "20270105")
            .putString(Tag.PerformedProcedureStepStartTime, Vr.TM, "083000")
            .putString(Tag.PerformedProcedureStepStatus, Vr.CS, "IN PROGRESS").putString(Tag.Modality, Vr.CS, "CT")
            .putString(Tag.StudyID, Vr.SH, "1").putString(Tag.PerformedProcedureStepEndDate, Vr.DA, "")
            .putString(Tag.PerformedProcedureStepEndTime, Vr.TM, "");
        ds.put(DataElement.sequence(Tag.PerformedSeriesSequence, Vr.SQ, false, false));
        return ds;
    }

    /** The N-SET that completes a step: end date and time, and one performed series. */
    static DataSet completed(String status) {
        DataSet ds = new DataSet().putString(Tag.PerformedProcedureStepStatus, Vr.CS, status)
            .putString(Tag.PerformedProcedureStepEndDate, Vr.DA, "20270105")
            .putString(Tag.PerformedProcedureStepEndTime, Vr.TM, "084500");
        DataElement series = DataElement.sequence(Tag.PerformedSeriesSequence, Vr.SQ, false, false);
        series.items().add(new DataSet(ds).putString(Tag.SeriesInstanceUID, Vr.UI, "1.2.3.4")
            .putString(Tag.ProtocolName, Vr.LO, "Chest"));
        return ds.put(series);
    }

    private static PerformedStepState created() {
        var d = (PerformedStepState.Decision.Persist) PerformedStepState.empty("1.2.9")
            .create(inProgress("A1", "1.2.3"), "CT01", T);
        return PerformedStepState.empty("1.2.9").apply(d.event());
    }

    private static Refusal refusal(PerformedStepState.Decision d) {
        assertThat(d).isInstanceOf(PerformedStepState.Decision.Refuse.class);
        return ((PerformedStepState.Decision.Refuse) d).refusal();
    }

    @Test
    void createStartsTheStepOnce() {
        PerformedStepState step = created();
        assertThat(step.status()).isEqualTo("IN PROGRESS");
        assertThat(step.attributes().getString(Tag.PerformedStationAETitle)).isEqualTo("CT01");
        assertThat(refusal(step.create(inProgress("A1", "1.2.3"), "CT01", T)).status())
            .isEqualTo(Refusal.DUPLICATE_SOP_INSTANCE);
    }

    @Test
    void createMustBeInProgressWithTheRequiredAttributes() {
        DataSet completedAtOnce = inProgress("A1", "1.2.3").putString(Tag.PerformedProcedureStepStatus, Vr.CS, "COMPLETED");
        Refusal wrongStatus = refusal(PerformedStepState.empty("1.2.9").create(completedAtOnce, "CT01", T));
        assertThat(wrongStatus.status()).isEqualTo(Refusal.INVALID_ATTRIBUTE_VALUE);
        assertThat(wrongStatus.attributes()).containsExactly(Tag.PerformedProcedureStepStatus);

        DataSet noModality = inProgress("A1", "1.2.3");
        noModality.remove(Tag.Modality);
        Refusal missing = refusal(PerformedStepState.empty("1.2.9").create(noModality, "CT01", T));
        assertThat(missing.status()).isEqualTo(Refusal.MISSING_ATTRIBUTE);
        assertThat(missing.attributes()).containsExactly(Tag.Modality);

        DataSet emptyId = inProgress("A1", "1.2.3").putString(Tag.PerformedProcedureStepID, Vr.SH, "");
        assertThat(refusal(PerformedStepState.empty("1.2.9").create(emptyId, "CT01", T)).status())
            .isEqualTo(Refusal.MISSING_ATTRIBUTE_VALUE);
    }

    @Test
    void setCompletesAndThenNothingMoreMayChange() {
        var d = (PerformedStepState.Decision.Persist) created().set(completed("COMPLETED"), "CT01", T);
        PerformedStepState done = created().apply(d.event());
        assertThat(done.status()).isEqualTo("COMPLETED");
        assertThat(done.attributes().getString(Tag.PerformedProcedureStepEndTime)).isEqualTo("084500");
        assertThat(done.attributes().getString(Tag.PatientID)).isEqualTo("P1"); // kept from the create
        Refusal late = refusal(done.set(completed("COMPLETED"), "CT01", T));
        assertThat(late.status()).isEqualTo(Refusal.PROCESSING_FAILURE);
        assertThat(late.errorId()).isEqualTo(Refusal.MAY_NO_LONGER_BE_UPDATED);
        assertThat(late.comment()).isEqualTo("Performed Procedure Step Object may no longer be updated");
    }

    @Test
    void setRefusesAttributesThatMayNotChangeAndBadStatuses() {
        DataSet repatient = new DataSet().putString(Tag.PatientID, Vr.LO, "P2")
            .putString(Tag.PerformedProcedureStepDescription, Vr.LO, "ok to change");
        Refusal notAllowed = refusal(created().set(repatient, "CT01", T));
        assertThat(notAllowed.status()).isEqualTo(Refusal.NO_SUCH_ATTRIBUTE);
        assertThat(notAllowed.attributes()).containsExactly(Tag.PatientID);

        Refusal badStatus = refusal(created().set(new DataSet().putString(Tag.PerformedProcedureStepStatus, Vr.CS,
            "FINISHED"), "CT01", T));
        assertThat(badStatus.status()).isEqualTo(Refusal.INVALID_ATTRIBUTE_VALUE);

        DataSet noSeries = completed("COMPLETED");
        noSeries.remove(Tag.PerformedSeriesSequence);
        Refusal emptySeries = refusal(created().set(noSeries, "CT01", T));
        assertThat(emptySeries.status()).isEqualTo(Refusal.MISSING_ATTRIBUTE_VALUE);
        assertThat(emptySeries.attributes()).containsExactly(Tag.PerformedSeriesSequence);

        DataSet discontinued = new DataSet().putString(Tag.PerformedProcedureStepStatus, Vr.CS, "DISCONTINUED");
        Refusal noEnd = refusal(created().set(discontinued, "CT01", T));
        assertThat(noEnd.status()).isEqualTo(Refusal.MISSING_ATTRIBUTE_VALUE);
        assertThat(noEnd.attributes()).containsExactlyInAnyOrderElementsOf(List.of(Tag.PerformedProcedureStepEndDate,
            Tag.PerformedProcedureStepEndTime));
    }

    @Test
    void setOnAnUnknownStepIsNoSuchInstance() {
        assertThat(refusal(PerformedStepState.empty("1.2.9").set(completed("COMPLETED"), "CT01", T)).status())
            .isEqualTo(Refusal.NO_SUCH_SOP_INSTANCE);
    }
}
