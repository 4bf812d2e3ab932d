package dev.tandem.agent.critical;

/** The node's database as the SRM watches it; on the emulated node it fails only when told to. */
public final class EmulatedDatabase {
    private boolean up = true;
    /** Why the agent's own store cannot be written, or null: that too is a Database Failure (issue 11). */
    private String storageProblem;
    private long sinceMs;

    public EmulatedDatabase(long nowMs) {
        this.sinceMs = nowMs;
    }

    /** The operator's fault injection. Returns true when this changed {@link #up()}. */
    public synchronized boolean set(boolean up, long nowMs) {
        boolean before = up();
        this.up = up;
        return changed(before, nowMs);
    }

    /** The agent's store failed (a problem) or works again (null). Returns true when this changed {@link #up()}. */
    public synchronized boolean storage(String problem, long nowMs) {
        boolean before = up();
        this.storageProblem = problem;
        return changed(before, nowMs);
    }

    private boolean changed(boolean before, long nowMs) {
        if (before == up()) {
            return false;
        }
        sinceMs = nowMs;
        return true;
    }

    /** Up when the operator has not failed it and the agent's store can be written. */
    public synchronized boolean up() {
        return up && storageProblem == null;
    }

    public synchronized java.util.Optional<String> storageProblem() {
        return java.util.Optional.ofNullable(storageProblem);
    }

    public synchronized long sinceMs() {
        return sinceMs;
    }
}
