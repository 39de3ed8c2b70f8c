package org.cairn.http.worklist;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Where the REST routes read worklist entries from: the worklist view the order events are projected into. The
 * view follows the events, so an entry may lag a change the feed has just accepted by a moment; the routes answer
 * writes from the feed's result and read only what the view cannot lag on (linked studies, the study UID).
 */
public interface WorklistDirectory {

    /** The entries matching {@code filter}, ordered by Scheduled Procedure Step start then Accession Number. */
    CompletionStage<List<WorklistEntryView>> list(WorklistFilter filter);

    /** The entry with that Accession Number, whatever its status; empty if there is none. */
    CompletionStage<Optional<WorklistEntryView>> get(String accessionNumber);
}
