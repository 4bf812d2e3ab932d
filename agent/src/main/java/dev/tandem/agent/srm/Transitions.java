package dev.tandem.agent.srm;

import static dev.tandem.agent.srm.NodeState.*;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Which state may follow which. Every change is checked against this table; anything else
 * is an {@link IllegalTransitionException}. Any state may go to Initializing (an SRM restart,
 * recovery, or HA re-enabled) and to Unknown (configuration that disagrees between peers).
 */
public final class Transitions {
    private static final Map<NodeState, Set<NodeState>> NEXT = new EnumMap<>(NodeState.class);

    static {
        allow(INITIALIZING, EnumSet.complementOf(EnumSet.of(INITIALIZING)));
        allow(NORMAL, EnumSet.of(FAILING_OVER, TAKING_OVER, RUNNING_IN_FAILED_MODE));
        allow(IDLE, EnumSet.of(TAKING_BACK, RUNNING_IN_FAILED_MODE));
        allow(RUNNING_IN_BACKUP_MODE, EnumSet.of(FALLING_BACK, FAILOVER_AFFECTED_SERVICES, RUNNING_IN_FAILED_MODE));
        allow(TAKING_OVER, EnumSet.of(RUNNING_IN_BACKUP_MODE, RUNNING_IN_FAILED_MODE));
        allow(FAILING_OVER, EnumSet.of(IDLE, FAILED_OVER, FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING,
                RUNNING_IN_FAILED_MODE));
        allow(FAILED_OVER, EnumSet.of(FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING, TAKING_BACK,
                BACKUP_ACTIVATED, RUNNING_IN_FAILED_MODE));
        allow(FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING, EnumSet.of(FAILED_OVER, RUNNING_IN_FAILED_MODE));
        allow(FALLING_BACK, EnumSet.of(NORMAL, TAKING_OVER, RUNNING_IN_FAILED_MODE));
        allow(TAKING_BACK, EnumSet.of(NORMAL, RUNNING_IN_FAILED_MODE));
        // a failed node may change its reason (M21: a restarted peer makes both Unknown)
        allow(RUNNING_IN_FAILED_MODE, EnumSet.of(RUNNING_IN_FAILED_MODE));
        allow(UNKNOWN, EnumSet.of(RUNNING_IN_FAILED_MODE));
        allow(BACKUP_ACTIVATED, EnumSet.of(FALLING_BACK, RUNNING_IN_FAILED_MODE));
        allow(FAILOVER_AFFECTED_SERVICES, EnumSet.of(TAKING_BACK, RUNNING_IN_FAILED_MODE));
        for (NodeState s : NodeState.values()) {
            NEXT.get(s).add(INITIALIZING);
            NEXT.get(s).add(UNKNOWN);
        }
        NEXT.get(INITIALIZING).remove(INITIALIZING);
        NEXT.get(UNKNOWN).remove(UNKNOWN);
    }

    private Transitions() {
    }

    private static void allow(NodeState from, Set<NodeState> to) {
        NEXT.put(from, EnumSet.copyOf(to));
    }

    public static boolean isAllowed(NodeState from, NodeState to) {
        return NEXT.get(from).contains(to);
    }

    public static Set<NodeState> allowedFrom(NodeState from) {
        return Collections.unmodifiableSet(NEXT.get(from));
    }
}
