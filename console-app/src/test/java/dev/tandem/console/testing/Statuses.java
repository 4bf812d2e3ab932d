package dev.tandem.console.testing;

import com.google.protobuf.Timestamp;
import dev.tandem.proto.admin.v1.Action;
import dev.tandem.proto.admin.v1.CriticalServiceStatus;
import dev.tandem.proto.admin.v1.DatabaseStatus;
import dev.tandem.proto.admin.v1.GroupConfiguration;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.HeartbeatHealth;
import dev.tandem.proto.admin.v1.MatrixMatch;
import dev.tandem.proto.admin.v1.MatrixRow;
import dev.tandem.proto.admin.v1.NodeReport;
import dev.tandem.proto.admin.v1.OfferedAction;
import dev.tandem.proto.admin.v1.ReplicationRow;
import dev.tandem.proto.admin.v1.ServiceParameters;
import dev.tandem.proto.admin.v1.StateMatrix;
import dev.tandem.proto.admin.v1.UserAssignmentMode;
import dev.tandem.proto.ha.v1.NodeState;
import dev.tandem.proto.ha.v1.NodeStatus;
import dev.tandem.proto.ha.v1.Reason;
import dev.tandem.proto.ha.v1.StateKind;
import java.util.List;

/** Scripted group statuses for tests and the dev main (test data, not HA logic). */
public final class Statuses {
    public static final String GROUP = "prg-tokyo-1";
    public static final String A = "cup-a";
    public static final String B = "cup-b";
    private static final String[][] ROWS = {
        {"M1", "Normal / Normal", "Normal / Normal", "normal operation"},
        {"M2", "Failing Over / On Admin Request", "Taking Over / On Admin Request", "manual failover 1→2 in progress", "wait"},
        {"M3", "Idle / On Admin Request", "Running in Backup Mode / On Admin Request", "manual failover 1→2 complete", "fallback when ready"},
        {"M4", "Taking Back / On Admin Request", "Falling Back / On Admin Request", "manual fallback 2→1 in progress", "wait"},
        {"M5", "Idle / Initialization", "Running in Backup Mode / On Admin Request", "SRM restarted on node 1 while Idle", "fallback when ready"},
        {"M6", "Idle / Initialization", "Running in Backup Mode / Initialization", "both SRMs restarted during manual failover", "fallback when ready"},
        {"M7", "Idle / On Admin Request", "Running in Backup Mode / Initialization", "SRM on node 2 restarted in backup mode", "fallback when ready"},
        {"M8", "Failing Over / On Admin Request", "Taking Over / Initialization", "SRM on node 2 restarted while taking over", "wait"},
        {"M9", "Taking Back / Initialization", "Falling Back / On Admin Request", "SRM on node 1 restarted while taking back", "wait"},
        {"M10", "Taking Back / Automatic Fallback", "Falling Back / Automatic Fallback", "automatic fallback in progress", "wait"},
        {"M11", "Failed Over / Critical Services Down", "Running in Backup Mode / Critical Services Down", "node 1 services up again", "manual fallback"},
        {"M12", "Failed Over with Critical Services Not Running / Critical Services Down", "Running in Backup Mode / Critical Services Down", "critical services down on node 1; automatic failover", "start the stopped services on node 1", "if they will not start, reboot node 1", "when all run, manual fallback"},
        {"M13", "Failed Over with Critical Services Not Running / Database Failure", "Running in Backup Mode / Database Failure", "node 1 database down; automatic failover", "reboot node 1", "when all critical services run, manual fallback"},
        {"M14", "Running in Failed Mode / Critical Service Start Failed", "Running in Failed Mode / Critical Service Start Failed", "services could not start on the node taking back", "Recovery", "if still down, reboot", "manual fallback"},
        {"M15", "Running in Failed Mode / Critical Services Down", "Running in Failed Mode / Critical Services Down", "services down on the backup node; both failed", "Recovery", "reboot the backup node if needed"},
        {"M16", "—", "Running in Backup Mode / Peer Down", "node 2 lost node 1's heartbeat; automatic failover", "repair the network (Recovery if nodes fail)", "start SRM on node 1, fall back manually", "if node 1 is down, repair and power it on", "when all its services run, manual fallback"},
        {"M17", "—", "Running in Backup Mode / Peer Reboot", "node 1 went down", "repair and power on node 1", "when all its services run, manual fallback"},
        {"M18", "Failed Over / Initialization", "Running in Backup Mode / Peer Down During Initialization", "node 2 never saw node 1", "when node 1 is up, manual fallback"},
        {"M19", "Running in Failed Mode / Take Over Users Failed", "Running in Failed Mode / Take Over Users Failed", "moving users during takeover failed", "Recovery; reboot if it persists"},
        {"M20", "Running in Failed Mode / Take Back Users Failed", "Running in Failed Mode / Take Back Users Failed", "moving users during fallback failed", "Recovery; reboot if it persists"},
        {"M21", "Running in Failed Mode / Unknown", "Running in Failed Mode / Unknown", "an SRM restarted while its peer was failed", "Recovery; reboot if it persists"},
        {"M22", "Backup Activated / Auto Recover Database Failure", "Failover Affected Services / Auto Recover Database Failure", "backup node database down; node 1 takes everyone", "none: automatic; then repair node 2"},
        {"M23", "Backup Activated / Auto Recover Critical Service Down", "Failover Affected Services / Auto Recover Critical Service Down", "backup node service down; node 1 takes everyone", "none: automatic; then repair node 2"},
        {"M24", "Unknown", "Unknown", "HA not enabled correctly", "restart SRM on both nodes"},
    };

