package org.cairn.study;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cairn.dicom.AttributePatch;
import org.cairn.dicom.DataSet;
import org.cairn.dicom.DicomException;
import org.cairn.dicom.DicomJson;
import org.cairn.journal.JournalSerializable;

/**
 * A study as its events left it: series, and their instances by SOP Instance UID; the orders (Accession Numbers)
 * its images were linked to; the attribute corrections in force (by keyword); and whether it is deleted. Immutable;
 * {@link #apply} and the {@code decide} methods are pure, so the entity's logic is tested without actors.
 */
public record StudyState(String studyUid, Map<String, Map<String, StudyEvent.StoredInstance>> series,
                         List<String> orders, Map<String, String> changes, Deletion deleted, Instant stableSince)
    implements JournalSerializable {

    public StudyState {
        orders = orders == null ? List.of() : orders; // snapshots taken before orders existed
        changes = changes == null ? Map.of() : changes; // or before corrections
    }

    public StudyState(String studyUid, Map<String, Map<String, StudyEvent.StoredInstance>> series) {
        this(studyUid, series, List.of(), Map.of(), null, null);
    }

    public static StudyState empty(String studyUid) {
        return new StudyState(studyUid, Map.of());
    }

    /** When, by whom and why a study was deleted. */
    public record Deletion(Instant at, String by, String reason) implements JournalSerializable {
    }

    /** What a command comes to. */
    public sealed interface Decision {
        /** Persist this event. */
        record Persist(StudyEvent event) implements Decision {
        }

        /** The same content is already stored (or the change is already in force): succeed without a new event. */
        record AlreadyStored() implements Decision {
        }

        /** Refused; nothing changes. */
        record Refuse(String reason) implements Decision {
        }
    }

    public boolean exists() {
        return !series.isEmpty();
    }

    public boolean deletedNow() {
        return deleted != null;
    }

    public Decision decide(StudyEvent.StoredInstance candidate, DuplicatePolicy policy) {
        if (deleted != null) {
            return new Decision.Refuse("study " + studyUid + " is deleted: restore it, or store again after it is purged");
        }
        StudyEvent.StoredInstance existing = find(candidate.sopInstanceUid());
        if (existing == null) {
            return new Decision.Persist(new StudyEvent.InstanceStored(studyUid, corrected(candidate)));
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
            case REPLACE -> new Decision.Persist(new StudyEvent.InstanceReplaced(studyUid, corrected(candidate),
                existing.digest()));
        };
    }

    /**
     * Corrections to the patient and study attributes: each value is validated; values equal to the ones in force
     * change nothing. The event records every attribute's value before and after.
     */
    public Decision decideChange(Map<ChangeableAttribute, String> wanted, String by, String reason, Instant now) {
        if (!exists()) {
            return new Decision.Refuse("no study " + studyUid);
        }
        if (deleted != null) {
            return new Decision.Refuse("study " + studyUid + " is deleted: restore it before changing it");
        }
        if (wanted.isEmpty()) {
            return new Decision.Refuse("no attribute to change");
        }
        List<String> problems = new ArrayList<>();
        wanted.forEach((attribute, value) -> attribute.problem(value).ifPresent(problems::add));
        if (!problems.isEmpty()) {
            return new Decision.Refuse(String.join("; ", problems));
        }
        DataSet current = firstInstanceAttributes();
        List<StudyEvent.AttributeChange> made = new ArrayList<>();
        for (ChangeableAttribute attribute : ChangeableAttribute.values()) {
            if (!wanted.containsKey(attribute)) {
                continue;
            }
            String before = currentValue(attribute, current);
            String after = wanted.get(attribute);
            if (!after.equals(before == null ? "" : before)) {
                made.add(new StudyEvent.AttributeChange(attribute.keyword(), before, after));
            }
        }
        if (made.isEmpty()) {
            return new Decision.AlreadyStored();
        }
        return new Decision.Persist(new StudyEvent.AttributesChanged(studyUid, List.copyOf(made), by, reason, now));
    }

    public Decision decideDelete(String by, String reason, Instant now) {
        if (!exists()) {
            return new Decision.Refuse("no study " + studyUid);
        }
        if (deleted != null) {
            return new Decision.AlreadyStored();
        }
        if (reason == null || reason.isBlank()) {
            return new Decision.Refuse("a reason is required to delete a study");
        }
        return new Decision.Persist(new StudyEvent.StudyDeleted(studyUid, by, reason, now));
    }

    public Decision decideRestore(String by, Instant now) {
        if (!exists()) {
            return new Decision.Refuse("no study " + studyUid);
        }
        if (deleted == null) {
            return new Decision.AlreadyStored();
        }
        return new Decision.Persist(new StudyEvent.StudyRestored(studyUid, by, now));
    }

    /** Purging is for studies deleted at or before {@code deletedBefore} (the end of their retention). */
    public Decision decidePurge(String by, Instant deletedBefore, Instant now) {
        if (!exists()) {
            return new Decision.Refuse("no study " + studyUid);
        }
        if (deleted == null) {
            return new Decision.Refuse("study " + studyUid + " is not deleted: delete it before purging it");
        }
        if (deleted.at().isAfter(deletedBefore)) {
            return new Decision.Refuse("study " + studyUid + " was deleted at " + deleted.at()
                + ", within its retention period");
        }
        List<String> digests = new ArrayList<>();
        series.values().forEach(instances -> instances.values().forEach(i -> digests.add(i.digest())));
        return new Decision.Persist(new StudyEvent.StudyPurged(studyUid, by, now, List.copyOf(digests)));
    }

    /**
     * Whether the study has been quiet for {@code quietFor} at {@code now}: stable once per quiet spell (the next
     * instance starts a new one); never for an unknown or deleted study.
     */
    public Decision decideStable(Duration quietFor, Instant now) {
        if (!exists() || deleted != null) {
            return new Decision.Refuse("no such study");
        }
        if (stableSince != null) {
            return new Decision.AlreadyStored();
        }
        Instant last = lastReceivedAt();
        if (last.plus(quietFor).isAfter(now)) {
            return new Decision.Refuse("an instance arrived less than " + quietFor.toSeconds() + " s ago");
        }
        return new Decision.Persist(new StudyEvent.StudyStable(studyUid, series.size(), instanceCount(), last, now));
    }

    /** When the study's latest instance arrived (null when it has none). */
    public Instant lastReceivedAt() {
        Instant last = null;
        for (Map<String, StudyEvent.StoredInstance> instances : series.values()) {
            for (StudyEvent.StoredInstance i : instances.values()) {
                if (last == null || i.receivedAt().isAfter(last)) {
                    last = i.receivedAt();
                }
            }
        }
        return last;
    }

    public StudyState apply(StudyEvent event) {
        if (event instanceof StudyEvent.LinkedToOrder linked) {
            List<String> more = new ArrayList<>(orders);
            more.add(linked.accessionNumber());
            return new StudyState(studyUid, series, List.copyOf(more), changes, deleted, stableSince);
        }
        if (event instanceof StudyEvent.AttributesChanged changed) {
            Map<String, String> next = new LinkedHashMap<>(changes);
            changed.changes().forEach(c -> next.put(c.keyword(), c.after()));
            return new StudyState(studyUid, series, orders, Collections.unmodifiableMap(next), deleted, stableSince);
        }
        if (event instanceof StudyEvent.StudyDeleted d) {
            return new StudyState(studyUid, series, orders, changes, new Deletion(d.at(), d.by(), d.reason()), stableSince);
        }
        if (event instanceof StudyEvent.StudyRestored) {
            return new StudyState(studyUid, series, orders, changes, null, stableSince);
        }
        if (event instanceof StudyEvent.StudyStable stable) {
            return new StudyState(studyUid, series, orders, changes, deleted, stable.at());
        }
        if (event instanceof StudyEvent.StudyPurged) {
            return empty(studyUid);
        }
        StudyEvent.StoredInstance instance = event.stored();
        Map<String, Map<String, StudyEvent.StoredInstance>> next = new LinkedHashMap<>(series);
        Map<String, StudyEvent.StoredInstance> inSeries = new LinkedHashMap<>(next.getOrDefault(instance.seriesUid(), Map.of()));
        inSeries.put(instance.sopInstanceUid(), instance);
        next.put(instance.seriesUid(), Collections.unmodifiableMap(inSeries));
        return new StudyState(event.studyUid(), Collections.unmodifiableMap(next), orders, changes, deleted, null);
    }

    /** The corrections in force, as the changes to apply to a stored file. */
    public List<AttributePatch.Change> patch() {
        List<AttributePatch.Change> patch = new ArrayList<>();
        changes.forEach((keyword, value) -> ChangeableAttribute.find(keyword)
            .ifPresent(a -> patch.add(a.change(value))));
        return patch;
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

    /** A new instance's indexed attributes carry the corrections in force, as its served file will. */
    private StudyEvent.StoredInstance corrected(StudyEvent.StoredInstance candidate) {
        if (changes.isEmpty()) {
            return candidate;
        }
        DataSet attributes = parse(candidate.attributesJson());
        AttributePatch.put(attributes, patch());
        return new StudyEvent.StoredInstance(candidate.seriesUid(), candidate.sopInstanceUid(),
            candidate.sopClassUid(), candidate.transferSyntaxUid(), candidate.digest(), candidate.dataSetDigest(),
            candidate.size(), candidate.sourceAeTitle(), candidate.receivedAt(), DicomJson.inline().toJson(attributes));
    }

    private String currentValue(ChangeableAttribute attribute, DataSet firstInstance) {
        String changed = changes.get(attribute.keyword());
        if (changed != null) {
            return changed;
        }
        return firstInstance.getString(attribute.tag());
    }

    private DataSet firstInstanceAttributes() {
        return series.values().stream().flatMap(i -> i.values().stream()).findFirst()
            .map(i -> parse(i.attributesJson())).orElseGet(DataSet::new);
    }

    private static DataSet parse(String json) {
        try {
            return DicomJson.fromJson(json, uri -> null);
        } catch (DicomException unreadable) {
            return new DataSet();
        }
    }
}
