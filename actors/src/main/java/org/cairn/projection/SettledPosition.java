package org.cairn.projection;

import java.util.List;

/**
 * How far the journal is settled: journal positions (the ordering column) are handed out when an insert starts
 * and become visible when it commits, so a reader can see position 105 before 104. Reading past 104 then would
 * lose it. A reader may advance only over consecutive positions; a hole is waited for until it is older than a
 * timeout, after which it is taken for a rolled-back insert (positions are never reused). Pure: the caller keeps
 * the time a hole was first seen.
 *
 * @param upTo          every position up to here has been seen or given up on
 * @param holeFirstSeen when the first hole above {@code upTo} was first seen (milliseconds), or -1 if none
 */
record SettledPosition(long upTo, long holeFirstSeen) {

    /**
     * The settled position after reading {@code positions} (ascending, all greater than {@code previous.upTo()})
     * at {@code now}.
     */
    static SettledPosition advance(SettledPosition previous, List<Long> positions, long now, long holeTimeoutMillis) {
        long upTo = previous.upTo();
        long holeSince = previous.holeFirstSeen();
        for (long p : positions) {
            if (p == upTo + 1) {
                upTo = p;
                holeSince = -1;
                continue;
            }
            // a hole before p: wait for it, unless it has been there long enough to be a rollback
            if (holeSince < 0) {
                return new SettledPosition(upTo, now);
            }
            if (now - holeSince < holeTimeoutMillis) {
                return new SettledPosition(upTo, holeSince);
            }
            upTo = p;
            holeSince = -1;
        }
        return new SettledPosition(upTo, holeSince);
    }
}
