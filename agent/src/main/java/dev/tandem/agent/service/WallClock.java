package dev.tandem.agent.service;

import java.util.function.LongSupplier;

/**
 * Wall-clock milliseconds, for display only (event and audit timestamps, "sent at"): it may
 * step back or forward like the machine's clock. Deadlines never use it ({@link MonotonicClock}).
 * {@link #step(long)} is a test hook: it shifts this clock as an NTP or operator step would.
 */
public final class WallClock implements LongSupplier {
    private volatile long offsetMs;

    @Override
    public long getAsLong() {
        return System.currentTimeMillis() + offsetMs;
    }

    /** Test hook: steps the wall clock by {@code deltaMs} (negative: back in time). */
    public void step(long deltaMs) {
        offsetMs += deltaMs;
    }

    /** The total step applied so far by {@link #step(long)}. */
    public long offsetMs() {
        return offsetMs;
    }
}
