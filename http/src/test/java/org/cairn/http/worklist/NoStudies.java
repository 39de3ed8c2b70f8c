package org.cairn.http.worklist;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.cairn.study.StudyEntity;
import org.cairn.study.StudyEvent;
import org.cairn.study.StudyState;
import org.cairn.study.StudyStore;

/** A study store holding no study: every study is empty, nothing is stored or linked. For route tests. */
final class NoStudies implements StudyStore {

    @Override
    public CompletionStage<StudyEntity.StoreResult> store(String studyUid, StudyEvent.StoredInstance instance) {
        return CompletableFuture.completedFuture(new StudyEntity.StoreResult.Refused("this store holds no study"));
    }

    @Override
    public CompletionStage<Boolean> linkToOrder(String studyUid, String accessionNumber) {
        return CompletableFuture.completedFuture(false);
    }

    @Override
    public CompletionStage<StudyEntity.Outcome> changeAttributes(String studyUid,
                                                                java.util.Map<org.cairn.study.ChangeableAttribute, String> values,
                                                                String by, String reason) {
        return refused(studyUid);
    }

    @Override
    public CompletionStage<StudyEntity.Outcome> delete(String studyUid, String by, String reason) {
        return refused(studyUid);
    }

    @Override
    public CompletionStage<StudyEntity.Outcome> restore(String studyUid, String by) {
        return refused(studyUid);
    }

    @Override
    public CompletionStage<StudyEntity.Outcome> purge(String studyUid, String by, java.time.Instant deletedBefore) {
        return refused(studyUid);
    }

    @Override
    public CompletionStage<StudyEntity.Outcome> markStable(String studyUid, java.time.Duration quietFor) {
        return refused(studyUid);
    }

    private static CompletionStage<StudyEntity.Outcome> refused(String studyUid) {
        return CompletableFuture.completedFuture(new StudyEntity.Outcome.Refused("no study " + studyUid));
    }

    @Override
    public CompletionStage<StudyState> study(String studyUid) {
        return CompletableFuture.completedFuture(StudyState.empty(studyUid));
    }
}
