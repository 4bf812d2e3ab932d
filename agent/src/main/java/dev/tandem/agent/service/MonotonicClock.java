package dev.tandem.agent.service;

import java.util.function.LongSupplier;

/**
 * The SRM's time in milliseconds: {@link System#nanoTime()} elapsed since the agent started,
 * added to the wall-clock time read once at that start (so persisted and shown times stay
 * readable). A wall-clock step while the agent runs moves nothing here: deadlines (heartbeats,
 * timeouts, delays) keep their pace. Never goes backwards.
 */
public final class MonotonicClock implements LongSupplier {
    private final long originMs;
    private final long originNanos;
    private final LongSupplier nanos;

    public MonotonicClock(LongSupplier wallAtStartMs) {
        this(wallAtStartMs, System::nanoTime);
    }

    /** @param nanos a nanoTime source (tests may pass their own) */
    MonotonicClock(LongSupplier wallAtStartMs, LongSupplier nanos) {
        this.nanos = nanos;
        this.originNanos = nanos.getAsLong();
        this.originMs = wallAtStartMs.getAsLong();
    }

    @Override
    public long getAsLong() {
        // nanoTime differences are monotonic (never negative) within one JVM
        return originMs + (nanos.getAsLong() - originNanos) / 1_000_000L;
    }
}
