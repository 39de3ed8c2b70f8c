package org.cairn.load.events;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each instance's {@code instance.created} event first reached one channel (SSE or a webhook), by SOP Instance
 * UID, as {@link System#nanoTime()} taken before the event was parsed. A second delivery of the same event (at least
 * once) is counted but keeps the first time.
 */
public final class Arrivals {
    private final Map<String, Long> first = new ConcurrentHashMap<>();

    public void record(String sopInstanceUid, long arrivedNanos) {
        first.putIfAbsent(sopInstanceUid, arrivedNanos);
    }

    /** A copy of the first arrival of each instance's event. */
    public Map<String, Long> firstArrivals() {
        return Map.copyOf(first);
    }

    /** Waits until every one of {@code sopInstanceUids} arrived; false if some had not within {@code timeout}. */
    public boolean awaitAll(Collection<String> sopInstanceUids, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!first.keySet().containsAll(sopInstanceUids)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }
}
