package org.cairn.projection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SettledPositionTest {
    private static final long TIMEOUT = 10_000;

    @Test
    void consecutivePositionsAreSettled() {
        SettledPosition p = SettledPosition.advance(new SettledPosition(100, -1), List.of(101L, 102L, 103L), 0, TIMEOUT);
        assertThat(p).isEqualTo(new SettledPosition(103, -1));
    }

    @Test
    void aHoleIsWaitedForThenGivenUpOn() {
        // 104 not committed yet: stop before it and remember when the hole was seen
        SettledPosition p = SettledPosition.advance(new SettledPosition(102, -1), List.of(103L, 105L, 106L), 1_000,
            TIMEOUT);
        assertThat(p).isEqualTo(new SettledPosition(103, 1_000));
        // 104 arrives: everything is settled
        assertThat(SettledPosition.advance(p, List.of(104L, 105L, 106L), 2_000, TIMEOUT))
            .isEqualTo(new SettledPosition(106, -1));
        // 104 never arrives (a rolled-back insert): still waiting before the timeout, skipped after it
        assertThat(SettledPosition.advance(p, List.of(105L, 106L), 10_999, TIMEOUT)).isEqualTo(p);
        assertThat(SettledPosition.advance(p, List.of(105L, 106L), 11_000, TIMEOUT))
            .isEqualTo(new SettledPosition(106, -1));
    }

    @Test
    void aHoleAtTheStartAndNothingNew() {
        assertThat(SettledPosition.advance(new SettledPosition(0, -1), List.of(2L), 500, TIMEOUT))
            .isEqualTo(new SettledPosition(0, 500));
        assertThat(SettledPosition.advance(new SettledPosition(7, -1), List.of(), 500, TIMEOUT))
            .isEqualTo(new SettledPosition(7, -1));
    }
}
