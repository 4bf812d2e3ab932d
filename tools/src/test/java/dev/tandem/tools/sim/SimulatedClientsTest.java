package dev.tandem.tools.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.presence.ReloginLimits;
import dev.tandem.agent.presence.sessions.SessionCounters;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** 200 simulated clients across a failover, with and without dual connections, with either callback executor. */
class SimulatedClientsTest {
    private static final int CLIENTS = 200;
    private static final double SCALE = 0.001; // guide defaults 120-537 s become 120-537 ms

    private static SimulationConfig config(EmulatedPair pair, boolean dual) {
        List<String> users = IntStream.range(0, CLIENTS).mapToObj(i -> String.format("user%04d", i)).toList();
        return new SimulationConfig(List.of(pair.node1().endpoint(), pair.node2().endpoint()), users, dual, 2,
                Duration.ofMillis(200), SCALE);
    }

    @ParameterizedTest
    @EnumSource(SimulatedClients.Callbacks.class)
    void dualConnectedClientsSwitchOnFailoverWithNearZeroDowntime(SimulatedClients.Callbacks callbacks) throws Exception {
        try (EmulatedPair pair = new EmulatedPair(ReloginLimits.ofMillis(20_000, 50_000), true)) {
            pair.node1().users().addUsers(config(pair, true).userIds());
            pair.awaitReplicated();
            try (SimulatedClients sim = new SimulatedClients(config(pair, true), null, "", callbacks)) {
                assertThat(sim.connect(Duration.ofSeconds(10))).isTrue();
                sim.start();
                assertThat(sim.awaitAllServed(Duration.ofSeconds(10))).isTrue();
                assertThat(sim.awaitAllStandby(Duration.ofSeconds(10))).isTrue();
                assertThat(pair.node1().counters()).isEqualTo(new SessionCounters(100, 100, 100, 100, 200));

                sim.mark();
                pair.node1().moves().handOverOwnUsers();
                pair.node2().moves().takeOverPeerUsers();

                assertThat(sim.awaitRecovered(CLIENTS / 2, Duration.ofSeconds(10))).isTrue();
                SimulationStats stats = sim.stats();
                assertThat(stats.outages()).isEqualTo(100);
                assertThat(stats.served()).isEqualTo(CLIENTS);
                assertThat(stats.max()).isLessThan(Duration.ofSeconds(2)); // no re-login wait was needed
                assertThat(stats.p50()).isLessThanOrEqualTo(stats.p90());
                assertThat(stats.p90()).isLessThanOrEqualTo(stats.p99());
                assertThat(stats.toJson()).contains("\"outages\":100").contains("\"p99\":");
                assertThat(stats.toText()).contains("time until all served");
                assertThat(pair.node2().counters().jsmSessionsClient()).isEqualTo(CLIENTS);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SimulatedClients.Callbacks.class)
    void withoutDualConnectionsClientsWaitTheTargetsReloginTime(SimulatedClients.Callbacks callbacks) throws Exception {
        try (EmulatedPair pair = new EmulatedPair(ReloginLimits.ofMillis(100_000, 300_000), false)) {
            pair.node1().users().addUsers(config(pair, false).userIds());
            pair.awaitReplicated();
            try (SimulatedClients sim = new SimulatedClients(config(pair, false), null, "", callbacks).start()) {
                assertThat(sim.awaitAllServed(Duration.ofSeconds(10))).isTrue();
                assertThat(pair.node1().counters().jsmSessionsClientInactive()).isZero();

                sim.mark();
                pair.node1().moves().handOverOwnUsers();
                pair.node2().moves().takeOverPeerUsers();

                assertThat(sim.awaitRecovered(CLIENTS / 2, Duration.ofSeconds(10))).isTrue();
                SimulationStats stats = sim.stats();
                assertThat(stats.outages()).isEqualTo(100);
                // each waited a random time in node2's scaled limits: 100-300 ms
                assertThat(stats.p50()).isBetween(Duration.ofMillis(100), Duration.ofMillis(1300));
                assertThat(stats.max()).isGreaterThanOrEqualTo(stats.p99());
                assertThat(stats.timeUntilAllServed()).isGreaterThanOrEqualTo(Duration.ofMillis(100));
            }
        }
    }

    @Test
    void connectGivesUpWhenANodesPortDoesNotAnswer() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort(); // nothing listens there once it is closed
        }
        try (EmulatedPair pair = new EmulatedPair(ReloginLimits.ofMillis(20_000, 50_000), true)) {
            var dead = new dev.tandem.agent.presence.NodeEndpoint("node-x", "127.0.0.1:" + closed,
                    ReloginLimits.ofMillis(20_000, 50_000));
            var cfg = new SimulationConfig(List.of(pair.node1().endpoint(), dead), List.of("user0000"), false, 1,
                    Duration.ZERO, SCALE);
            try (SimulatedClients sim = new SimulatedClients(cfg)) {
                long t0 = System.nanoTime();
                assertThat(sim.connect(Duration.ofMillis(300))).isFalse();
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
            }
        }
    }
}
