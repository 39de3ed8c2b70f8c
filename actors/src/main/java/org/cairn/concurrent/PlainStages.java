package org.cairn.concurrent;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Stages that Pekko hands out (asks, materialized values) wrap Scala futures, and their non-async callbacks run
 * through {@code ForkJoinPool.commonPool()}. With fewer than three cores that "pool" starts a new thread for each
 * callback, two per stored instance. A plain {@link CompletableFuture} runs them on the completing thread instead.
 */
public final class PlainStages {
    /** Runs a callback on the thread that completes the stage. */
    private static final Executor COMPLETING_THREAD = Runnable::run;

    private PlainStages() {
    }

    /** The same outcome as {@code stage}, as a plain {@link CompletableFuture}. */
    public static <T> CompletableFuture<T> of(CompletionStage<T> stage) {
        CompletableFuture<T> plain = new CompletableFuture<>();
        stage.whenCompleteAsync((value, failure) -> {
            if (failure != null) {
                plain.completeExceptionally(failure);
            } else {
                plain.complete(value);
            }
        }, COMPLETING_THREAD);
        return plain;
    }
}
