package dev.tandem.agent.srm;

/**
 * The state of one node's Server Recovery Manager, S1..S14 of ha-behaviour.md §2.
 * {@link #id()} is the S-number and equals the wire number in ha.proto.
 */
public enum NodeState {
    INITIALIZING(1, "Initializing", StateKind.TRANSITIONAL),
    IDLE(2, "Idle", StateKind.STABLE),
    NORMAL(3, "Normal", StateKind.STABLE),
    RUNNING_IN_BACKUP_MODE(4, "Running in Backup Mode", StateKind.STABLE),
    TAKING_OVER(5, "Taking Over", StateKind.TRANSITIONAL),
    FAILING_OVER(6, "Failing Over", StateKind.TRANSITIONAL),
    FAILED_OVER(7, "Failed Over", StateKind.STABLE),
    FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING(8, "Failed Over with Critical Services Not Running", StateKind.STABLE),
    FALLING_BACK(9, "Falling Back", StateKind.TRANSITIONAL),
    TAKING_BACK(10, "Taking Back", StateKind.TRANSITIONAL),
    RUNNING_IN_FAILED_MODE(11, "Running in Failed Mode", StateKind.ERROR),
    UNKNOWN(12, "Unknown", StateKind.ERROR),
    BACKUP_ACTIVATED(13, "Backup Activated", StateKind.STABLE),
    FAILOVER_AFFECTED_SERVICES(14, "Failover Affected Services", StateKind.STABLE);

    private final int id;
    private final String label;
    private final StateKind kind;

    NodeState(int id, String label, StateKind kind) {
        this.id = id;
        this.label = label;
        this.kind = kind;
    }

    /** The S-number of the guide (1..14), also the protobuf enum number. */
    public int id() {
        return id;
    }

    /** The guide's name of the state, as operators know it. */
    public String label() {
        return label;
    }

    public StateKind kind() {
        return kind;
    }

    public boolean isTransitional() {
        return kind == StateKind.TRANSITIONAL;
    }

    public static NodeState ofId(int id) {
        for (NodeState s : values()) {
            if (s.id == id) {
                return s;
            }
        }
        throw new IllegalArgumentException("no node state S" + id + " (valid: S1..S14)");
    }

    @Override
    public String toString() {
        return label;
    }
}