    private Statuses() {}

    public static StateMatrix matrix() {
        StateMatrix.Builder b = StateMatrix.newBuilder();
        for (String[] r : ROWS) {
            b.addRows(row(r));
        }
        return b.build();
    }

    static MatrixRow row(String[] r) {
        MatrixRow.Builder b = MatrixRow.newBuilder().setId(r[0]).setNode1(r[1]).setNode2(r[2]).setCause(r[3]);
        for (int i = 4; i < r.length; i++) {
            b.addRecommendedActions(r[i]);
        }
        return b.build();
    }

    public static MatrixRow row(String id) {
        for (String[] r : ROWS) {
            if (r[0].equals(id)) {
                return row(r);
            }
        }
        throw new IllegalArgumentException(id);
    }

    public static Timestamp ago(long ms) {
        long t = System.currentTimeMillis() - ms;
        return Timestamp.newBuilder().setSeconds(t / 1000).setNanos((int) (t % 1000) * 1_000_000).build();
    }

    public static NodeReport node(String name, NodeState s, Reason r, StateKind k, String sentence, int home,
                                  int served, boolean servicesUp) {
        NodeReport.Builder b = NodeReport.newBuilder()
                .setStatus(NodeStatus.newBuilder().setNode(name).setState(s).setReason(r).setKind(k)
                        .setSince(ago(125_000)).setSentence(sentence).setReachable(true))
                .setAddress("127.0.0.1:" + (name.equals(A) ? 20075 : 20076))
                .setHomeUsers(home).setServedUsers(served)
                .setDatabase(DatabaseStatus.newBuilder().setNode(name).setUp(true).setSince(ago(3_600_000)))
                .setReplication(ReplicationRow.newBuilder().setNode(name).setAddress("10.0.0." + (name.equals(A) ? 11 : 12))
                        .setPingMs(0.042).setReplicationQueue(0).setReplicationSetup(2));
        String[][] svcs = {{"Client Profile Agent", "CLIENT_PROFILE_AGENT"}, {"Sync Agent", "SYNC_AGENT"},
            {"XCP Router", "XCP_ROUTER"}, {"SIP Proxy", "SIP_PROXY"}, {"Presence Engine", "PRESENCE_ENGINE"}};
        for (String[] sv : svcs) {
            b.addServices(CriticalServiceStatus.newBuilder().setNode(name).setService(sv[0]).setId(sv[1])
                    .setRunning(servicesUp).setSince(ago(servicesUp ? 3_600_000 : 60_000)).setBinding("emulated"));
        }
        return b.build();
    }

    private static GroupStatus.Builder base(String rowId, String node1) {
        return GroupStatus.newBuilder().setGroup(GROUP).setDescription("Tokyo presence pair").setHaEnabled(true)
                .setReporter(B).setGeneratedAt(ago(0))
                .setMatrix(MatrixMatch.newBuilder().setMatched(true).setRow(row(rowId)).setNode1(node1))
                .setHeartbeat(HeartbeatHealth.newBuilder().setPeerSeen(true).setLastSeen(ago(4000)).setRoundTripMs(3.2)
                        .setMissed(0).setIntervalMs(15_000).setTimeoutMs(60_000).setSinceLastMs(4000)
                        .setParametersMatch(true))
                .setParameters(defaults());
    }

