package dev.tandem.agent.runtime;

import dev.tandem.agent.matrix.MatrixMatch;
import dev.tandem.agent.replication.Replicator;
import dev.tandem.agent.matrix.NodeView;
import dev.tandem.agent.matrix.StateMatrix;
import dev.tandem.agent.peer.PeerLink;
import dev.tandem.agent.critical.CriticalServices;
import dev.tandem.agent.critical.EmulatedDatabase;
import dev.tandem.agent.srm.AdminAction;
import dev.tandem.agent.srm.PeerStatus;
import dev.tandem.contract.CounterNames;
import dev.tandem.proto.admin.v1.Counter;
import dev.tandem.proto.admin.v1.CriticalServiceStatus;
import dev.tandem.proto.admin.v1.DatabaseStatus;
import dev.tandem.proto.admin.v1.GroupConfiguration;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.HeartbeatHealth;
import dev.tandem.proto.admin.v1.MatrixRow;
import dev.tandem.proto.admin.v1.NodeReport;
import dev.tandem.proto.admin.v1.OfferedAction;
import dev.tandem.proto.admin.v1.RefusedAction;
import dev.tandem.proto.admin.v1.ReplicationRow;
import dev.tandem.proto.ha.v1.NodeStatus;
import dev.tandem.proto.peer.v1.ActionOffer;
import dev.tandem.proto.peer.v1.HeartbeatMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Builds the admin status from the SRM core, this node's parts and the peer's last report. Actor thread only. */
final class StatusReports {
    /** "replication setup" of a healthy node (utils dbreplication runtimestate). */
    static final int REPLICATION_GOOD = 2;
    static final int REPLICATION_BROKEN = 4;

    private final SrmView view;
    private final NodePresence presence;
    private final CriticalServices services;
    private final EmulatedDatabase database;
    private final PeerLink link;

    StatusReports(SrmView view, NodePresence presence, CriticalServices services, EmulatedDatabase database,
                  PeerLink link) {
        this.view = view;
        this.presence = presence;
        this.services = services;
        this.database = database;
        this.link = link;
    }

    NodeReport selfReport() {
        SrmView core = view;
        NodeStatus st = NodeStatus.newBuilder().setNode(view.self()).setState(Protos.state(core.state()))
                .setReason(Protos.reason(core.reason())).setSince(Protos.ts(core.sinceMs()))
                .setSentence(core.sentence()).setKind(Protos.kind(core.state())).setReachable(true).build();
        NodePresence.UserCounts users = presence.counts();
        NodeReport.Builder b = NodeReport.newBuilder().setStatus(st).setAddress(view.adminAddress())
                .setHomeUsers(users.homeHere()).setServedUsers(users.servedHere());
        for (CriticalServices.ServiceState s : services.states()) {
            if (!s.service().isMonitored(core.parameters())) {
                continue;
            }
            b.addServices(CriticalServiceStatus.newBuilder().setNode(view.self()).setService(s.service().displayName())
                    .setId(s.service().name()).setRunning(s.running()).setSince(Protos.ts(s.sinceMs()))
                    .setBinding(s.binding()).setDetail(s.detail()));
        }
        long failoverAt = core.automaticFailoverAtMs();
        if (failoverAt >= 0) {
            b.setAutomaticFailoverAt(Protos.ts(failoverAt));
        }
        b.setDatabase(DatabaseStatus.newBuilder().setNode(view.self()).setUp(database.up())
                .setSince(Protos.ts(database.sinceMs())));
        double rtt = link.roundTripMs();
        Replicator r = presence.replicator();
        String storeSync = presence.storeSync().problem();
        b.setReplication(ReplicationRow.newBuilder().setNode(view.self()).setAddress(view.adminAddress())
                .setPingMs(Math.max(rtt, 0)).setReplicationQueue(r.pending())
                .setReplicationSetup(storeSync.isEmpty() ? replicationSetup(database.up(), r) : REPLICATION_BROKEN)
                .setStoreSync(storeSync));
        return b.build();
    }

    /**
     * "replication setup" (§5, utils dbreplication runtimestate): 2 while the database is up and
     * the peer applies what this node sends (a queue waiting for an unreachable peer is
     * still set up; its length shows in the queue column); 4 when the database is down or the
     * peer refused a change, so the two stores differ until someone repairs it.
     */
    static int replicationSetup(boolean databaseUp, Replicator r) {
        return databaseUp && r.rejected().isEmpty() ? REPLICATION_GOOD : REPLICATION_BROKEN;
    }

    List<ActionOffer> selfOffers() {
        List<ActionOffer> out = new ArrayList<>();
        for (AdminAction a : AdminAction.values()) {
            Optional<String> r = view.refusal(a);
            out.add(ActionOffer.newBuilder().setAction(Protos.action(a)).setOffered(r.isEmpty()).setRefusal(r.orElse(""))
                    .setUsersAffected(usersAffected(a)).build());
        }
        return out;
    }

    private int usersAffected(AdminAction a) {
        NodePresence.UserCounts users = presence.counts();
        return switch (a) {
            case FAILOVER -> users.servedHere();
            case FALLBACK -> users.homeHere();
            case RECOVERY -> users.total();
        };
    }

    List<Counter> selfCounters() {
        SrmView core = view;
        long now = view.now();
        List<Counter> c = new ArrayList<>();
        presence.counters().byName().forEach((name, value) -> c.add(counter(name, value)));
        c.add(counter(CounterNames.PEER_ROUND_TRIP_MS, Math.max(link.roundTripMs(), 0)));
        c.add(counter(CounterNames.MISSED_HEARTBEATS, core.missedHeartbeats(now)));
        c.add(counter(CounterNames.SINCE_LAST_HEARTBEAT_MS, core.lastHeartbeatMs() < 0 ? -1 : now - core.lastHeartbeatMs()));
        return c;
    }

