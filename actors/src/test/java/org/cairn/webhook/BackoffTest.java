package org.cairn.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff noJitter = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), 0);

    @Test
    void doublesFromMinAfterEachFailure() {
        assertThat(noJitter.delay(1, 0.5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(noJitter.delay(2, 0.5)).isEqualTo(Duration.ofSeconds(2));
        assertThat(noJitter.delay(3, 0.5)).isEqualTo(Duration.ofSeconds(4));
        assertThat(noJitter.delay(9, 0.5)).isEqualTo(Duration.ofSeconds(256));
    }

    @Test
    void neverAboveMaxHoweverManyFailures() {
        assertThat(noJitter.delay(10, 0)).isEqualTo(Duration.ofMinutes(5));
        assertThat(noJitter.delay(64, 0)).isEqualTo(Duration.ofMinutes(5));
        assertThat(noJitter.delay(Integer.MAX_VALUE, 0)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void jitterOnlyShortensTheWaitAndByNoMoreThanItsFraction() {
        Backoff jittered = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5), 0.2);

        assertThat(jittered.delay(3, 0)).isEqualTo(Duration.ofSeconds(4));
        assertThat(jittered.delay(3, 0.5)).isEqualTo(Duration.ofMillis(3600));
        assertThat(jittered.delay(3, 0.999_999)).isBetween(Duration.ofMillis(3200), Duration.ofSeconds(4));
        assertThat(jittered.delay(20, 0.999_999)).isBetween(Duration.ofMinutes(4), Duration.ofMinutes(5));
    }

    @Test
    void theDefaultJitterIsAFifth() {
        assertThat(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10)).jitter()).isEqualTo(0.2);
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1)))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 1.5))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> noJitter.delay(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
