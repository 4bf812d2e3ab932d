package dev.tandem.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.presence.NodeEndpoint;
import dev.tandem.agent.presence.ReloginLimits;
import dev.tandem.agent.presence.testkit.TestClient;
import dev.tandem.agent.service.Agent;
import dev.tandem.agent.service.AgentConfig;
import dev.tandem.proto.admin.v1.AddUsersRequest;
import dev.tandem.proto.admin.v1.GetGroupStatusRequest;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.ha.v1.NodeState;
import dev.tandem.proto.presence.v1.ConnectionMode;
import dev.tandem.proto.presence.v1.ServerMessage;
import io.grpc.ManagedChannel;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, finding 2: node-a (its own OS process, every user homed on it) is stopped with
 * SIGSTOP for longer than the heartbeat timeout; node-b takes its users over. After SIGCONT
 * node-a must not accept an ACTIVE login for a user node-b serves: before the fix it did for
 * about 0.7 s, until it heard node-b, and the pair ended in M21.
 *
 * <p>Run twice: once as is, once with node-b's wall clock stepped 2 h ahead just before the
 * pause. The fence no longer compares the two nodes' clocks (it lifts only on a status that
 * reports having heard a message node-a sent after the resume, heartbeat heard_seq; the old
 * rule's failure with a stepped clock is shown on a virtual clock in PauseFenceTest); this run
 * checks that a live pair with a stepped clock doubles no user either.
 */
class PauseSelfFenceTest {
    @TempDir
    Path dir;

    /** One ACTIVE login attempt at node-a: when it was answered and whether it was accepted. */
    record Probe(long atNanos, boolean accepted, String what) {
    }

