package org.cairn.study;

import java.util.concurrent.CompletionStage;

/** Where stored instances are recorded: the Study entities, however they are deployed. */
public interface StudyStore {

    /** Records an instance whose blob is durable; completes once the outcome is durable (or refused). */
    CompletionStage<StudyEntity.StoreResult> store(String studyUid, StudyEvent.StoredInstance instance);

    /** Records that the study's images belong to the order {@code accessionNumber}; true when that is new. */
    CompletionStage<Boolean> linkToOrder(String studyUid, String accessionNumber);

    /** The study as it stands (empty when unknown). */
    CompletionStage<StudyState> study(String studyUid);
}
