package org.cairn.views;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.cairn.dicom.DataElement;
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

/** The views on H2 as Flyway creates them: updates from stored instances, and queries at every level. */
class ViewQueryTest {
    private static int databases;
    private Connection c;

    @BeforeEach
    void open() throws Exception {
        String url = "jdbc:h2:mem:views" + (++databases) + ";DB_CLOSE_DELAY=-1";
        JournalSchema.migrate(url, "cairn", "");
        c = DriverManager.getConnection(url, "cairn", "");
        // two patients; Doe has a CT study with two series and an MR study; Roe one CT study
        store("P1", "Doe^John", "1.1", "20240105", "ACC1", "1.1.1", "CT", "1.1.1.1", UID.CTImageStorage, "1");
        store("P1", "Doe^John", "1.1", "20240105", "ACC1", "1.1.1", "CT", "1.1.1.2", UID.CTImageStorage, "2");
        store("P1", "Doe^John", "1.1", "20240105", "ACC1", "1.1.2", "SR", "1.1.2.1", UID.BasicTextSRStorage, "1");
        store("P1", "Doe^John", "1.2", "20230611", "ACC2", "1.2.1", "MR", "1.2.1.1", UID.MRImageStorage, "1");
        store("P2", "Roe^Richard=ロウ^リチャード", "2.1", "20240220", "ACC3", "2.1.1", "CT", "2.1.1.1",
            UID.CTImageStorage, "1");
    }

    @AfterEach
    void close() throws Exception {
        c.close();
    }

    private void store(String patientId, String name, String study, String date, String accession, String series,
                       String modality, String sop, String sopClass, String number) throws Exception {
        DataSet ds = new DataSet().putString(Tag.SpecificCharacterSet, Vr.CS, "ISO_IR 192")
            .putString(Tag.SOPClassUID, Vr.UI, sopClass).putString(Tag.SOPInstanceUID, Vr.UI, sop)
            .putString(Tag.StudyDate, Vr.DA, date).putString(Tag.AccessionNumber, Vr.SH, accession)
            .putString(Tag.Modality, Vr.CS, modality).putString(Tag.PatientName, Vr.PN, name)
            .putString(Tag.PatientID, Vr.LO, patientId).putString(Tag.StudyInstanceUID, Vr.UI, study)
            .putString(Tag.SeriesInstanceUID, Vr.UI, series).putString(Tag.InstanceNumber, Vr.IS, number);
        c.setAutoCommit(false);
        ViewUpdater.apply(c, new IndexedInstance(study, series, sop, sopClass, "1.2.840.10008.1.2.1",
            "d".repeat(64), 1000, "MODALITY", Instant.parse("2024-01-01T00:00:00Z"), DicomJson.inline().toJson(ds)));
        c.commit();
    }

    private List<DataSet> find(InformationModel model, DataSet keys) throws Exception {
        List<DataSet> out = new ArrayList<>();
        ViewQuery.Outcome outcome = ViewQuery.find(c, FindRequest.parse(model, keys, true), 100, () -> false,
            out::add);
        assertThat(outcome.matches()).isEqualTo(out.size());
        return out;
    }

    private static DataSet level(String level) {
        return new DataSet().putString(Tag.QueryRetrieveLevel, Vr.CS, level);
    }

    private static List<String> values(List<DataSet> matches, int tag) {
        return matches.stream().map(m -> m.getString(tag)).sorted().toList();
    }

    @Test
    void patientLevelWithCounts() throws Exception {
        List<DataSet> all = find(InformationModel.PATIENT_ROOT, level("PATIENT"));
        assertThat(values(all, Tag.PatientID)).containsExactly("P1", "P2");
        DataSet doe = find(InformationModel.PATIENT_ROOT, level("PATIENT").putString(Tag.PatientID, Vr.LO, "P1")).get(0);
        assertThat(doe.getString(Tag.NumberOfPatientRelatedStudies)).isEqualTo("2");
        assertThat(doe.getString(Tag.NumberOfPatientRelatedSeries)).isEqualTo("3");
        assertThat(doe.getString(Tag.NumberOfPatientRelatedInstances)).isEqualTo("4");
    }

