package dev.tandem.agent.whatif;

/**
 * The network between the two SRMs: delivers after a delay, in order; can drop the next
 * messages, or be partitioned (everything sent or arriving meanwhile is lost).
 */
public final class VirtualLink {
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

    private long lastLossMs = Long.MIN_VALUE / 2;

    /** Whether a message sent now leaves at all. */
    boolean takesMessage(long now) {
        if (partitioned) {
            lost(now);
            return false;
        }
        if (dropNext > 0) {
            dropNext--;
            lost(now);
            return false;
        }
        return true;
    }

    void lost(long now) {
        lastLossMs = now;
    }

    /** When the link last lost a message (partition or drop). */
    public long lastLossMs() {
        return lastLossMs;
    }
}
