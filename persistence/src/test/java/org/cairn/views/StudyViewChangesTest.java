package org.cairn.views;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.cairn.dicom.AttributePatch;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomJson;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.Tag;
import org.cairn.dicom.dict.UID;
import org.cairn.journal.JournalSchema;
import org.cairn.query.FindRequest;
import org.cairn.query.InformationModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Corrections and soft deletion in the views on H2, seen through the queries C-FIND and QIDO-RS run. */
class StudyViewChangesTest {
    private static int databases;
    private Connection c;

    @BeforeEach
    void open() throws Exception {
        String url = "jdbc:h2:mem:lifecycle" + (++databases) + ";DB_CLOSE_DELAY=-1";
        JournalSchema.migrate(url, "cairn", "");
        c = DriverManager.getConnection(url, "cairn", "");
        c.setAutoCommit(false);
        store("P1", "Doe^John", "1.1", "1.1.1", "1.1.1.1");
        store("P1", "Doe^John", "1.1", "1.1.1", "1.1.1.2");
        store("P1", "Doe^John", "1.1", "1.1.2", "1.1.2.1");
        store("P1", "Doe^John", "1.2", "1.2.1", "1.2.1.1");
        c.commit();
    }

    @AfterEach
    void close() throws Exception {
        c.close();
    }

    private void store(String patientId, String name, String study, String series, String sop) throws Exception {
        DataSet ds = new DataSet().putString(Tag.SOPClassUID, Vr.UI, UID.CTImageStorage)
            .putString(Tag.SOPInstanceUID, Vr.UI, sop).putString(Tag.StudyDate, Vr.DA, "20240105")
            .putString(Tag.AccessionNumber, Vr.SH, "ACC" + study).putString(Tag.Modality, Vr.CS, "CT")
            .putString(Tag.PatientName, Vr.PN, name).putString(Tag.PatientID, Vr.LO, patientId)
            .putString(Tag.StudyInstanceUID, Vr.UI, study).putString(Tag.SeriesInstanceUID, Vr.UI, series);
        ViewUpdater.apply(c, new IndexedInstance(study, series, sop, UID.CTImageStorage, "1.2.840.10008.1.2.1",
            "d".repeat(64), 1000, "MODALITY", Instant.parse("2024-01-01T00:00:00Z"), DicomJson.inline().toJson(ds)));
    }

    private List<DataSet> find(String level, int tag, String value) throws Exception {
        DataSet keys = new DataSet().putString(Tag.QueryRetrieveLevel, Vr.CS, level)
            .putString(Tag.PatientName, Vr.PN, "").putString(Tag.PatientID, Vr.LO, "")
            .putString(Tag.NumberOfPatientRelatedStudies, Vr.IS, "");
        if (tag != 0) {
            keys.putString(tag, Tag.PatientName == tag ? Vr.PN : Vr.LO, value);
        }
        List<DataSet> out = new ArrayList<>();
        ViewQuery.find(c, FindRequest.parse(InformationModel.PATIENT_ROOT, keys, true), 100, () -> false, out::add);
        return out;
    }

    @Test
    void aCorrectedNameIsWhatQueriesMatchAndReturnAtEveryLevel() throws Exception {
        StudyViewChanges.changeAttributes(c, "1.1", List.of(
            new AttributePatch.Change(Tag.PatientName, Vr.PN, "Doe^Jane"),
            new AttributePatch.Change(Tag.AccessionNumber, Vr.SH, "NEWACC")));
        c.commit();
        assertThat(find("PATIENT", Tag.PatientName, "Doe^Jane")).hasSize(1);
        assertThat(attributes("SELECT attributes FROM view_instance WHERE study_uid = '1.1'"))
            .allSatisfy(a -> assertThat(a.getString(Tag.PatientName)).isEqualTo("Doe^Jane"))
            .hasSize(3);
        assertThat(attributes("SELECT attributes FROM view_series WHERE study_uid = '1.1'"))
            .allSatisfy(a -> assertThat(a.getString(Tag.AccessionNumber)).isEqualTo("NEWACC"));
        assertThat(single("SELECT accession_number FROM view_study WHERE study_uid = '1.1'")).isEqualTo("NEWACC");
        assertThat(StudyViewChanges.corrections(c, "1.1")).containsExactlyInAnyOrder(
            new AttributePatch.Change(Tag.AccessionNumber, Vr.SH, "NEWACC"),
            new AttributePatch.Change(Tag.PatientName, Vr.PN, "Doe^Jane"));
        assertThat(StudyViewChanges.corrections(c, "1.2")).isEmpty();
    }

