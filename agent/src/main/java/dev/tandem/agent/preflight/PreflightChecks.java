package dev.tandem.agent.preflight;

import dev.tandem.proto.admin.v1.Action;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.NodeReport;
import dev.tandem.proto.admin.v1.OfferedAction;
import dev.tandem.proto.admin.v1.Precondition;
import dev.tandem.proto.admin.v1.PreflightReport;
import dev.tandem.proto.ha.v1.NodeState;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Pre-flight checks of a manual action (issue 15): each precondition with pass/fail and a
 * sentence, from the group status and the SRM's own verdict. Pure: the SRM's refusal decides
 * whether the action would be accepted; the checks explain it (and add what is worth knowing,
 * such as replication or round trip, marked non-blocking).
 */
public final class PreflightChecks {
    private static final Set<NodeState> FALLBACK_FROM = EnumSet.of(NodeState.IDLE, NodeState.FAILED_OVER,
            NodeState.FAILOVER_AFFECTED_SERVICES);
    private static final Set<NodeState> RECOVERY_FROM = EnumSet.of(NodeState.RUNNING_IN_FAILED_MODE,
            NodeState.UNKNOWN_STATE);

    private PreflightChecks() {
    }

    /**
     * @param node    the node the action applies to (RECOVERY: the node asked)
     * @param refusal the SRM's refusal of the action on that node now, empty when it would accept it
     */
    public static PreflightReport check(Action action, String node, GroupStatus s, Optional<String> refusal) {
        NodeReport me = report(s, node);
        NodeReport peer = s.getNodesList().stream().filter(n -> !n.getStatus().getNode().equals(node)).findFirst()
                .orElse(NodeReport.getDefaultInstance());
        PreflightReport.Builder b = PreflightReport.newBuilder().setAction(action).setNode(node)
                .setWouldBeAccepted(refusal.isEmpty()).setRefusal(refusal.orElse(""));
        NodeState state = me.getStatus().getState();
        String label = dev.tandem.contract.Labels.state(state);
        switch (action) {
            case FAILOVER -> {
                add(b, "node-state", state == NodeState.NORMAL, true, node + " is " + label
                        + (state == NodeState.NORMAL ? "" : "; failover is offered only in Normal"));
                add(b, "high-availability", s.getHaEnabled(), true, "high availability is "
                        + (s.getHaEnabled() ? "enabled" : "not enabled") + " on group " + s.getGroup());
                boolean peerNormal = peer.getStatus().getReachable() && peer.getStatus().getState() == NodeState.NORMAL;
                add(b, "peer-state", peerNormal, true, peerSentence(peer) + (peerNormal ? "; it can take over"
                        : "; it can take over only from Normal"));
                services(b, peer, "peer ", true);
            }
            case FALLBACK -> {
                boolean from = FALLBACK_FROM.contains(state);
                add(b, "node-state", from, true, node + " is " + label
                        + (from ? "" : "; fallback is offered only in Idle, Failed Over or Failover Affected Services"));
                add(b, "peer-state", peer.getStatus().getReachable(), false, peerSentence(peer)
                        + (peer.getStatus().getReachable() ? "; it will let the users go" : "; "
                        + node + " takes its users back without it"));
                services(b, me, "", state == NodeState.FAILOVER_AFFECTED_SERVICES);
            }
            case RECOVERY -> {
                boolean failed = RECOVERY_FROM.contains(state) || RECOVERY_FROM.contains(peer.getStatus().getState());
                add(b, "node-state", failed, true, node + " is " + label + ", " + peerSentence(peer)
                        + (failed ? "" : "; recovery is offered only in Running in Failed Mode or Unknown"));
                add(b, "peer-state", peer.getStatus().getReachable(), false, peerSentence(peer)
                        + (peer.getStatus().getReachable() ? "; both SRMs restart" : "; only " + node + " restarts now"));
            }
            default -> throw new IllegalArgumentException("unknown action " + action);
        }
        replication(b, s);
        roundTrip(b, s);
        int users = s.getOfferedActionsList().stream()
                .filter(o -> o.getAction() == action && (action == Action.RECOVERY || o.getNode().equals(node)))
                .mapToInt(OfferedAction::getUsersAffected).findFirst()
                .orElse(action == Action.FALLBACK ? peer.getServedUsers() : me.getServedUsers());
        b.setUsersAffected(users);
        add(b, "users-moved", true, false, users + " user(s) would be disconnected or moved"
                + (action == Action.FAILOVER ? " from " + node + " to " + peer.getStatus().getNode()
                : action == Action.FALLBACK ? " back to " + node : ""));
        add(b, "maintenance-mode", true, false, s.getMaintenanceMode()
                ? "maintenance mode is on: manual actions are allowed, automatic ones are held"
                : "maintenance mode is off");
        return b.build();
    }

    private static NodeReport report(GroupStatus s, String node) {
        return s.getNodesList().stream().filter(n -> n.getStatus().getNode().equals(node)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + node + " in the status"));
    }

    private static String peerSentence(NodeReport peer) {
        return peer.getStatus().getReachable()
                ? "peer " + peer.getStatus().getNode() + " is " + dev.tandem.contract.Labels.state(peer.getStatus().getState())
                : "peer " + peer.getStatus().getNode() + " is unreachable";
    }

    private static void services(PreflightReport.Builder b, NodeReport n, String who, boolean blocking) {
        String node = n.getStatus().getNode();
        if (!n.getStatus().getReachable()) {
            add(b, "critical-services", false, blocking, who + node + " is unreachable: its critical services are unknown");
            add(b, "database", false, blocking, who + node + " is unreachable: its database is unknown");
            return;
        }
        var down = n.getServicesList().stream().filter(x -> !x.getRunning()).map(x -> x.getService()).toList();
        add(b, "critical-services", down.isEmpty(), blocking, down.isEmpty()
                ? "the critical services of " + who + node + " run" : "critical services of " + who + node
                + " are down: " + String.join(", ", down));
        add(b, "database", n.getDatabase().getUp(), blocking, "the database of " + who + node + " is "
                + (n.getDatabase().getUp() ? "up" : "down"));
    }

    private static void replication(PreflightReport.Builder b, GroupStatus s) {
        var bad = s.getNodesList().stream().filter(n -> n.getStatus().getReachable()
                && n.getReplication().getReplicationSetup() != 2)
                .map(n -> n.getStatus().getNode() + " (" + n.getReplication().getReplicationSetup() + ")").toList();
        add(b, "replication", bad.isEmpty(), false, bad.isEmpty()
                ? "replication setup is 2 (set up and healthy) on every reachable node"
                : "replication setup is not 2 on " + String.join(", ", bad) + "; the users' data may not be in step");
    }

    private static void roundTrip(PreflightReport.Builder b, GroupStatus s) {
        var h = s.getHeartbeat();
        boolean ok = h.getPeerSeen() && h.getRoundTripMs() < h.getIntervalMs();
        add(b, "round-trip", ok, false, h.getPeerSeen()
                ? String.format("peer round trip %.1f ms (heartbeat interval %d ms)", h.getRoundTripMs(), h.getIntervalMs())
                : "no heartbeat from the peer: round trip unknown");
    }

    private static void add(PreflightReport.Builder b, String name, boolean passed, boolean blocking, String sentence) {
        b.addChecks(Precondition.newBuilder().setName(name).setPassed(passed).setBlocking(blocking).setSentence(sentence));
    }
}
