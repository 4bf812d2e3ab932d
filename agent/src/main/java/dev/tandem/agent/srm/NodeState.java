package dev.tandem.agent.srm;

import dev.tandem.contract.Labels;

/**
 * The state of one node's Server Recovery Manager, S1..S14 of ha-behaviour.md §2.
 * {@link #id()} is the S-number and equals the wire number in ha.proto.
 */
public enum NodeState {
    INITIALIZING(1, StateKind.TRANSITIONAL),
    IDLE(2, StateKind.STABLE),
    NORMAL(3, StateKind.STABLE),
    RUNNING_IN_BACKUP_MODE(4, StateKind.STABLE),
    TAKING_OVER(5, StateKind.TRANSITIONAL),
    FAILING_OVER(6, StateKind.TRANSITIONAL),
    FAILED_OVER(7, StateKind.STABLE),
    FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING(8, StateKind.STABLE),
    FALLING_BACK(9, StateKind.TRANSITIONAL),
    TAKING_BACK(10, StateKind.TRANSITIONAL),
    RUNNING_IN_FAILED_MODE(11, StateKind.ERROR),
    UNKNOWN(12, StateKind.ERROR),
    BACKUP_ACTIVATED(13, StateKind.STABLE),
    FAILOVER_AFFECTED_SERVICES(14, StateKind.STABLE);

    private final int id;
    private final StateKind kind;

    NodeState(int id, StateKind kind) {
        this.id = id;
        this.kind = kind;
    }

    /** The S-number of the guide (1..14), also the protobuf enum number. */
    public int id() {
        return id;
    }

    /** The guide's name of the state, as operators know it (one table for agent, CLI and console). */
    public String label() {
        return Labels.state(id);
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
        return label();
    }
}
