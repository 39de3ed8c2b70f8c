package org.cairn.study;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * An idempotent ask sent again each time an attempt times out, until one is answered or {@code total} has passed.
 * Only timeouts are retried: any other failure, or an answer, ends it.
 */
final class RetriedAsk {
    private RetriedAsk() {
    }

    static <T> CompletionStage<T> of(Supplier<CompletionStage<T>> attempt, Duration total) {
        long deadline = System.nanoTime() + total.toNanos();
        CompletableFuture<T> result = new CompletableFuture<>();
        run(attempt, deadline, result);
        return result;
    }

    private static <T> void run(Supplier<CompletionStage<T>> attempt, long deadline, CompletableFuture<T> result) {
        CompletionStage<T> answer;
        try {
            answer = attempt.get();
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        answer.whenComplete((value, failure) -> {
            if (failure == null) {
                result.complete(value);
            } else if (timedOut(failure) && System.nanoTime() < deadline) {
                run(attempt, deadline, result);
            } else {
                result.completeExceptionally(failure);
            }
        });
    }

    private static boolean timedOut(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
