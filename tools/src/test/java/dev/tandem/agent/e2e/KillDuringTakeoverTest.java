package dev.tandem.agent.e2e;

import static dev.tandem.agent.e2e.Fixtures.SOON;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.tools.sim.SimulatedClients;
import dev.tandem.tools.sim.SimulationConfig;
import dev.tandem.agent.presence.testkit.Await;
import dev.tandem.agent.presence.users.UserRecord;
import dev.tandem.agent.service.Agent;
import dev.tandem.tools.demo.EmbeddedPair;
import dev.tandem.proto.admin.v1.AddUsersRequest;
import dev.tandem.proto.admin.v1.AdminServiceGrpc.AdminServiceBlockingStub;
import dev.tandem.proto.admin.v1.NodeActionRequest;
import dev.tandem.proto.admin.v1.SetUserAssignmentModeRequest;
import dev.tandem.proto.admin.v1.UserAssignmentMode;
import dev.tandem.proto.ha.v1.NodeState;
import dev.tandem.proto.ha.v1.StateKind;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * node-b is killed abruptly while it takes over 5,000 users of node-a (manual failover), then
 * restarts on its database: no user is lost and none is served by both nodes, in either
 * durable store or in the sessions.
 */
class KillDuringTakeoverTest {
    static final int USERS = 5_000;
    static final int CLIENTS = 300;

    @TempDir
    Path dir;

    @Test
    void agentKilledMidTakeoverRestartsWithNoUserLostOrServedTwice() throws Exception {
        List<String> users = IntStream.range(0, USERS).mapToObj(i -> String.format("u%05d", i)).toList();
        java.util.Map<String, String> timers = new java.util.HashMap<>(Fixtures.FAST);
        timers.put("heartbeat.timeout", "1s");
        // the pair starts one agent after the other: on 2 busy cores the second may need more than
        // FAST's 1.5 s, and a first node that gives up initializing ends in M21 instead of M1
        timers.put("heartbeat.init-timeout", "30s");
        timers.putAll(LivePresence.QUICK_RELOGIN); // redirected clients wait the limits the agents give them
        // Taking Over lasts long enough to be seen (and killed in) on a loaded machine; the kill
        // may land before, during or after the move's transaction: the outcome must not depend on it
        timers.put("users.move-delay", "150ms"); // writing 5,000 users holds a node's database a few 100 ms on 2 busy cores
        try (EmbeddedPair pair = EmbeddedPair.start(dir, "node-a", "node-b", timers)) {
            ManagedChannel ch = Fixtures.channel(pair.first().adminTarget());
            AdminServiceBlockingStub admin = Fixtures.admin(ch);
            try (GroupWatch watchA = new GroupWatch(pair.first().adminTarget());
                 GroupWatch watchB = new GroupWatch(pair.second().adminTarget())) {
                watchA.awaitRow("M1", SOON);
                admin.setUserAssignmentMode(SetUserAssignmentModeRequest.newBuilder()
                        .setMode(UserAssignmentMode.ACTIVE_STANDBY).build());
                admin.addUsers(AddUsersRequest.newBuilder().addAllUsers(users).build());
                LivePresence.awaitStoresEqual(pair, SOON);
                SimulationConfig cfg = new SimulationConfig(List.of(LivePresence.endpoint(pair.first()),
                        LivePresence.endpoint(pair.second())), users.subList(0, CLIENTS), true, 2, Duration.ZERO, 1.0);
                try (SimulatedClients sim = new SimulatedClients(cfg).start()) {
                    assertThat(sim.awaitAllServed(SOON)).isTrue();
                    assertThat(sim.awaitAllStandby(SOON)).isTrue();

                    admin.failover(NodeActionRequest.newBuilder().setNode("node-a").setActor("ops").build());
                    watchB.await("node-b taking over", SOON, s -> Fixtures.node(s, "node-b").getStatus().getState()
                            == NodeState.TAKING_OVER);
                    pair.kill("node-b");
                    Agent b = pair.restart("node-b");

                    // settled: both reachable, both stable, replication drained both ways
                    watchA.await("a settled pair", Duration.ofSeconds(20), s -> s.getNodesList().stream().allMatch(n ->
                            n.getStatus().getReachable() && n.getStatus().getKind() != StateKind.TRANSITIONAL
                                    && n.getReplication().getReplicationQueue() == 0));
                    LivePresence.awaitStoresEqual(pair, SOON);
                    if (!sim.awaitAllServed(SOON)) {
                        throw new AssertionError("clients not all served again: " + sim.stats().toText() + sim.states()
                                + "; active on node-a " + pair.first().presence().node().sessions().activeUsers().size()
                                + ", on node-b " + b.presence().node().sessions().activeUsers().size()
                                + "; counters " + pair.first().presence().counters() + " / " + b.presence().counters());
                    }

                    Set<UserRecord> storeA = LivePresence.store(pair.first());
                    Set<UserRecord> storeB = LivePresence.store(b);
                    assertThat(storeA).hasSize(USERS).isEqualTo(storeB);
                    assertThat(storeA).allMatch(u -> u.servingNode() != null && (u.isServedBy("node-a") || u.isServedBy("node-b")));
                    // the durable stores say the same (read back from the database of each node)
                    assertThat(new HashSet<>(new dev.tandem.agent.presence.store.PresenceStore(
                            pair.first().database().connection()).loadUsers())).isEqualTo(storeA);
                    assertThat(new HashSet<>(new dev.tandem.agent.presence.store.PresenceStore(
                            b.database().connection()).loadUsers())).isEqualTo(storeB);
                    // clients: each served by exactly one node, the one the stores name
                    Await.until(() -> sessionsMatchStore(pair.first(), b, storeA), ok -> ok, SOON);
                }
            } finally {
                ch.shutdownNow();
            }
        }
    }

    private static boolean sessionsMatchStore(Agent a, Agent b, Set<UserRecord> store) {
        Set<String> onA = a.presence().node().sessions().activeUsers();
        Set<String> onB = b.presence().node().sessions().activeUsers();
        Set<String> both = new HashSet<>(onA);
        both.retainAll(onB);
        return both.isEmpty() && onA.size() + onB.size() == CLIENTS
                && store.stream().filter(u -> onA.contains(u.userId())).allMatch(u -> u.isServedBy("node-a"))
                && store.stream().filter(u -> onB.contains(u.userId())).allMatch(u -> u.isServedBy("node-b"));
    }
}
