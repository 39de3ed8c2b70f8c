package org.cairn.study;

import java.util.concurrent.CompletionStage;

/** Where stored instances are recorded: the Study entities, however they are deployed. */
public interface StudyStore {

    /** Records an instance whose blob is durable; completes once the outcome is durable (or refused). */
    CompletionStage<StudyEntity.StoreResult> store(String studyUid, StudyEvent.StoredInstance instance);

    /** Records that the study's images belong to the order {@code accessionNumber}; true when that is new. */
    CompletionStage<Boolean> linkToOrder(String studyUid, String accessionNumber);

    /** Corrects patient or study attributes. */
    CompletionStage<StudyEntity.Outcome> changeAttributes(String studyUid, java.util.Map<ChangeableAttribute, String> values,
                                                         String by, String reason);

    /** Deletes a study softly. */
    CompletionStage<StudyEntity.Outcome> delete(String studyUid, String by, String reason);

    /** Brings a deleted study back. */
    CompletionStage<StudyEntity.Outcome> restore(String studyUid, String by);

    /** Removes a study deleted at or before {@code deletedBefore}; the caller then deletes the event's blobs. */
    CompletionStage<StudyEntity.Outcome> purge(String studyUid, String by, java.time.Instant deletedBefore);

    /** Announces the study as stable if no instance arrived for {@code quietFor} (Done(null) if already). */
    CompletionStage<StudyEntity.Outcome> markStable(String studyUid, java.time.Duration quietFor);

    /** The study as it stands (empty when unknown). */
    CompletionStage<StudyState> study(String studyUid);
}
