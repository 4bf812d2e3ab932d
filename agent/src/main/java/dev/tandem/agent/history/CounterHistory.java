package dev.tandem.agent.history;

import dev.tandem.proto.admin.v1.CounterSample;
import java.util.ArrayList;
import java.util.List;

/**
 * The last hour of this node's counter samples at one a second: a fixed ring, so memory stays
 * bounded however long the agent runs (3600 samples of a few counters each). Kept in memory
 * only: a restart starts it empty. Thread-safe.
 */
public final class CounterHistory {
    public static final int CAPACITY = 3600;
    public static final long RESOLUTION_MS = 1000;

    private final CounterSample[] ring;
    private final long[] atMs;
    private int next;
    private int size;

    public CounterHistory() {
        this(CAPACITY);
    }

    CounterHistory(int capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        ring = new CounterSample[capacity];
        atMs = new long[capacity];
    }

    /** Adds the newest sample; a sample older than the newest kept is refused (time order is kept). */
    public synchronized boolean add(long sampleAtMs, CounterSample s) {
        if (size > 0 && sampleAtMs < atMs[(next - 1 + ring.length) % ring.length]) {
            return false;
        }
        ring[next] = s;
        atMs[next] = sampleAtMs;
        next = (next + 1) % ring.length;
        size = Math.min(size + 1, ring.length);
        return true;
    }

    /** The kept samples taken at or after {@code sinceMs}, oldest first. */
    public synchronized List<CounterSample> since(long sinceMs) {
        List<CounterSample> out = new ArrayList<>();
        int first = (next - size + ring.length) % ring.length;
        for (int i = 0; i < size; i++) {
            int k = (first + i) % ring.length;
            if (atMs[k] >= sinceMs) {
                out.add(ring[k]);
            }
        }
        return out;
    }

    public synchronized int size() {
        return size;
    }
}
