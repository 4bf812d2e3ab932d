package dev.tandem.agent.srm;

import static dev.tandem.agent.srm.NodeState.*;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Which manual action a node's state offers (ha-behaviour.md §6). Anything not offered is
 * refused with a sentence that names the state that forbids it.
 */
public final class OfferedActions {
    private static final Set<NodeState> FALLBACK_FROM = EnumSet.of(IDLE, FAILED_OVER, FAILOVER_AFFECTED_SERVICES);
    private static final Set<NodeState> RECOVERY_FROM = EnumSet.of(RUNNING_IN_FAILED_MODE, UNKNOWN);

    private OfferedActions() {
    }

    /**
     * Why {@code action} is refused on this node now, or empty when it is offered.
     *
     * @param peer the peer's last status, or null when the peer is not reachable
     */
    public static Optional<String> refusal(AdminAction action, String node, NodeState state, Reason reason,
                                           boolean haEnabled, boolean healthy, PeerStatus peer) {
        String where = node + " is " + state.label() + " (" + reason.label() + ")";
        switch (action) {
            case FAILOVER -> {
                if (state != NORMAL) {
                    return Optional.of("Failover is not offered: " + where + "; failover is offered only in Normal");
                }
                if (!haEnabled) {
                    return Optional.of("Failover is not offered: high availability is not enabled on " + node);
                }
                if (peer == null) {
                    return Optional.of("Failover is not offered: the peer of " + node
                            + " is unreachable, so nobody could take over its users");
                }
                if (peer.state() != NORMAL) {
                    return Optional.of("Failover is not offered: peer " + peer.node() + " is "
                            + peer.state().label() + " (" + peer.reason().label()
                            + "); it can take over only from Normal");
                }
                if (!peer.criticalServicesUp() || !peer.databaseUp()) {
                    return Optional.of("Failover is not offered: peer " + peer.node() + " has "
                            + (peer.databaseUp() ? "critical services" : "its database") + " down, so it could not"
                            + " serve the users of " + node);
                }
                return Optional.empty();
            }
            case FALLBACK -> {
                if (!FALLBACK_FROM.contains(state)) {
                    String hint = state == FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING
                            ? "; start its critical services first" : "";
                    return Optional.of("Fallback is not offered: " + where
                            + "; fallback is offered only in Idle, Failed Over or Failover Affected Services" + hint);
                }
                if (state == FAILOVER_AFFECTED_SERVICES && !healthy) {
                    return Optional.of("Fallback is not offered: " + where
                            + " and its database or critical services are still down; repair them first");
                }
                return Optional.empty();
            }
            case RECOVERY -> {
                if (!RECOVERY_FROM.contains(state)) {
                    return Optional.of("Recovery is not offered: " + where
                            + "; recovery is offered only in Running in Failed Mode or Unknown");
                }
                return Optional.empty();
            }
            default -> throw new IllegalArgumentException("unknown action " + action);
        }
    }
}
