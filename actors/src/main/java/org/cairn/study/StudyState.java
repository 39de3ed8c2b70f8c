package org.cairn.study;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.cairn.journal.JournalSerializable;

/**
 * A study as its events left it: series, and their instances by SOP Instance UID, and the orders (Accession
 * Numbers) its images were linked to. Immutable; {@link #apply} and {@link #decide} are pure, so the entity's logic
 * is tested without actors.
 */
public record StudyState(String studyUid, Map<String, Map<String, StudyEvent.StoredInstance>> series,
                         java.util.List<String> orders) implements JournalSerializable {

    public StudyState {
        orders = orders == null ? java.util.List.of() : orders; // snapshots taken before orders existed
    }

    public StudyState(String studyUid, Map<String, Map<String, StudyEvent.StoredInstance>> series) {
        this(studyUid, series, java.util.List.of());
    }

    public static StudyState empty(String studyUid) {
        return new StudyState(studyUid, Map.of());
    }

    /** What storing an instance comes to. */
    public sealed interface Decision {
        /** Persist this event, then the instance is stored. */
        record Persist(StudyEvent event) implements Decision {
        }

        /** The same content is already stored: succeed without a new event. */
        record AlreadyStored() implements Decision {
        }

        /** Refused; nothing changes. */
        record Refuse(String reason) implements Decision {
        }
    }

    public Decision decide(StudyEvent.StoredInstance candidate, DuplicatePolicy policy) {
        StudyEvent.StoredInstance existing = find(candidate.sopInstanceUid());
        if (existing == null) {
            return new Decision.Persist(new StudyEvent.InstanceStored(studyUid, candidate));
        }
        // The same data set, whoever sent it: the File Meta (which names the sender) does not make it different
        if (existing.dataSetDigest().equals(candidate.dataSetDigest())) {
            return new Decision.AlreadyStored();
        }
        if (!existing.seriesUid().equals(candidate.seriesUid())) {
            return new Decision.Refuse("SOP Instance " + candidate.sopInstanceUid() + " is already stored in series "
                + existing.seriesUid());
        }
        return switch (policy) {
            case REJECT -> new Decision.Refuse("SOP Instance " + candidate.sopInstanceUid()
                + " is already stored with different content");
            case REPLACE -> new Decision.Persist(new StudyEvent.InstanceReplaced(studyUid, candidate, existing.digest()));
        };
    }

    public StudyState apply(StudyEvent event) {
        if (event instanceof StudyEvent.LinkedToOrder linked) {
            java.util.List<String> more = new java.util.ArrayList<>(orders);
            more.add(linked.accessionNumber());
            return new StudyState(studyUid, series, java.util.List.copyOf(more));
        }
        StudyEvent.StoredInstance instance = event.stored();
        Map<String, Map<String, StudyEvent.StoredInstance>> next = new LinkedHashMap<>(series);
        Map<String, StudyEvent.StoredInstance> inSeries = new LinkedHashMap<>(next.getOrDefault(instance.seriesUid(), Map.of()));
        inSeries.put(instance.sopInstanceUid(), instance);
        next.put(instance.seriesUid(), Collections.unmodifiableMap(inSeries));
        return new StudyState(event.studyUid(), Collections.unmodifiableMap(next), orders);
    }

    /** The stored instance with this SOP Instance UID, in any series, or null. */
    public StudyEvent.StoredInstance find(String sopInstanceUid) {
        for (Map<String, StudyEvent.StoredInstance> instances : series.values()) {
            StudyEvent.StoredInstance found = instances.get(sopInstanceUid);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    public int instanceCount() {
        return series.values().stream().mapToInt(Map::size).sum();
    }
}
