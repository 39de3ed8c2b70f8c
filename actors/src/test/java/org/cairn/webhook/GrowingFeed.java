package org.cairn.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import org.cairn.events.FeedEvent;
import org.cairn.events.FeedFilter;
import org.cairn.events.FeedSource;

/**
 * The change feed as an in-memory list that tests append to: seq 1, 2, 3..., each event a CloudEvents JSON object
 * with id {@code evt-<seq>}. Followers look for new events every few milliseconds, as the stored feed's do.
 */
final class GrowingFeed implements FeedSource {
    private static final Duration POLL = Duration.ofMillis(5);

    private final List<FeedEvent> events = new CopyOnWriteArrayList<>();

    /** Appends an event of {@code type} about {@code study}; returns its seq. */
    synchronized long append(String type, String study) {
        long seq = events.size() + 1;
        Instant time = Instant.now();
        String json = "{\"specversion\":\"1.0\",\"id\":\"evt-" + seq + "\",\"source\":\"/cairn/test\",\"type\":\""
            + type + "\",\"subject\":\"" + study + "\",\"time\":\"" + time + "\",\"seq\":" + seq
            + ",\"datacontenttype\":\"application/json\",\"data\":{\"studyInstanceUid\":\"" + study + "\"}}";
        events.add(new FeedEvent(seq, type, study, time, json));
        return seq;
    }

    void append(int count, String type) {
        for (int i = 0; i < count; i++) {
            append(type, "1.2.3." + (events.size() + 1));
        }
    }

    long latest() {
        return events.size();
    }

    FeedEvent event(long seq) {
        return events.get((int) seq - 1);
    }

    @Override
    public Source<FeedEvent, NotUsed> follow(long after, FeedFilter filter) {
        return Source.tick(Duration.ZERO, POLL, NotUsed.getInstance())
            .mapMaterializedValue(cancellable -> NotUsed.getInstance())
            .statefulMapConcat(() -> {
                long[] cursor = {after};
                return tick -> {
                    List<FeedEvent> next = new ArrayList<>();
                    for (long seq = cursor[0] + 1; seq <= events.size(); seq++) {
                        next.add(events.get((int) seq - 1));
                    }
                    cursor[0] += next.size();
                    return next;
                };
            })
            .filter(filter::matches);
    }
}
