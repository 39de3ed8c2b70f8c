package org.cairn.load.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * How long after each C-STORE success response its {@code instance.created} event arrived over one channel.
 *
 * @param micros           the latencies in microseconds, one per instance that arrived
 * @param missing          the instances whose event never arrived
 * @param beforeResponse   events that arrived before the client had seen the response (counted as 0)
 * @param drainMillis      from the last response to the last arrival: how far the channel trailed when ingest ended
 *                         (NaN when some never arrived)
 * @param keptUpPerSecond  events that arrived between the first and the last response, per second of that span: the
 *                         channel's delivery rate while ingest ran (NaN for fewer than two responses)
 */
public record DeliveryLatencies(Histogram micros, List<String> missing, int beforeResponse, double drainMillis,
                                double keptUpPerSecond) {

    /** From the response times and the arrival times of the same instances, both {@link System#nanoTime()}. */
    public static DeliveryLatencies of(Map<String, Long> storedNanos, Map<String, Long> arrivedNanos) {
        Histogram micros = new Histogram(3);
        List<String> missing = new ArrayList<>();
        int early = 0;
        long firstStored = Long.MAX_VALUE;
        long lastStored = Long.MIN_VALUE;
        long lastArrived = Long.MIN_VALUE;
        for (Map.Entry<String, Long> stored : storedNanos.entrySet()) {
            firstStored = Math.min(firstStored, stored.getValue());
            lastStored = Math.max(lastStored, stored.getValue());
            Long arrived = arrivedNanos.get(stored.getKey());
            if (arrived == null) {
                missing.add(stored.getKey());
                continue;
            }
            lastArrived = Math.max(lastArrived, arrived);
            long latency = arrived - stored.getValue();
            if (latency < 0) {
                early++;
                latency = 0;
            }
            micros.recordValue(latency / 1_000);
        }
        int duringIngest = 0;
        for (String sop : storedNanos.keySet()) {
            Long arrived = arrivedNanos.get(sop);
            if (arrived != null && arrived >= firstStored && arrived <= lastStored) {
                duringIngest++;
            }
        }
        double drain = missing.isEmpty() && !storedNanos.isEmpty() ? (lastArrived - lastStored) / 1e6 : Double.NaN;
        double keptUp = storedNanos.size() < 2 ? Double.NaN : duringIngest / ((lastStored - firstStored) / 1e9);
        return new DeliveryLatencies(micros, List.copyOf(missing), early, drain, keptUp);
    }

    public long count() {
        return micros.getTotalCount();
    }

    public double millis(double percentile) {
        return micros.getValueAtPercentile(percentile) / 1e3;
    }

    public double maxMillis() {
        return micros.getMaxValue() / 1e3;
    }

    public double meanMillis() {
        return micros.getMean() / 1e3;
    }
}
