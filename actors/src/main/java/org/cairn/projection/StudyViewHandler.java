package org.cairn.projection;

import java.util.List;
import kamon.Kamon;
import kamon.metric.Histogram;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;
import org.cairn.study.StudyEvent;
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
                if (envelope.event().stored() != null) { // a link to an order changes no view of the study
                    ViewUpdater.apply(c, indexed(envelope.event()));
                }
            }
            return null;
        });
        long now = System.currentTimeMillis();
        for (EventEnvelope<StudyEvent> envelope : envelopes) {
            LAG.record(Math.max(0, now - envelope.timestamp()));
        }
    }

    static IndexedInstance indexed(StudyEvent event) {
        StudyEvent.StoredInstance i = event.stored();
        return new IndexedInstance(event.studyUid(), i.seriesUid(), i.sopInstanceUid(), i.sopClassUid(),
            i.transferSyntaxUid(), i.digest(), i.size(), i.sourceAeTitle(), i.receivedAt(), i.attributesJson());
    }
}
