package org.cairn.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SettledPositionTest {
    private static final long TIMEOUT = 10_000;

    @Test
    void consecutivePositionsAreSettled() {
        SettledPosition p = SettledPosition.advance(SettledPosition.at(100), List.of(101L, 102L, 103L), 0, TIMEOUT);
        assertThat(p).isEqualTo(SettledPosition.at(103));
    }

    @Test
    void aHoleIsWaitedForThenGivenUpOn() {
        // 104 not committed yet: stop before it and remember when the hole was seen, and what had been read then
        SettledPosition p = SettledPosition.advance(SettledPosition.at(102), List.of(103L, 105L, 106L), 1_000,
            TIMEOUT);
        assertThat(p).isEqualTo(new SettledPosition(103, 1_000, 106));
        // 104 arrives: everything is settled
        assertThat(SettledPosition.advance(p, List.of(104L, 105L, 106L), 2_000, TIMEOUT))
            .isEqualTo(SettledPosition.at(106));
        // 104 never arrives (a rolled-back insert): still waiting before the timeout, skipped after it
        assertThat(SettledPosition.advance(p, List.of(105L, 106L), 10_999, TIMEOUT)).isEqualTo(p);
        assertThat(SettledPosition.advance(p, List.of(105L, 106L), 11_000, TIMEOUT))
            .isEqualTo(SettledPosition.at(106));
    }

    @Test
    void holesLeftByOneCrashAreGivenUpOnTogether() {
        // a SIGKILL interrupted the inserts of 102, 104 and 106 while 101, 103, 105 and 107 committed
        SettledPosition p = SettledPosition.advance(SettledPosition.at(100), List.of(101L, 103L, 105L, 107L), 1_000,
            TIMEOUT);
        assertThat(p).isEqualTo(new SettledPosition(101, 1_000, 107));
        assertThat(SettledPosition.advance(p, List.of(103L, 105L, 107L, 108L), 5_000, TIMEOUT)).isEqualTo(p);
        // one timeout for all three, not one each
        assertThat(SettledPosition.advance(p, List.of(103L, 105L, 107L, 108L), 11_000, TIMEOUT))
            .isEqualTo(SettledPosition.at(108));
    }

    @Test
    void aHoleAboveTheHorizonIsWaitedForAfresh() {
        SettledPosition p = new SettledPosition(101, 1_000, 107);
        // 108 and 109 were handed out after the first wait began: they get a wait of their own
        assertThat(SettledPosition.advance(p, List.of(103L, 105L, 107L, 110L), 11_000, TIMEOUT))
            .isEqualTo(new SettledPosition(107, 11_000, 110));
        // a hole that straddles the horizon: given up to the horizon, waited for above it
        assertThat(SettledPosition.advance(p, List.of(103L, 105L, 110L), 11_000, TIMEOUT))
            .isEqualTo(new SettledPosition(107, 11_000, 110));
    }

    @Test
    void aPartialReadBelowTheHorizonKeepsTheWait() {
        SettledPosition p = new SettledPosition(101, 1_000, 107);
        // a batch of one: 102 is given up, 103 read, the rest of the wait continues
        assertThat(SettledPosition.advance(p, List.of(103L), 11_000, TIMEOUT))
            .isEqualTo(new SettledPosition(103, 1_000, 107));
        assertThat(SettledPosition.advance(p, List.of(102L), 5_000, TIMEOUT))
            .isEqualTo(new SettledPosition(102, 1_000, 107));
    }

    @Test
    void aHoleAtTheStartAndNothingNew() {
        assertThat(SettledPosition.advance(SettledPosition.at(0), List.of(2L), 500, TIMEOUT))
            .isEqualTo(new SettledPosition(0, 500, 2));
        assertThat(SettledPosition.advance(SettledPosition.at(7), List.of(), 500, TIMEOUT))
            .isEqualTo(SettledPosition.at(7));
    }
}
