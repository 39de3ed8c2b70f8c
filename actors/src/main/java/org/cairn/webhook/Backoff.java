package org.cairn.webhook;

import java.time.Duration;

/**
 * The wait before retrying a failed delivery: {@code min} after the first failure, doubling with each further one up
 * to {@code max}, less up to {@code jitter} of it (a fraction from 0 to 1) so that subscribers failing together do not
 * retry together. The wait is never above {@code max} and never below {@code (1 - jitter)} times the doubled value.
 */
public record Backoff(Duration min, Duration max, double jitter) {
    /** A fifth: spreads retries without making the wait much shorter than asked. */
    public static final double DEFAULT_JITTER = 0.2;

    public Backoff {
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < min <= max, not " + min + " and " + max);
        }
        if (!(jitter >= 0 && jitter <= 1)) {
            throw new IllegalArgumentException("jitter must be from 0 to 1, not " + jitter);
        }
    }

    public Backoff(Duration min, Duration max) {
        this(min, max, DEFAULT_JITTER);
    }

    /** The wait after {@code failures} (1 or more) consecutive failures, {@code random} being from 0 (incl.) to 1. */
    public Duration delay(int failures, double random) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be 1 or more, not " + failures);
        }
        long minNanos = min.toNanos();
        long maxNanos = max.toNanos();
        // Doubling past max is pointless, and shifting further would overflow.
        long doubled = minNanos;
        for (int i = 1; i < failures && doubled < maxNanos; i++) {
            doubled = doubled > maxNanos / 2 ? maxNanos : doubled * 2;
        }
        long base = Math.min(doubled, maxNanos);
        return Duration.ofNanos(base - (long) (base * jitter * random));
    }
}
