package dev.tandem.agent.critical;

/** The node's database as the SRM watches it; on the emulated node it fails only when told to. */
public final class EmulatedDatabase {
    private boolean up = true;
    private long sinceMs;

    public EmulatedDatabase(long nowMs) {
        this.sinceMs = nowMs;
    }

    /** Returns true when this changed the state. */
    public synchronized boolean set(boolean up, long nowMs) {
        if (this.up == up) {
            return false;
        }
        this.up = up;
        this.sinceMs = nowMs;
        return true;
    }

    public synchronized boolean up() {
        return up;
    }

    public synchronized long sinceMs() {
        return sinceMs;
    }
}
