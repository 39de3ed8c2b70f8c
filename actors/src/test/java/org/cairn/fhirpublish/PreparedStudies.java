package org.cairn.fhirpublish;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.cairn.study.ChangeableAttribute;
import org.cairn.study.StudyEntity;
import org.cairn.study.StudyEvent;
import org.cairn.study.StudyState;
import org.cairn.study.StudyStore;

/** The studies a test prepared, as the Study entities would answer for them; the publisher only reads studies. */
final class PreparedStudies implements StudyStore {
    private final Map<String, StudyState> studies = new ConcurrentHashMap<>();

    void put(StudyState study) {
        studies.put(study.studyUid(), study);
    }

    @Override
    public CompletionStage<StudyState> study(String studyUid) {
        return CompletableFuture.completedFuture(studies.getOrDefault(studyUid, StudyState.empty(studyUid)));
    }

    @Override
    public CompletionStage<StudyEntity.StoreResult> store(String studyUid, StudyEvent.StoredInstance instance) {
        throw new UnsupportedOperationException("the publisher only reads studies");
    }

    @Override
    public CompletionStage<Boolean> linkToOrder(String studyUid, String accessionNumber) {
        throw new UnsupportedOperationException("the publisher only reads studies");
    }

    @Override
    public CompletionStage<StudyEntity.Outcome> changeAttributes(String studyUid, Map<ChangeableAttribute, String> values,
                                                                String by, String reason) {
        throw new UnsupportedOperationException("the publisher only reads studies");
    }

    @Override
    public CompletionStage<StudyEntity.Outcome> delete(String studyUid, String by, String reason) {
        throw new UnsupportedOperationException("the publisher only reads studies");
    }

    @Override
    public CompletionStage<StudyEntity.Outcome> restore(String studyUid, String by) {
        throw new UnsupportedOperationException("the publisher only reads studies");
    }

    // No @Override: the Study entity's stable marking is newer than this stand-in, which does not depend on it
    public CompletionStage<StudyEntity.Outcome> markStable(String studyUid, java.time.Duration quietFor) {
        throw new UnsupportedOperationException("the publisher only reads studies");
    }

    @Override
    public CompletionStage<StudyEntity.Outcome> purge(String studyUid, String by, Instant deletedBefore) {
        throw new UnsupportedOperationException("the publisher only reads studies");
    }
}
