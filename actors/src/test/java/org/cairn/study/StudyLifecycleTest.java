package org.cairn.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomJson;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.Tag;
import org.junit.jupiter.api.Test;

/** Corrections, soft deletion, restoring and purging as the study's pure rules. */
class StudyLifecycleTest {
    private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");

    private static StudyEvent.StoredInstance instance(String sop, String digest, String patientName) {
        DataSet attributes = new DataSet().putString(Tag.PatientName, Vr.PN, patientName)
            .putString(Tag.PatientID, Vr.LO, "P1").putString(Tag.AccessionNumber, Vr.SH, "A1");
        return new StudyEvent.StoredInstance("1.2.3.1", sop, "1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.1.2.1",
            digest, digest, 1000, "CT1", NOW, DicomJson.inline().toJson(attributes));
    }

    private static StudyState stored() {
        return StudyState.empty("1.2.3").apply(new StudyEvent.InstanceStored("1.2.3",
            instance("1.2.3.1.1", "a".repeat(64), "Doe^John")));
    }

    private static StudyState applied(StudyState state, StudyState.Decision decision) {
        assertThat(decision).isInstanceOf(StudyState.Decision.Persist.class);
        return state.apply(((StudyState.Decision.Persist) decision).event());
    }

    @Test
    void aCorrectionRecordsBeforeAndAfter() {
        StudyState state = stored();
        StudyState.Decision d = state.decideChange(Map.of(ChangeableAttribute.PATIENT_NAME, "Doe^Jane",
            ChangeableAttribute.STUDY_DESCRIPTION, "Chest"), "alice", "wrong patient name", NOW);
        var event = (StudyEvent.AttributesChanged) ((StudyState.Decision.Persist) d).event();
        assertThat(event.changes()).containsExactly(
            new StudyEvent.AttributeChange("PatientName", "Doe^John", "Doe^Jane"),
            new StudyEvent.AttributeChange("StudyDescription", null, "Chest"));
        assertThat(event.by()).isEqualTo("alice");
        StudyState next = state.apply(event);
        assertThat(next.changes()).containsEntry("PatientName", "Doe^Jane");
        StudyState.Decision again = next.decideChange(Map.of(ChangeableAttribute.PATIENT_NAME, "Doe^Jill"), "bob",
            null, NOW);
        assertThat(((StudyEvent.AttributesChanged) ((StudyState.Decision.Persist) again).event()).changes())
            .containsExactly(new StudyEvent.AttributeChange("PatientName", "Doe^Jane", "Doe^Jill"));
    }

    @Test
    void theSameValueChangesNothingAndBadValuesAreRefused() {
        StudyState state = stored();
        assertThat(state.decideChange(Map.of(ChangeableAttribute.PATIENT_NAME, "Doe^John"), "a", null, NOW))
            .isInstanceOf(StudyState.Decision.AlreadyStored.class);
        StudyState.Decision bad = state.decideChange(Map.of(ChangeableAttribute.STUDY_DATE, "2024-01-01",
            ChangeableAttribute.PATIENT_SEX, "X", ChangeableAttribute.ACCESSION_NUMBER, "A".repeat(17)), "a", null, NOW);
        assertThat(((StudyState.Decision.Refuse) bad).reason())
            .contains("StudyDate", "PatientSex", "AccessionNumber");
        assertThat(StudyState.empty("9.9").decideChange(Map.of(ChangeableAttribute.PATIENT_NAME, "X"), "a", null, NOW))
            .isInstanceOf(StudyState.Decision.Refuse.class);
    }

    @Test
    void instancesArrivingAfterACorrectionAreIndexedCorrected() {
        StudyState state = applied(stored(), stored().decideChange(Map.of(ChangeableAttribute.PATIENT_NAME,
            "Doe^Jane"), "a", null, NOW));
        StudyState.Decision d = state.decide(instance("1.2.3.1.2", "b".repeat(64), "Doe^John"), DuplicatePolicy.REJECT);
        StudyEvent.StoredInstance indexed = ((StudyState.Decision.Persist) d).event().stored();
        assertThat(DicomJson.fromJson(indexed.attributesJson(), uri -> null).getString(Tag.PatientName))
            .isEqualTo("Doe^Jane");
        assertThat(indexed.dataSetDigest()).isEqualTo("b".repeat(64));
    }

    @Test
    void deleteNeedsAReasonAndHidesTheStudyUntilRestored() {
        StudyState state = stored();
        assertThat(state.decideDelete("a", " ", NOW)).isInstanceOf(StudyState.Decision.Refuse.class);
        StudyState deleted = applied(state, state.decideDelete("alice", "duplicate upload", NOW));
        assertThat(deleted.deletedNow()).isTrue();
        assertThat(deleted.deleted().reason()).isEqualTo("duplicate upload");
        assertThat(deleted.decideDelete("a", "again", NOW)).isInstanceOf(StudyState.Decision.AlreadyStored.class);
        assertThat(deleted.decide(instance("1.2.3.1.9", "c".repeat(64), "X"), DuplicatePolicy.REJECT))
            .isInstanceOf(StudyState.Decision.Refuse.class);
        assertThat(deleted.decideChange(Map.of(ChangeableAttribute.PATIENT_NAME, "X"), "a", null, NOW))
            .isInstanceOf(StudyState.Decision.Refuse.class);
        StudyState restored = applied(deleted, deleted.decideRestore("bob", NOW));
        assertThat(restored.deletedNow()).isFalse();
        assertThat(restored.instanceCount()).isEqualTo(1);
        assertThat(restored.decideRestore("bob", NOW)).isInstanceOf(StudyState.Decision.AlreadyStored.class);
    }

    @Test
    void purgingWaitsForTheRetentionAndListsTheBlobs() {
        StudyState state = stored();
        assertThat(state.decidePurge("a", NOW, NOW)).as("not deleted").isInstanceOf(StudyState.Decision.Refuse.class);
        StudyState deleted = applied(state, state.decideDelete("alice", "test study", NOW));
        assertThat(deleted.decidePurge("a", NOW.minusSeconds(1), NOW)).as("within retention")
            .isInstanceOf(StudyState.Decision.Refuse.class);
        StudyState.Decision purge = deleted.decidePurge("admin", NOW, NOW.plusSeconds(5));
        var event = (StudyEvent.StudyPurged) ((StudyState.Decision.Persist) purge).event();
        assertThat(event.digests()).containsExactly("a".repeat(64));
        StudyState purged = deleted.apply(event);
        assertThat(purged.exists()).isFalse();
        assertThat(purged.decide(instance("1.2.3.1.1", "a".repeat(64), "Doe^John"), DuplicatePolicy.REJECT))
            .as("the study may be stored again").isInstanceOf(StudyState.Decision.Persist.class);
    }
}