    public static ServiceParameters defaults() {
        return ServiceParameters.newBuilder().setHeartbeatIntervalMs(15_000).setHeartbeatTimeoutMs(60_000)
                .setInitializationHeartbeatTimeoutMs(120_000).setCriticalServiceDownDelayMs(90_000)
                .setAutomaticFallbackDelayMs(1_800_000).setReloginLowerLimitMs(120_000)
                .setReloginUpperLimitMs(537_000).setServicePort(22001).setAdminPort(20075).build();
    }

    /** M1: both Normal; failover offered on both nodes. */
    public static GroupStatus normalPair() {
        return base("M1", A)
                .addNodes(node(A, NodeState.NORMAL, Reason.NORMAL_REASON, StateKind.STABLE,
                        "Serving its 1200 users; peer heartbeat fine.", 1200, 1200, true))
                .addNodes(node(B, NodeState.NORMAL, Reason.NORMAL_REASON, StateKind.STABLE,
                        "Serving its 800 users; peer heartbeat fine.", 800, 800, true))
                .addOfferedActions(offer(Action.FAILOVER, A, "Stop the critical services on cup-a; its 1200 users "
                        + "are disconnected and log in to cup-b.", 1200))
                .addOfferedActions(offer(Action.FAILOVER, B, "Stop the critical services on cup-b; its 800 users "
                        + "are disconnected and log in to cup-a.", 800))
                .build();
    }

    /** M2: manual failover of cup-a in progress; nothing offered. */
    public static GroupStatus failingOver() {
        return base("M2", A)
                .addNodes(node(A, NodeState.FAILING_OVER, Reason.ON_ADMIN_REQUEST, StateKind.TRANSITIONAL,
                        "An admin asked to fail over; stopping critical services.", 1200, 0, true))
                .addNodes(node(B, NodeState.TAKING_OVER, Reason.ON_ADMIN_REQUEST, StateKind.TRANSITIONAL,
                        "Taking over cup-a's users.", 800, 800, true))
                .build();
    }

    /** M3: cup-a Idle, cup-b in backup mode; fallback to cup-a offered. */
    public static GroupStatus failedOver() {
        return base("M3", A)
                .addNodes(node(A, NodeState.IDLE, Reason.ON_ADMIN_REQUEST, StateKind.STABLE,
                        "Failed over on admin request; services stopped, serving nobody.", 1200, 0, false))
                .addNodes(node(B, NodeState.RUNNING_IN_BACKUP_MODE, Reason.ON_ADMIN_REQUEST, StateKind.STABLE,
                        "Serving cup-a's users as well as its own.", 800, 2000, true))
                .addOfferedActions(offer(Action.FALLBACK, A, "Restart the critical services on cup-a and move its "
                        + "1200 users back from cup-b.", 1200))
                .build();
    }

    /** M16: cup-b lost cup-a's heartbeat. */
    public static GroupStatus peerDown() {
        GroupStatus.Builder b = base("M16", A)
                .addNodes(NodeReport.newBuilder().setStatus(NodeStatus.newBuilder().setNode(A).setReachable(false)
                        .setSentence("No heartbeat from cup-a for 60 s.")).setHomeUsers(1200))
                .addNodes(node(B, NodeState.RUNNING_IN_BACKUP_MODE, Reason.PEER_DOWN, StateKind.STABLE,
                        "Lost cup-a's heartbeat after 60 s; took over its users.", 800, 2000, true));
        b.getHeartbeatBuilder().setPeerSeen(false).setMissed(5).setSinceLastMs(75_000).setRoundTripMs(0);
        return b.build();
    }

    public static OfferedAction offer(Action a, String node, String description, int users) {
        return OfferedAction.newBuilder().setAction(a).setNode(node).setDescription(description)
                .setUsersAffected(users).build();
    }

    public static GroupConfiguration configuration(GroupStatus s) {
        return GroupConfiguration.newBuilder().setGroup(s.getGroup()).setDescription(s.getDescription())
                .addAllNodes(s.getNodesList().stream().map(n -> n.getStatus().getNode()).toList())
                .setHaEnabled(s.getHaEnabled()).setParameters(defaults())
                .setUserAssignmentMode(UserAssignmentMode.BALANCED).build();
    }

    public static List<String> nodes() {
        return List.of(A, B);
    }
}
