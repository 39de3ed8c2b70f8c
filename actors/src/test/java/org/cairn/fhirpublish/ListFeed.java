package org.cairn.fhirpublish;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Source;
import org.cairn.events.FeedEvent;
import org.cairn.events.FeedFilter;
import org.cairn.events.FeedSource;

/**
 * A change feed held in a list the test appends to: followed as the real one is, from a cursor and forever, by
 * looking for new events every few milliseconds. Remembers the cursors readers asked to follow from.
 */
final class ListFeed implements FeedSource {
    private final List<FeedEvent> events = new CopyOnWriteArrayList<>();
    final List<Long> followedFrom = new CopyOnWriteArrayList<>();

    /** Appends an event of {@code type} about {@code studyUid}, with the next seq; returns that seq. */
    synchronized long append(String type, String studyUid) {
        long seq = events.size() + 1;
        events.add(new FeedEvent(seq, type, studyUid, Instant.now(),
            "{\"specversion\":\"1.0\",\"type\":\"" + type + "\",\"seq\":" + seq + "}"));
        return seq;
    }

    @Override
    public Source<FeedEvent, NotUsed> follow(long after, FeedFilter filter) {
        followedFrom.add(after);
        AtomicLong cursor = new AtomicLong(after);
        return Source.tick(Duration.ZERO, Duration.ofMillis(10), NotUsed.getInstance())
            .mapConcat(tick -> {
                List<FeedEvent> next = events.stream().filter(e -> e.seq() > cursor.get()).toList();
                if (!next.isEmpty()) {
                    cursor.set(next.get(next.size() - 1).seq());
                }
                return next.stream().filter(filter::matches).toList();
            })
            .mapMaterializedValue(cancellable -> NotUsed.getInstance());
    }
}
