package org.cairn.study;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.persistence.jdbc.query.javadsl.JdbcReadJournal;
import org.apache.pekko.persistence.query.PersistenceQuery;
import org.apache.pekko.stream.javadsl.Sink;

/**
 * A study's history as people read it, from its events in the journal: what was stored, linked, corrected (before
 * and after), deleted, restored and purged, by whom, when. The journal's events stay inside; this is their public
 * form.
 */
public final class StudyHistory {
    private StudyHistory() {
    }

    /** One thing that happened to the study. {@code details} hold the event's own facts, in a stable order. */
    public record Entry(long sequenceNumber, String type, Instant at, String by, Map<String, Object> details) {
    }

    /** The history of {@code studyUid}, oldest first, from sequence number {@code from}, at most {@code limit}. */
    public static CompletionStage<List<Entry>> of(ActorSystem<?> system, String studyUid, long from, int limit) {
        JdbcReadJournal journal = PersistenceQuery.get(system)
            .getReadJournalFor(JdbcReadJournal.class, JdbcReadJournal.Identifier());
        return journal.currentEventsByPersistenceId(StudyEntity.persistenceId(studyUid).id(), Math.max(1, from),
                Long.MAX_VALUE)
            .filter(envelope -> envelope.event() instanceof StudyEvent)
            .map(envelope -> entry(envelope.sequenceNr(), (StudyEvent) envelope.event()))
            .take(limit)
            .runWith(Sink.seq(), system);
    }

    /** The public form of one event; {@code sequenceNumber} is its place in the study's journal (0: unknown). */
    public static Entry entry(long sequenceNumber, StudyEvent event) {
        Map<String, Object> details = new LinkedHashMap<>();
        if (event instanceof StudyEvent.InstanceStored || event instanceof StudyEvent.InstanceReplaced) {
            StudyEvent.StoredInstance i = event.stored();
            details.put("seriesInstanceUid", i.seriesUid());
            details.put("sopInstanceUid", i.sopInstanceUid());
            details.put("sopClassUid", i.sopClassUid());
            details.put("transferSyntaxUid", i.transferSyntaxUid());
            details.put("size", i.size());
            String type = event instanceof StudyEvent.InstanceStored ? "InstanceStored" : "InstanceReplaced";
            return new Entry(sequenceNumber, type, i.receivedAt(), i.sourceAeTitle(), details);
        }
        if (event instanceof StudyEvent.LinkedToOrder linked) {
            details.put("accessionNumber", linked.accessionNumber());
            return new Entry(sequenceNumber, "LinkedToOrder", linked.at(), null, details);
        }
        if (event instanceof StudyEvent.AttributesChanged changed) {
            details.put("changes", changed.changes().stream().map(c -> {
                Map<String, Object> change = new LinkedHashMap<>();
                change.put("attribute", c.keyword());
                change.put("before", c.before());
                change.put("after", c.after());
                return change;
            }).toList());
            details.put("reason", changed.reason());
            return new Entry(sequenceNumber, "AttributesChanged", changed.at(), changed.by(), details);
        }
        if (event instanceof StudyEvent.StudyDeleted deleted) {
            details.put("reason", deleted.reason());
            return new Entry(sequenceNumber, "StudyDeleted", deleted.at(), deleted.by(), details);
        }
        if (event instanceof StudyEvent.StudyRestored restored) {
            return new Entry(sequenceNumber, "StudyRestored", restored.at(), restored.by(), details);
        }
        if (event instanceof StudyEvent.StudyStable stable) {
            details.put("seriesCount", stable.seriesCount());
            details.put("instanceCount", stable.instanceCount());
            details.put("lastReceivedAt", stable.lastReceivedAt().toString());
            return new Entry(sequenceNumber, "StudyStable", stable.at(), null, details);
        }
        StudyEvent.StudyPurged purged = (StudyEvent.StudyPurged) event;
        details.put("blobs", purged.digests().size());
        return new Entry(sequenceNumber, "StudyPurged", purged.at(), purged.by(), details);
    }
}