    @Test
    void aCorrectedPatientIdMovesTheStudyToThatPatient() throws Exception {
        StudyViewChanges.changeAttributes(c, "1.2", List.of(new AttributePatch.Change(Tag.PatientID, Vr.LO, "P2")));
        c.commit();
        List<DataSet> p1 = find("PATIENT", Tag.PatientID, "P1");
        assertThat(p1).hasSize(1);
        assertThat(p1.get(0).getString(Tag.NumberOfPatientRelatedStudies)).isEqualTo("1");
        List<DataSet> p2 = find("PATIENT", Tag.PatientID, "P2");
        assertThat(p2.get(0).getString(Tag.NumberOfPatientRelatedStudies)).isEqualTo("1");
        assertThat(p2.get(0).getString(Tag.PatientName)).isEqualTo("Doe^John");
    }

    @Test
    void aDeletedStudyIsGoneFromQueriesUntilRestoredAndPurgingForgetsIt() throws Exception {
        Instant at = Instant.parse("2026-12-01T10:00:00Z");
        StudyViewChanges.delete(c, "1.1", at, "alice", "wrong patient");
        c.commit();
        assertThat(single("SELECT COUNT(*) FROM view_instance WHERE study_uid = '1.1'")).isEqualTo("0");
        assertThat(find("PATIENT", Tag.PatientID, "P1").get(0).getString(Tag.NumberOfPatientRelatedStudies))
            .isEqualTo("1");
        assertThat(StudyViewChanges.deleted(c, at, 0, 10)).singleElement().satisfies(d -> {
            assertThat(d.studyUid()).isEqualTo("1.1");
            assertThat(d.reason()).isEqualTo("wrong patient");
            assertThat(d.instances()).isEqualTo(3);
        });
        assertThat(StudyViewChanges.deleted(c, at.minusSeconds(1), 0, 10)).isEmpty();
        StudyViewChanges.delete(c, "1.2", at, "alice", "also");
        c.commit();
        assertThat(find("PATIENT", Tag.PatientID, "P1")).as("a patient without studies is gone").isEmpty();

        StudyViewChanges.restore(c, "1.1");
        c.commit();
        assertThat(single("SELECT COUNT(*) FROM view_instance WHERE study_uid = '1.1'")).isEqualTo("3");
        assertThat(find("PATIENT", Tag.PatientID, "P1").get(0).getString(Tag.NumberOfPatientRelatedStudies))
            .isEqualTo("1");

        StudyViewChanges.purge(c, "1.2");
        c.commit();
        assertThat(single("SELECT COUNT(*) FROM view_deleted_instance")).isEqualTo("0");
        assertThat(StudyViewChanges.deleted(c, Instant.MAX, 0, 10)).isEmpty();
    }

    private List<DataSet> attributes(String sql) throws Exception {
        List<DataSet> out = new ArrayList<>();
        try (ResultSet r = c.createStatement().executeQuery(sql)) {
            while (r.next()) {
                out.add(DicomJson.fromJson(r.getString(1), uri -> null));
            }
        }
        return out;
    }

    private String single(String sql) throws Exception {
        try (ResultSet r = c.createStatement().executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }
}
