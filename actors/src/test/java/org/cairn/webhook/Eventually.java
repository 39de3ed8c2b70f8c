package org.cairn.webhook;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for what asynchronous deliveries make true, failing with what was awaited. */
final class Eventually {
    private Eventually() {
    }

    static void await(Duration within, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within + ": " + what);
            }
            Thread.sleep(10);
        }
    }
}
