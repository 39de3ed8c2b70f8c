package org.cairn.association;

import static org.assertj.core.api.Assertions.assertThat;

import org.cairn.dicom.dict.UID;
import org.junit.jupiter.api.Test;

class QueryRetrieveOptionsTest {
    @Test
    void findAgreesToRelationalAndFuzzyNotDateTimeOrTimezone() {
        byte[] answer = QueryRetrieveOptions.answer(UID.StudyRootQueryRetrieveInformationModelFind,
            new byte[] {1, 1, 1, 1});
        assertThat(answer).containsExactly(1, 0, 1, 0);
        assertThat(QueryRetrieveOptions.of(answer)).isEqualTo(new QueryRetrieveOptions(true, true));
        // never more bytes than proposed
        assertThat(QueryRetrieveOptions.answer(UID.PatientRootQueryRetrieveInformationModelFind, new byte[] {1}))
            .containsExactly(1);
        assertThat(QueryRetrieveOptions.answer(UID.StudyRootQueryRetrieveInformationModelFind, new byte[] {0, 0, 0}))
            .containsExactly(0, 0, 0);
    }

    @Test
    void retrieveAgreesToRelationalRetrievalOnly() {
        assertThat(QueryRetrieveOptions.answer(UID.StudyRootQueryRetrieveInformationModelMove, new byte[] {1, 1}))
            .containsExactly(1);
        assertThat(QueryRetrieveOptions.answer(UID.CTImageStorage, new byte[] {1})).isNull();
        assertThat(QueryRetrieveOptions.answer(UID.StudyRootQueryRetrieveInformationModelGet, new byte[0])).isNull();
        assertThat(QueryRetrieveOptions.of(null)).isEqualTo(QueryRetrieveOptions.NONE);
    }
}
