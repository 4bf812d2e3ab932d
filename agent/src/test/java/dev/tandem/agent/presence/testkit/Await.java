package dev.tandem.agent.presence.testkit;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/** Test-only: wait for a condition with a bound (checks every millisecond). */
public final class Await {
    private Await() {
    }

    public static <T> void until(Supplier<T> value, java.util.function.Predicate<T> ok, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        T last = value.get();
        while (!ok.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + bound + "; last value: " + last);
            }
            LockSupport.parkNanos(1_000_000);
            last = value.get();
        }
    }
}
