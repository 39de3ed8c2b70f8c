package org.cairn.projection;

import java.util.ArrayList;
import java.util.List;
import kamon.Kamon;
import kamon.metric.Histogram;
import org.apache.pekko.projection.eventsourced.EventEnvelope;
import org.apache.pekko.projection.jdbc.javadsl.JdbcHandler;
import org.cairn.events.ChangeFeedStore;
import org.cairn.events.FeedEnvelope;
import org.cairn.events.FeedEvent;
import org.cairn.events.JdbcFeedMemory;
import org.cairn.events.PublicEvent;
import org.cairn.events.PublicEvents;

/**
 * Appends a group of journal events to the change feed as public events, in the projection's transaction with its
 * offset, so each journal event is published exactly once; their numbers come from the feed's head
 * ({@link ChangeFeedStore#reserve}), which keeps them gap-free in commit order.
 */
final class ChangeFeedHandler extends JdbcHandler<List<EventEnvelope<Object>>, ViewSession> {
    /** Milliseconds from an event's persistence to its place in the feed. */
    static final Histogram LAG = Kamon.histogram("cairn.projection.lag-ms").withTag("projection", "change-feed");

    private final String source;

    ChangeFeedHandler(String source) {
        this.source = source;
    }

    @Override
    public void process(ViewSession session, List<EventEnvelope<Object>> envelopes) throws Exception {
        session.withConnection(c -> {
            JdbcFeedMemory memory = new JdbcFeedMemory(c);
            List<PublicEvent> published = new ArrayList<>();
            for (EventEnvelope<Object> envelope : envelopes) {
                published.addAll(PublicEvents.of(envelope.persistenceId(), envelope.sequenceNr(), envelope.event(),
                    memory));
            }
            if (published.isEmpty()) {
                return null;
            }
            long seq = ChangeFeedStore.reserve(c, published.size());
            List<FeedEvent> events = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (PublicEvent event : published) {
                events.add(FeedEnvelope.of(event, seq++, source));
                ids.add(event.id());
            }
            ChangeFeedStore.append(c, events, ids);
            return null;
        });
        long now = System.currentTimeMillis();
        for (EventEnvelope<Object> envelope : envelopes) {
            LAG.record(Math.max(0, now - envelope.timestamp()));
        }
    }
}
