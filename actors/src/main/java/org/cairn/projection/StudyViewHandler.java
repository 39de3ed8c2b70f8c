package org.cairn.projection;

import java.util.List;
import kamon.Kamon;
import kamon.metric.Histogram;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;
import org.cairn.dicom.AttributePatch;
import org.cairn.study.ChangeableAttribute;
import org.cairn.study.StudyEvent;
import org.cairn.views.StudyViewChanges;
import org.cairn.views.IndexedInstance;
import org.cairn.views.ViewUpdater;

/** Applies a group of Study events to the views in the projection's transaction, and records the lag. */
final class StudyViewHandler extends JdbcHandler<List<EventEnvelope<StudyEvent>>, ViewSession> {
    /** Milliseconds from an event's persistence to its view update. */
    static final Histogram LAG = Kamon.histogram("cairn.projection.lag-ms").withTag("projection", "study-views");

    @Override
    public void process(ViewSession session, List<EventEnvelope<StudyEvent>> envelopes) throws Exception {
        session.withConnection(c -> {
            for (EventEnvelope<StudyEvent> envelope : envelopes) {
                StudyEvent event = envelope.event();
                if (event.stored() != null) {
                    ViewUpdater.apply(c, indexed(event));
                } else if (event instanceof StudyEvent.AttributesChanged changed) {
                    StudyViewChanges.changeAttributes(c, changed.studyUid(), changes(changed));
                } else if (event instanceof StudyEvent.StudyDeleted deleted) {
                    StudyViewChanges.delete(c, deleted.studyUid(), deleted.at(), deleted.by(), deleted.reason());
                } else if (event instanceof StudyEvent.StudyRestored restored) {
                    StudyViewChanges.restore(c, restored.studyUid());
                } else if (event instanceof StudyEvent.StudyPurged purged) {
                    StudyViewChanges.purge(c, purged.studyUid());
                } // a link to an order changes no view of the study
            }
            return null;
        });
        long now = System.currentTimeMillis();
        for (EventEnvelope<StudyEvent> envelope : envelopes) {
            LAG.record(Math.max(0, now - envelope.timestamp()));
        }
    }

    static List<AttributePatch.Change> changes(StudyEvent.AttributesChanged changed) {
        return changed.changes().stream()
            .flatMap(c -> ChangeableAttribute.find(c.keyword()).map(a -> a.change(c.after())).stream())
            .toList();
    }

    static IndexedInstance indexed(StudyEvent event) {
        StudyEvent.StoredInstance i = event.stored();
        return new IndexedInstance(event.studyUid(), i.seriesUid(), i.sopInstanceUid(), i.sopClassUid(),
            i.transferSyntaxUid(), i.digest(), i.size(), i.sourceAeTitle(), i.receivedAt(), i.attributesJson());
    }
}
