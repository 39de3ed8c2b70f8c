package org.cairn.study;

import java.util.concurrent.CompletionStage;

/** Where stored instances are recorded: the Study entities, however they are deployed. */
public interface StudyStore {

    /** Records an instance whose blob is durable; completes once the outcome is durable (or refused). */
    CompletionStage<StudyEntity.StoreResult> store(String studyUid, StudyEvent.StoredInstance instance);

    /** The study as it stands (empty when unknown). */
    CompletionStage<StudyState> study(String studyUid);
}
