package org.cairn.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetriedAskTest {

    @Test
    void anAttemptThatTimesOutIsSentAgainUntilOneIsAnswered() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        var answer = RetriedAsk.of(() -> attempts.incrementAndGet() < 3
            ? CompletableFuture.failedFuture(new TimeoutException("lost with the dead node"))
            : CompletableFuture.completedFuture("stored"), Duration.ofSeconds(5));
        assertThat(answer.toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo("stored");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void otherFailuresAreNotRetried() {
        AtomicInteger attempts = new AtomicInteger();
        var answer = RetriedAsk.<String>of(() -> {
            attempts.incrementAndGet();
            return CompletableFuture.failedFuture(new IllegalStateException("journal down"));
        }, Duration.ofSeconds(5));
        assertThatThrownBy(() -> answer.toCompletableFuture().get(5, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(IllegalStateException.class);
        assertThat(attempts).hasValue(1);
    }

    @Test
    void timeoutsEndInFailureOnceTheTotalHasPassed() {
        AtomicInteger attempts = new AtomicInteger();
        var answer = RetriedAsk.<String>of(() -> {
            attempts.incrementAndGet();
            return CompletableFuture.supplyAsync(() -> {
                throw new java.util.concurrent.CompletionException(new TimeoutException("no answer"));
            }, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
        }, Duration.ofMillis(300));
        assertThatThrownBy(() -> answer.toCompletableFuture().get(5, TimeUnit.SECONDS))
            .hasRootCauseInstanceOf(TimeoutException.class);
        assertThat(attempts.get()).as("retried while time remained, then stopped").isBetween(2, 7);
    }
}
