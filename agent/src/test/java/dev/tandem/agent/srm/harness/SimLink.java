package dev.tandem.agent.srm.harness;

/**
 * The network between the two SRMs: delivers after a delay, in order; can drop the next
 * messages, or be partitioned (everything sent or arriving meanwhile is lost).
 */
public final class SimLink {
    private long delayMs = 2;
    private boolean partitioned;
    private int dropNext;
    /** When the link last came up (for "while the link is up" properties). */
    private long upSinceMs;

    public long delayMs() {
        return delayMs;
    }

    public void setDelayMs(long d) {
        this.delayMs = d;
    }

    public boolean partitioned() {
        return partitioned;
    }

    public void partition(boolean p, long now) {
        if (partitioned && !p) {
            upSinceMs = now;
        }
        partitioned = p;
    }

    public long upSinceMs() {
        return upSinceMs;
    }

    public void dropNext(int n) {
        dropNext += n;
    }

    /** Whether a message sent now leaves at all. */
    boolean takesMessage() {
        if (partitioned) {
            return false;
        }
        if (dropNext > 0) {
            dropNext--;
            return false;
        }
        return true;
    }
}
