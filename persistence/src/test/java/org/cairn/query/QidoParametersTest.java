package org.cairn.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.dict.Tag;
import org.junit.jupiter.api.Test;

class QidoParametersTest {

    @Test
    void keywordsTagsIncludeFieldsAndPaging() throws Exception {
        Map<String, List<String>> params = new LinkedHashMap<>();
        params.put("PatientName", List.of("Müller*"));
        params.put("00080020", List.of("20240101-"));
        params.put("includefield", List.of("StudyDescription,00081090", "BodyPartExamined"));
        params.put("limit", List.of("10"));
        params.put("offset", List.of("5"));
        params.put("fuzzymatching", List.of("true"));
        QidoParameters q = QidoParameters.of(QueryLevel.SERIES, Map.of(Tag.StudyInstanceUID, "1.2.3"), params);
        DataSet id = q.identifier();
        assertThat(id.getString(Tag.QueryRetrieveLevel)).isEqualTo("SERIES");
        assertThat(id.getString(Tag.PatientName)).isEqualTo("Müller*");
        assertThat(id.getString(Tag.StudyDate)).isEqualTo("20240101-");
        assertThat(id.getString(Tag.StudyInstanceUID)).isEqualTo("1.2.3");
        assertThat(id.contains(Tag.StudyDescription)).isTrue();
        assertThat(id.contains(Tag.ManufacturerModelName)).isTrue();
        assertThat(id.contains(Tag.BodyPartExamined)).isTrue();
        // default return attributes of the study and series levels
        assertThat(id.contains(Tag.NumberOfStudyRelatedInstances)).isTrue();
        assertThat(id.contains(Tag.NumberOfSeriesRelatedInstances)).isTrue();
        assertThat(id.contains(Tag.SOPInstanceUID)).isFalse();
        assertThat(q.limit()).isEqualTo(10);
        assertThat(q.offset()).isEqualTo(5);
        assertThat(q.fuzzy()).isTrue();
    }

    @Test
    void anIncludeFieldAfterAMatchKeyKeepsTheMatch() throws Exception {
        Map<String, List<String>> params = new LinkedHashMap<>();
        params.put("ModalitiesInStudy", List.of("MR"));
        params.put("includefield", List.of("ModalitiesInStudy,PatientSex"));
        DataSet id = QidoParameters.of(QueryLevel.STUDY, Map.of(), params).identifier();
        assertThat(id.getString(Tag.ModalitiesInStudy)).isEqualTo("MR");
        assertThat(id.contains(Tag.PatientSex)).isTrue();
    }

    @Test
    void unknownAttributesAndBadNumbersAreRefused() {
        assertThatThrownBy(() -> QidoParameters.of(QueryLevel.STUDY, Map.of(), Map.of("NoSuchKeyword", List.of("1"))))
            .isInstanceOf(QueryException.class).hasMessageContaining("NoSuchKeyword");
        assertThatThrownBy(() -> QidoParameters.of(QueryLevel.STUDY, Map.of(), Map.of("limit", List.of("-1"))))
            .hasMessageContaining("limit");
        assertThatThrownBy(() -> QidoParameters.of(QueryLevel.STUDY, Map.of(), Map.of("PixelData", List.of("1"))))
            .hasMessageContaining("PixelData");
    }
}
