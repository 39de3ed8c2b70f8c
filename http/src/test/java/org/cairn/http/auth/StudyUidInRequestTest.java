package org.cairn.http.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class StudyUidInRequestTest {

    @Test
    void theSegmentAfterStudiesIsTheStudy() {
        assertThat(StudyUidInRequest.find("/dicomweb/studies/1.2.840.113619.2.55/series/1.2.3/instances/4.5",
            Optional.empty())).contains("1.2.840.113619.2.55");
        assertThat(StudyUidInRequest.find("/studies/1.2.3/metadata", Optional.empty())).contains("1.2.3");
        assertThat(StudyUidInRequest.find("/api/studies/1.2.3", Optional.empty())).contains("1.2.3");
    }

    @Test
    void queryParametersNameAStudyToo() {
        assertThat(StudyUidInRequest.find("/wado", Optional.of("requestType=WADO&studyUID=1.2.3&seriesUID=4.5")))
            .contains("1.2.3");
        assertThat(StudyUidInRequest.find("/dicomweb/studies", Optional.of("StudyInstanceUID=1.2.3"))).contains("1.2.3");
        assertThat(StudyUidInRequest.find("/dicomweb/series", Optional.of("0020000D=1.2.3&limit=10"))).contains("1.2.3");
    }

    @Test
    void noStudyWhereNoneIsNamed() {
        assertThat(StudyUidInRequest.find("/dicomweb/studies", Optional.of("PatientID=123"))).isEmpty();
        assertThat(StudyUidInRequest.find("/studies/not-a-uid/metadata", Optional.empty())).isEmpty();
        assertThat(StudyUidInRequest.find("/studies/1.2.*", Optional.empty())).isEmpty();
        assertThat(StudyUidInRequest.find("/dicomweb/studies", Optional.of("StudyInstanceUID=1.2.*"))).isEmpty();
        assertThat(StudyUidInRequest.find("/studies/" + "1.".repeat(40) + "1", Optional.empty())).as("over 64").isEmpty();
    }
}
