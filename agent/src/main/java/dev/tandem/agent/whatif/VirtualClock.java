package dev.tandem.agent.whatif;

import java.util.PriorityQueue;

/** A virtual clock with a queue of things due at given times; FIFO among equal times. */
public final class VirtualClock {
    private record Job(long at, long seq, Runnable what) {}

    private final PriorityQueue<Job> queue = new PriorityQueue<>((a, b) ->
            a.at != b.at ? Long.compare(a.at, b.at) : Long.compare(a.seq, b.seq));
    private long now;
    private long seq;

    public long now() {
        return now;
    }

    public void at(long when, Runnable what) {
        queue.add(new Job(Math.max(when, now), seq++, what));
    }

    public void after(long delayMs, Runnable what) {
        at(now + delayMs, what);
    }

    /** Time of the next queued job, or Long.MAX_VALUE. */
    public long nextAt() {
        Job j = queue.peek();
        return j == null ? Long.MAX_VALUE : j.at;
    }

    /** Runs the next job if it is due no later than {@code limit}; returns false otherwise. */
    public boolean runNext(long limit) {
        Job j = queue.peek();
        if (j == null || j.at > limit) {
            return false;
        }
        queue.poll();
        now = j.at;
        j.what.run();
        return true;
    }

    public void advanceTo(long t) {
        if (t > now) {
            now = t;
        }
    }
}
