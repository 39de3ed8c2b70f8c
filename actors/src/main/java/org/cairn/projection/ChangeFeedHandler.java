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
 * Appends a group of journal events to the change feed as public events, numbered on from the feed's last
 * sequence number, in the projection's transaction with its offset: each journal event is published exactly once,
 * and as the only writer commits group after group, the numbers have no gaps.
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
            long seq = ChangeFeedStore.latest(c);
            JdbcFeedMemory memory = new JdbcFeedMemory(c);
            List<FeedEvent> events = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (EventEnvelope<Object> envelope : envelopes) {
                for (PublicEvent event : PublicEvents.of(envelope.persistenceId(), envelope.sequenceNr(),
                    envelope.event(), memory)) {
                    events.add(FeedEnvelope.of(event, ++seq, source));
                    ids.add(event.id());
                }
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
