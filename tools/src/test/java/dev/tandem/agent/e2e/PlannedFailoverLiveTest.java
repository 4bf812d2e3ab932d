package dev.tandem.agent.e2e;

import static dev.tandem.agent.e2e.Fixtures.SOON;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.presence.testkit.Await;
import dev.tandem.proto.admin.v1.AddUsersRequest;
import dev.tandem.proto.admin.v1.AdminServiceGrpc.AdminServiceBlockingStub;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.NodeActionRequest;
import dev.tandem.proto.admin.v1.SetUserAssignmentModeRequest;
import dev.tandem.proto.admin.v1.UserAssignmentMode;
import dev.tandem.tools.demo.EmbeddedPair;
import dev.tandem.tools.sim.SimulatedClients;
import dev.tandem.tools.sim.SimulationConfig;
import dev.tandem.tools.sim.SimulationStats;
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
 * A manual failover of a node whose clients all hold a standby connection to its peer is make
 * before break (issue 12): the peer promotes each standby as it applies the replicated move,
 * the old node keeps serving until then and redirects only after the peer applied it, and stops
 * its critical services once the peer runs in backup mode. Fewer than 1 % of the clients see
 * any outage at all. Before, the old node redirected at once and stopped its services: most
 * clients waited for their promotion without service (13,544 of 15,000 in
 * {@code bench/agent-kill.sh --case planned}).
 */
class PlannedFailoverLiveTest {
    static final int CLIENTS = 400;

    @TempDir
    Path dir;

    @Test
    void clientsWithAStandbyConnectionSeeNoOutageInAManualFailover() throws Exception {
        List<String> users = IntStream.range(0, CLIENTS).mapToObj(i -> String.format("u%05d", i)).toList();
        java.util.Map<String, String> timers = new java.util.HashMap<>(Fixtures.FAST);
        timers.put("heartbeat.init-timeout", "30s"); // the second agent may start late on 2 busy cores
        // a 2-core machine shared with other builds runs the SRM up to a second late: no split in setup
        timers.put("heartbeat.interval", "250ms");
        timers.put("heartbeat.timeout", "2500ms");
        timers.putAll(LivePresence.QUICK_RELOGIN);
        try (EmbeddedPair pair = EmbeddedPair.start(dir, "node-a", "node-b", timers)) {
            ManagedChannel ch = Fixtures.channel(pair.first().adminTarget());
            AdminServiceBlockingStub admin = Fixtures.admin(ch);
            try (GroupWatch watch = new GroupWatch(pair.first().adminTarget())) {
                watch.awaitRow("M1", SOON);
                admin.setUserAssignmentMode(SetUserAssignmentModeRequest.newBuilder()
                        .setMode(UserAssignmentMode.ACTIVE_STANDBY).build()); // every user homed on node-a
                admin.addUsers(AddUsersRequest.newBuilder().addAllUsers(users).build());
                LivePresence.awaitStoresEqual(pair, SOON);
                SimulationConfig cfg = new SimulationConfig(List.of(LivePresence.endpoint(pair.first()),
                        LivePresence.endpoint(pair.second())), users, true, 2, Duration.ZERO, 1.0);
                try (SimulatedClients sim = new SimulatedClients(cfg).start(LivePresence.endpoint(pair.first()))) {
                    assertThat(sim.awaitAllServed(SOON)).isTrue();
                    assertThat(sim.awaitAllStandby(SOON)).as("every client holds its standby on node-b").isTrue();
                    assertThat(pair.first().presence().node().sessions().activeUsers()).hasSize(CLIENTS);

                    sim.mark();
                    admin.failover(NodeActionRequest.newBuilder().setNode("node-a").setActor("ops").build());
                    GroupStatus m3 = watch.awaitRow("M3", SOON);
                    assertThat(sim.awaitRecovered(CLIENTS, SOON)).as("every client switched: " + sim.states()).isTrue();

                    SimulationStats stats = sim.stats();
                    assertThat(stats.clientsWithOutage()).as("clients with any outage (under 1 %%): %s", stats.toText())
                            .isLessThan(CLIENTS / 100);
                    assertThat(Fixtures.node(m3, "node-a").getStatus().getState().name()).isEqualTo("IDLE");
                    Await.until(() -> pair.second().presence().node().sessions().activeUsers().size(),
                            n -> n == CLIENTS, SOON);
                    Set<String> both = new HashSet<>(pair.first().presence().node().sessions().activeUsers());
                    both.retainAll(pair.second().presence().node().sessions().activeUsers());
                    assertThat(both).as("served by both nodes after the failover").isEmpty();
                }
            } finally {
                ch.shutdownNow();
            }
        }
    }
}
