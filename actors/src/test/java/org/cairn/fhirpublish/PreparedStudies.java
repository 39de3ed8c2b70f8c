package org.cairn.fhirpublish;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.cairn.study.StudyState;

/** The studies a test prepared, as the Study entities would answer for them; the publisher only reads studies. */
final class PreparedStudies {
    private final Map<String, StudyState> studies = new ConcurrentHashMap<>();

    void put(StudyState study) {
        studies.put(study.studyUid(), study);
    }

    CompletionStage<StudyState> study(String studyUid) {
        return CompletableFuture.completedFuture(studies.getOrDefault(studyUid, StudyState.empty(studyUid)));
    }
}
