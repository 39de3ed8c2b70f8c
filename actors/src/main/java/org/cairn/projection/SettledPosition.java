package org.cairn.projection;

import java.util.List;

/**
 * How far the journal is settled: journal positions (the ordering column) are handed out when an insert starts
 * and become visible when it commits, so a reader can see position 105 before 104. Reading past 104 then would
 * lose it. A reader may advance only over consecutive positions; a hole is waited for until it is older than a
 * timeout, after which it is taken for a rolled-back insert (positions are never reused). Pure: the caller keeps
 * the time a hole was first seen.
 *
 * <p>When a hole is first seen, so is a horizon: the highest position read then. Every missing position below the
 * horizon was handed out before that moment, so once the timeout has passed they are all given up together. A
 * crash leaves one hole per insert it interrupted, interleaved with committed ones; waiting for each in turn would
 * hold the views back for that many timeouts after the restart.
 *
 * @param upTo          every position up to here has been seen or given up on
 * @param holeFirstSeen when the first hole above {@code upTo} was first seen (milliseconds), or -1 if none
 * @param horizon       the highest position read when that hole was first seen, or -1 if none
 */
record SettledPosition(long upTo, long holeFirstSeen, long horizon) {

    /** Nothing missing: settled up to {@code upTo}. */
    static SettledPosition at(long upTo) {
        return new SettledPosition(upTo, -1, -1);
    }

    /**
     * The settled position after reading {@code positions} (ascending, all greater than {@code previous.upTo()})
     * at {@code now}.
     */
    static SettledPosition advance(SettledPosition previous, List<Long> positions, long now, long holeTimeoutMillis) {
        long upTo = previous.upTo();
        // once the wait is over, whatever below the horizon has not appeared is taken for a rolled-back insert
        long givenUpTo = previous.holeFirstSeen() >= 0 && now - previous.holeFirstSeen() >= holeTimeoutMillis
            ? previous.horizon() : upTo;
        for (long p : positions) {
            if (p - 1 <= Math.max(upTo, givenUpTo)) {
                upTo = p;
                continue;
            }
            upTo = Math.max(upTo, givenUpTo);
            // a hole below the horizon is still waited for; a newer one starts a wait of its own
            return upTo < previous.horizon() ? previous.settledUpTo(upTo)
                : new SettledPosition(upTo, now, positions.get(positions.size() - 1));
        }
        return upTo < previous.horizon() ? previous.settledUpTo(upTo) : at(upTo); // a full batch short of the horizon
    }

    private SettledPosition settledUpTo(long position) {
        return new SettledPosition(position, holeFirstSeen, horizon);
    }
}