    @Test
    void studyLevelMatchingKinds() throws Exception {
        assertThat(values(find(InformationModel.STUDY_ROOT, level("STUDY")), Tag.StudyInstanceUID))
            .containsExactly("1.1", "1.2", "2.1");
        assertThat(values(find(InformationModel.STUDY_ROOT, level("STUDY").putString(Tag.StudyDate, Vr.DA,
            "20240101-")), Tag.StudyInstanceUID)).containsExactly("1.1", "2.1");
        assertThat(values(find(InformationModel.STUDY_ROOT, level("STUDY").putString(Tag.PatientName, Vr.PN,
            "doe*")), Tag.StudyInstanceUID)).containsExactly("1.1", "1.2");
        DataSet katakana = level("STUDY").putString(Tag.SpecificCharacterSet, Vr.CS, "ISO_IR 192")
            .putString(Tag.PatientName, Vr.PN, "ロウ*");
        assertThat(values(find(InformationModel.STUDY_ROOT, katakana), Tag.StudyInstanceUID)).containsExactly("2.1");
        assertThat(values(find(InformationModel.STUDY_ROOT, level("STUDY").putString(Tag.StudyInstanceUID, Vr.UI,
            "1.2", "2.1", "9.9")), Tag.StudyInstanceUID)).containsExactly("1.2", "2.1");
        assertThat(values(find(InformationModel.STUDY_ROOT, level("STUDY").putString(Tag.AccessionNumber, Vr.SH,
            "ACC?")), Tag.AccessionNumber)).containsExactly("ACC1", "ACC2", "ACC3");
        assertThat(values(find(InformationModel.STUDY_ROOT, level("STUDY").putString(Tag.ModalitiesInStudy, Vr.CS,
            "SR")), Tag.StudyInstanceUID)).containsExactly("1.1");
        DataSet ct = find(InformationModel.STUDY_ROOT, level("STUDY").putString(Tag.StudyInstanceUID, Vr.UI, "1.1"))
            .get(0);
        assertThat(ct.getStrings(Tag.ModalitiesInStudy)).containsExactly("CT", "SR");
        assertThat(ct.getStrings(Tag.SOPClassesInStudy)).containsExactly(UID.CTImageStorage, UID.BasicTextSRStorage);
        assertThat(ct.getString(Tag.NumberOfStudyRelatedSeries)).isEqualTo("2");
        assertThat(ct.getString(Tag.NumberOfStudyRelatedInstances)).isEqualTo("3");
    }

    @Test
    void seriesAndImageLevels() throws Exception {
        List<DataSet> series = find(InformationModel.STUDY_ROOT, level("SERIES")
            .putString(Tag.StudyInstanceUID, Vr.UI, "1.1"));
        assertThat(values(series, Tag.SeriesInstanceUID)).containsExactly("1.1.1", "1.1.2");
        assertThat(series.stream().filter(s -> s.getString(Tag.SeriesInstanceUID).equals("1.1.1")).findFirst()
            .orElseThrow().getString(Tag.NumberOfSeriesRelatedInstances)).isEqualTo("2");
        assertThat(values(find(InformationModel.STUDY_ROOT, level("SERIES").putString(Tag.StudyInstanceUID, Vr.UI,
            "1.1").putString(Tag.Modality, Vr.CS, "SR")), Tag.SeriesInstanceUID)).containsExactly("1.1.2");
        assertThat(values(find(InformationModel.PATIENT_ROOT, level("IMAGE").putString(Tag.PatientID, Vr.LO, "P1")
            .putString(Tag.StudyInstanceUID, Vr.UI, "1.1").putString(Tag.SeriesInstanceUID, Vr.UI, "1.1.1")
            .putString(Tag.InstanceNumber, Vr.IS, "2")), Tag.SOPInstanceUID)).containsExactly("1.1.1.2");
        // the patient's unique key must be the study's patient
        assertThat(find(InformationModel.PATIENT_ROOT, level("SERIES").putString(Tag.PatientID, Vr.LO, "P2")
            .putString(Tag.StudyInstanceUID, Vr.UI, "1.1"))).isEmpty();
    }

    @Test
    void maximumAndCancel() throws Exception {
        FindRequest all = FindRequest.parse(InformationModel.STUDY_ROOT, level("STUDY"), true);
        ViewQuery.Outcome limited = ViewQuery.find(c, all, 2, () -> false, m -> true);
        assertThat(limited.matches()).isEqualTo(2);
        assertThat(limited.truncated()).isTrue();
        ViewQuery.Outcome cancelled = ViewQuery.find(c, all, 100, () -> true, m -> true);
        assertThat(cancelled.cancelled()).isTrue();
        assertThat(cancelled.matches()).isZero();
    }

    @Test
    void aReplacedInstanceIsCountedOnce() throws Exception {
        store("P2", "Roe^Richard", "2.1", "20240220", "ACC3", "2.1.1", "CT", "2.1.1.1", UID.CTImageStorage, "7");
        DataSet study = find(InformationModel.STUDY_ROOT, level("STUDY").putString(Tag.StudyInstanceUID, Vr.UI, "2.1"))
            .get(0);
        assertThat(study.getString(Tag.NumberOfStudyRelatedInstances)).isEqualTo("1");
        List<DataSet> image = find(InformationModel.STUDY_ROOT, level("IMAGE").putString(Tag.StudyInstanceUID, Vr.UI,
            "2.1").putString(Tag.SeriesInstanceUID, Vr.UI, "2.1.1"));
        assertThat(image).hasSize(1);
        assertThat(image.get(0).getString(Tag.InstanceNumber)).isEqualTo("7");
    }

    @Test
    void theSqlNarrowsByIndexedColumns() throws Exception {
        DataSet q = level("STUDY").putString(Tag.PatientID, Vr.LO, "P1").putString(Tag.StudyDate, Vr.DA, "2024-")
            .put(DataElement.of(Tag.StudyDescription, Vr.LO, new byte[0]));
        ViewQuery.Statement s = ViewQuery.statement(FindRequest.parse(InformationModel.STUDY_ROOT, q, true));
        assertThat(s.sql()).contains("p.patient_id IN (?)").contains("s.study_date >= ?");
        assertThat(s.parameters()).containsExactlyInAnyOrder("P1", "2024");
    }
}
