package org.cairn.http.worklist;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** A {@link WorklistDirectory} over a map, filtering as the view would; remembers the last filter it was asked. */
final class InMemoryWorklistDirectory implements WorklistDirectory {
    private final Map<String, WorklistEntryView> entries = new ConcurrentHashMap<>();
    private volatile WorklistFilter lastFilter;

    void put(WorklistEntryView entry) {
        entries.put(entry.accessionNumber(), entry);
    }

    void clear() {
        entries.clear();
        lastFilter = null;
    }

    WorklistFilter lastFilter() {
        return lastFilter;
    }

    List<String> linkedStudies(String accession) {
        WorklistEntryView e = entries.get(accession);
        return e == null ? List.of() : e.linkedStudies();
    }

    @Override
    public CompletionStage<List<WorklistEntryView>> list(WorklistFilter f) {
        lastFilter = f;
        List<WorklistEntryView> matches = new ArrayList<>(entries.values().stream()
            .filter(e -> f.statuses() == null || f.statuses().contains(e.status()))
            .filter(e -> f.modality() == null || f.modality().equals(e.order().step().modality()))
            .filter(e -> f.stationAeTitle() == null || f.stationAeTitle().equals(e.order().step().stationAeTitle()))
            .filter(e -> f.patientId() == null || f.patientId().equals(e.order().patient().id()))
            .filter(e -> f.startDateFrom() == null || e.order().step().startDate().compareTo(f.startDateFrom()) >= 0)
            .filter(e -> f.startDateTo() == null || e.order().step().startDate().compareTo(f.startDateTo()) <= 0)
            .sorted(Comparator.comparing((WorklistEntryView e) -> e.order().step().startDate())
                .thenComparing(WorklistEntryView::accessionNumber))
            .toList());
        int from = Math.min(f.offset(), matches.size());
        return CompletableFuture.completedFuture(
            List.copyOf(matches.subList(from, Math.min(matches.size(), from + f.limit()))));
    }

    @Override
    public CompletionStage<Optional<WorklistEntryView>> get(String accessionNumber) {
        return CompletableFuture.completedFuture(Optional.ofNullable(entries.get(accessionNumber)));
    }
}