    private static Counter counter(String name, double v) {
        return Counter.newBuilder().setName(name).setValue(v).build();
    }

    static String describe(AdminAction a, String node) {
        return switch (a) {
            case FAILOVER -> "Stop the critical services of " + node + " and move its users to its peer";
            case FALLBACK -> "Start the critical services of " + node + " and move its users back to it";
            case RECOVERY -> "Restart the SRM on both nodes; every user returns to its home node";
        };
    }

    GroupStatus groupStatus() {
        SrmView core = view;
        long now = view.now();
        GroupConfiguration cfg = view.shared().getConfiguration();
        Optional<HeartbeatMessage> pm = view.peerMessage();
        NodeReport mine = selfReport();
        NodeReport theirs = pm.map(HeartbeatMessage::getReport).orElse(NodeReport.newBuilder()
                .setStatus(NodeStatus.newBuilder().setNode(view.peerName()).setReachable(false)).build());
        GroupStatus.Builder b = GroupStatus.newBuilder().setGroup(cfg.getGroup()).setDescription(cfg.getDescription())
                .setHaEnabled(core.haEnabled()).setReporter(view.self()).setGeneratedAt(Protos.ts(now))
                .setMaintenanceMode(core.maintenance());
        for (String n : cfg.getNodesList()) {
            b.addNodes(n.equals(view.self()) ? mine : theirs);
        }
        // matrix
        NodeView me = NodeView.of(view.self(), core.state(), core.reason());
        PeerStatus p = core.peer();
        NodeView them = p == null ? NodeView.unreachable(view.peerName()) : NodeView.of(view.peerName(), p.state(), p.reason());
        // symmetric rows (M1, M21, ...) name node 1 in the group's configured order
        boolean selfFirst = cfg.getNodesCount() == 0 || cfg.getNodes(0).equals(view.self());
        Optional<MatrixMatch> m = selfFirst ? StateMatrix.match(me, them) : StateMatrix.match(them, me);
        dev.tandem.proto.admin.v1.MatrixMatch.Builder mb = dev.tandem.proto.admin.v1.MatrixMatch.newBuilder();
        String storeSync = presence.storeSync().problem();
        if (!storeSync.isEmpty() && m.isPresent() && m.get().row().id().equals("M1")) {
            // two stores that differ are not "both nodes serve their own users" (issue 11)
            mb.setMatched(false).setExplanation(storeSync + "; M1 once they agree");
        } else if (m.isPresent()) {
            mb.setMatched(true).setRow(row(m.get().row())).setNode1(m.get().node1());
        } else {
            mb.setMatched(false).setExplanation("no row of the state matrix matches " + view.self() + " "
                    + core.state().label() + " / " + core.reason().label() + " with " + view.peerName() + " "
                    + (p == null ? "unreachable" : p.state().label() + " / " + p.reason().label())
                    + (core.state().isTransitional() || (p != null && p.state().isTransitional())
                    ? ": a moment between rows while a node changes state" : ""));
        }
        b.setMatrix(mb);
        // actions
        for (AdminAction a : AdminAction.values()) {
            if (core.refusal(a).isEmpty()) {
                b.addOfferedActions(OfferedAction.newBuilder().setAction(Protos.action(a)).setNode(view.self())
                        .setDescription(describe(a, view.self())).setUsersAffected(usersAffected(a)));
            }
        }
        for (AdminAction a : AdminAction.values()) {
            core.refusal(a).ifPresent(why -> b.addRefusedActions(RefusedAction.newBuilder()
                    .setAction(Protos.action(a)).setNode(view.self()).setRefusal(why)));
        }
        pm.ifPresent(msg -> msg.getActionsList().stream().filter(o -> !o.getOffered()).forEach(o ->
                b.addRefusedActions(RefusedAction.newBuilder().setAction(o.getAction()).setNode(view.peerName())
                        .setRefusal(o.getRefusal()))));
        pm.ifPresent(msg -> msg.getActionsList().stream().filter(ActionOffer::getOffered).forEach(o ->
                b.addOfferedActions(OfferedAction.newBuilder().setAction(o.getAction()).setNode(view.peerName())
                        .setDescription(describe(AdminAction.valueOf(o.getAction().name()), view.peerName()))
                        .setUsersAffected(o.getUsersAffected()))));
        // heartbeat
        long last = core.lastHeartbeatMs();
        HeartbeatHealth.Builder h = HeartbeatHealth.newBuilder().setPeerSeen(core.peerReachable())
                .setRoundTripMs(Math.max(link.roundTripMs(), 0)).setMissed(core.missedHeartbeats(now))
                .setIntervalMs(core.parameters().heartbeatIntervalMs()).setTimeoutMs(core.timeoutInForceMs())
                .setSinceLastMs(last < 0 ? -1 : now - last)
                .setParametersMatch(p == null || p.parametersFingerprint().equals(core.parameters().fingerprint()));
        if (last >= 0) {
            h.setLastSeen(Protos.ts(last));
        }
        b.setHeartbeat(h);
        b.setParameters(Protos.parameters(core.parameters(), view.servicePort(), view.adminPort()));
        String problem = core.configProblem();
        problem = problem == null ? "" : problem;
        b.setProblem(storeSync.isEmpty() ? problem : problem.isEmpty() ? storeSync : problem + "; " + storeSync);
        return b.build();
    }

    static MatrixRow row(dev.tandem.agent.matrix.MatrixRow r) {
        return MatrixRow.newBuilder().setId(r.id()).setNode1(r.node1().label()).setNode2(r.node2().label())
                .setCause(r.cause()).addAllRecommendedActions(r.actions()).build();
    }
}
