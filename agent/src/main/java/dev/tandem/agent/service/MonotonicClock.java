package dev.tandem.agent.service;

import java.util.function.LongSupplier;

/** Wall-clock milliseconds that never go backwards (the SRM core refuses time that does). */
public final class MonotonicClock implements LongSupplier {
    private long last;

    @Override
    public synchronized long getAsLong() {
        last = Math.max(last, System.currentTimeMillis());
        return last;
    }
}
