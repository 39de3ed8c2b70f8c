package org.cairn.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.cairn.dicom.DataElement;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.Vr;
import org.cairn.dicom.dict.Tag;
import org.junit.jupiter.api.Test;

class FindRequestTest {

    private static DataSet identifier(String level) {
        return new DataSet().putString(Tag.QueryRetrieveLevel, Vr.CS, level);
    }

    @Test
    void levelIsRequiredAndMustBelongToTheModel() {
        assertThatThrownBy(() -> FindRequest.parse(InformationModel.STUDY_ROOT, new DataSet(), true))
            .isInstanceOf(QueryException.class).hasMessageContaining("Query/Retrieve Level");
        assertThatThrownBy(() -> FindRequest.parse(InformationModel.STUDY_ROOT, identifier("PATIENT"), true))
            .satisfies(e -> assertThat(((QueryException) e).status()).isEqualTo(0xA900));
    }

    @Test
    void uniqueKeysOfTheLevelsAboveAreRequiredAsSingleValues() throws Exception {
        assertThatThrownBy(() -> FindRequest.parse(InformationModel.STUDY_ROOT, identifier("SERIES"), true))
            .hasMessageContaining("StudyInstanceUID");
        DataSet wildcard = identifier("STUDY").putString(Tag.PatientID, Vr.LO, "12*");
        assertThatThrownBy(() -> FindRequest.parse(InformationModel.PATIENT_ROOT, wildcard, true))
            .hasMessageContaining("PatientID");
        DataSet image = identifier("IMAGE").putString(Tag.StudyInstanceUID, Vr.UI, "1.2")
            .putString(Tag.SeriesInstanceUID, Vr.UI, "1.2.3");
        assertThat(FindRequest.parse(InformationModel.STUDY_ROOT, image, true).level()).isEqualTo(QueryLevel.IMAGE);
        assertThatThrownBy(() -> FindRequest.parse(InformationModel.PATIENT_ROOT, image, true))
            .hasMessageContaining("PatientID");
    }

    @Test
    void keysBelowTheLevelAndControlKeysAreNotMatched() throws Exception {
        DataSet q = identifier("STUDY").putString(Tag.Modality, Vr.CS, "CT")
            .putString(Tag.StudyDate, Vr.DA, "20240101-")
            .put(DataElement.of(Tag.PatientName, Vr.PN, new byte[0]))
            .putString(Tag.SpecificCharacterSet, Vr.CS, "ISO_IR 100");
        FindRequest r = FindRequest.parse(InformationModel.STUDY_ROOT, q, true);
        assertThat(r.keys()).extracting(MatchKey::tag).containsExactly(Tag.StudyDate);
    }

    @Test
    void responsesCarryExactlyTheRequestedKeys() throws Exception {
        DataSet q = identifier("STUDY").put(DataElement.of(Tag.PatientName, Vr.PN, new byte[0]))
            .put(DataElement.of(Tag.StudyDescription, Vr.LO, new byte[0]))
            .put(DataElement.of(Tag.SeriesNumber, Vr.IS, new byte[0]))
            .put(DataElement.of(Tag.RetrieveAETitle, Vr.AE, new byte[0]));
        FindRequest r = FindRequest.parse(InformationModel.STUDY_ROOT, q, true);
        DataSet candidate = new DataSet().putString(Tag.SpecificCharacterSet, Vr.CS, "ISO_IR 100")
            .putString(Tag.PatientName, Vr.PN, "Müller^Jörg").putString(Tag.SeriesNumber, Vr.IS, "3")
            .putString(Tag.StudyInstanceUID, Vr.UI, "1.2.3").putString(Tag.PatientID, Vr.LO, "P1");
        DataSet answer = FindResponses.identifier(r, candidate, "CAIRN");
        assertThat(answer.getString(Tag.SpecificCharacterSet)).isEqualTo("ISO_IR 192");
        assertThat(answer.getString(Tag.PatientName)).isEqualTo("Müller^Jörg");
        assertThat(answer.getString(Tag.QueryRetrieveLevel)).isEqualTo("STUDY");
        assertThat(answer.getString(Tag.RetrieveAETitle)).isEqualTo("CAIRN");
        assertThat(answer.get(Tag.StudyDescription).isEmpty()).isTrue(); // asked, not stored: zero length
        assertThat(answer.get(Tag.SeriesNumber).isEmpty()).isTrue(); // below the query level
        assertThat(answer.contains(Tag.PatientID)).isFalse(); // not asked
    }
}