    @ParameterizedTest(name = "node-b''s clock stepped 2 h ahead during the pause: {0}")
    @ValueSource(booleans = {false, true})
    void aResumedNodeAcceptsNoLoginForUsersItsPeerServesUntilItHasHeardItsPeer(boolean peerClockAhead) throws Exception {
        int childService = SeparateProcessKillTest.freePort();
        int childAdmin = SeparateProcessKillTest.freePort();
        int childClient = SeparateProcessKillTest.freePort();
        java.util.Map<String, String> cfg = new java.util.HashMap<>(Fixtures.FAST);
        cfg.put("heartbeat.init-timeout", "30s"); // a JVM takes a while to start
        // a 2-core machine shared with other builds runs the SRM up to a second late: timeouts that survive it
        cfg.put("heartbeat.interval", "250ms");
        cfg.put("heartbeat.timeout", "2500ms");
        cfg.put("users.assignment-mode", "ACTIVE_STANDBY"); // every user homed on node-a
        cfg.put("relogin.lower", "10ms");
        cfg.put("relogin.upper", "20ms");
        AgentConfig.Builder b = AgentConfig.builder().set("node.name", "node-b").set("peer.name", "node-a")
                .set("bind.address", "127.0.0.1").set("service.port", 0).set("admin.port", 0).set("client.port", 0)
                .set("peer.address", "127.0.0.1:" + childService).set("data.dir", dir.resolve("node-b"))
                .set("insecure", "true"); // explicit: this test is about a paused process, as the child's --insecure
        cfg.forEach(b::set);
        try (Agent agentB = new Agent(b.build()).start()) {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    "dev.tandem.agent.service.AgentMain", "--node", "node-a", "--peer", "node-b",
                    "--peer-address", agentB.serviceTarget(), "--bind", "127.0.0.1", "--insecure",
                    "--service-port", String.valueOf(childService), "--admin-port", String.valueOf(childAdmin),
                    "--data-dir", dir.resolve("node-a").toString(), "--set", "client.port=" + childClient));
            cfg.forEach((k, v) -> {
                cmd.add("--set");
                cmd.add(k + "=" + v);
            });
            Process child = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("node-a.log").toFile()).start();
            ManagedChannel adminB = Fixtures.channel(agentB.adminTarget());
            try (GroupWatch watch = new GroupWatch(agentB.adminTarget())) {
                watch.awaitRow("M1", java.time.Duration.ofSeconds(60));
                Fixtures.admin(adminB).withDeadlineAfter(10, TimeUnit.SECONDS).addUsers(AddUsersRequest.newBuilder()
                        .addUsers("alice").addUsers("bob").setActor("test").build());
                NodeEndpoint a = new NodeEndpoint("node-a", "127.0.0.1:" + childClient, ReloginLimits.ofMillis(10, 20));
                // the users reach node-a by replication: log in once it knows alice (bounded)
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!probe(a, "alice").accepted()) {
                    assertThat(System.nanoTime()).as("alice could log in at node-a within 30 s").isLessThan(until);
                }

                if (peerClockAhead) {
                    agentB.wallClock().step(7_200_000); // as an NTP or operator step on node-b's machine
                }
                signal(child, "STOP");
                try {
                    watch.await("node-b serving alice and bob", java.time.Duration.ofSeconds(30),
                            s -> Fixtures.node(s, "node-b").getServedUsers() == 2
                                    && Fixtures.node(s, "node-b").getStatus().getState() == NodeState.RUNNING_IN_BACKUP_MODE);
                    Thread.sleep(1000); // paused well beyond the timeout
                } finally {
                    signal(child, "CONT");
                }
                long resumed = System.nanoTime();
                // probe node-a with ACTIVE logins for alice while watching whether node-b serves her
                List<Probe> probes = new CopyOnWriteArrayList<>();
                List<long[]> bServing = new CopyOnWriteArrayList<>();
                Thread watcher = new Thread(() -> {
                    while (System.nanoTime() - resumed < TimeUnit.SECONDS.toNanos(4)) {
                        long t0 = System.nanoTime();
                        try {
                            GroupStatus s = Fixtures.admin(adminB).withDeadlineAfter(1, TimeUnit.SECONDS)
                                    .getGroupStatus(GetGroupStatusRequest.getDefaultInstance());
                            if (Fixtures.node(s, "node-b").getServedUsers() > 0) {
                                bServing.add(new long[] {t0, System.nanoTime()});
                            }
                        } catch (RuntimeException ignored) {
                            // node-b busy: no sample
                        }
                    }
                });
                watcher.start();
                while (System.nanoTime() - resumed < TimeUnit.SECONDS.toNanos(4)) {
                    probes.add(probe(a, "alice"));
                }
                watcher.join();

                // an acceptance is a double only if node-b served users both before and after it was answered
                List<Probe> doubled = probes.stream().filter(Probe::accepted).filter(p ->
                        bServing.stream().anyMatch(w -> w[1] <= p.atNanos())
                                && bServing.stream().anyMatch(w -> w[0] >= p.atNanos())).toList();
                assertThat(probes).isNotEmpty();
                assertThat(doubled).as("ACTIVE logins accepted by the resumed node while its peer served the user: "
                        + probes).isEmpty();
            } finally {
                adminB.shutdownNow();
                child.destroyForcibly();
                child.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static Probe probe(NodeEndpoint a, String user) throws InterruptedException {
        TestClient c = TestClient.login(a, user, ConnectionMode.ACTIVE);
        try {
            ServerMessage m = c.received.poll(2, TimeUnit.SECONDS);
            long at = System.nanoTime();
            if (m == null) {
                return new Probe(at, false, "no answer" + (c.closed.isDone() ? ": " + c.closed.getNow(null) : ""));
            }
            return new Probe(at, m.hasLoginAccepted(), m.getBodyCase().name());
        } finally {
            c.close();
        }
    }

    private static void signal(Process p, String sig) throws Exception {
        Process k = new ProcessBuilder("kill", "-" + sig, Long.toString(p.pid())).start();
        assertThat(k.waitFor(5, TimeUnit.SECONDS)).isTrue();
        assertThat(k.exitValue()).isZero();
    }
}
