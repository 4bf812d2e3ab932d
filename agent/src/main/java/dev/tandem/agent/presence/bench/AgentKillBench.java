package dev.tandem.agent.presence.bench;

import dev.tandem.agent.presence.NodeEndpoint;
import dev.tandem.agent.presence.ReloginLimits;
import dev.tandem.agent.presence.sim.SimulatedClients;
import dev.tandem.agent.presence.sim.SimulationConfig;
import dev.tandem.agent.presence.sim.SimulationStats;
import dev.tandem.agent.presence.users.UserAssignmentMode;
import dev.tandem.agent.service.Agent;
import dev.tandem.agent.service.EmbeddedPair;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.ha.v1.NodeState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * A live pair of real agents (EmbeddedPair: SRM, peer link, replication, presence nodes on
 * SQLite files) with N simulated clients, all homed on node-a (Active-Standby); node-a is
 * killed abruptly and node-b detects it and takes every user over.
 * Usage: AgentKillBench [clients] [dual true|false] [runs].
 * Timers: heartbeat 100 ms / timeout 2 s; re-login limits 120-537 ms (the guide's x 0.001).
 */
public final class AgentKillBench {
    static final Map<String, String> TIMERS = Map.of("heartbeat.interval", "100ms", "heartbeat.timeout", "2s",
            "heartbeat.init-timeout", "4s", "service.poll", "50ms", "relogin.lower", "120ms", "relogin.upper", "537ms");

    public static void main(String[] args) throws Exception {
        int clients = BenchSupport.intArg(args, 0, 15_000);
        boolean dual = args.length <= 1 || Boolean.parseBoolean(args[1]);
        int runs = BenchSupport.intArg(args, 2, 3);
        double[] login = new double[runs];
        double[] detect = new double[runs];
        double[] takeover = new double[runs];
        double[] p50 = new double[runs];
        double[] p99 = new double[runs];
        double[] max = new double[runs];
        double[] all = new double[runs];
        for (int r = 0; r < runs; r++) {
            Path dir = Files.createTempDirectory("agent-kill-bench");
            try (EmbeddedPair pair = EmbeddedPair.start(dir, "node-a", "node-b", TIMERS)) {
                Agent a = pair.first();
                Agent b = pair.second();
                await(b, "M1", s -> s.getMatrix().getRow().getId().equals("M1"), 30_000);
                a.presence().users().setAssignmentMode(UserAssignmentMode.ACTIVE_STANDBY);
                List<String> users = BenchSupport.users(clients);
                a.presence().users().addUsers(users);
                long until = System.nanoTime() + 60_000_000_000L;
                while (b.presence().users().size() < clients && System.nanoTime() < until) {
                    LockSupport.parkNanos(1_000_000);
                }
                ReloginLimits limits = ReloginLimits.ofMillis(120, 537);
                NodeEndpoint na = new NodeEndpoint("node-a", a.clientTarget(), limits);
                NodeEndpoint nb = new NodeEndpoint("node-b", b.clientTarget(), limits);
                SimulationConfig cfg = new SimulationConfig(List.of(na, nb), users, dual, 4, Duration.ZERO, 1.0);
                long t0 = System.nanoTime();
                try (SimulatedClients sim = new SimulatedClients(cfg).start(na)) {
                    if (!sim.awaitAllServed(Duration.ofSeconds(120))) {
                        throw new IllegalStateException("setup: not all logged in: " + sim.stats().toText());
                    }
                    login[r] = clients / ((System.nanoTime() - t0) / 1e9);
                    if (dual && !sim.awaitAllStandby(Duration.ofSeconds(120))) {
                        throw new IllegalStateException("setup: standby incomplete: " + sim.stats().toText());
                    }
                    sim.mark();
                    long kill = System.nanoTime();
                    pair.kill("node-a");
                    await(b, "detection", s -> self(s, "node-b") != NodeState.NORMAL, 30_000);
                    detect[r] = (System.nanoTime() - kill) / 1e6;
                    await(b, "takeover", s -> self(s, "node-b") == NodeState.RUNNING_IN_BACKUP_MODE, 60_000);
                    takeover[r] = (System.nanoTime() - kill) / 1e6;
                    if (!sim.awaitRecovered(clients, Duration.ofSeconds(120))) { // all homed on node-a
                        throw new IllegalStateException("not all served again: " + sim.stats().toText());
                    }
                    SimulationStats s = sim.stats();
                    p50[r] = s.p50().toNanos() / 1e6;
                    p99[r] = s.p99().toNanos() / 1e6;
                    max[r] = s.max().toNanos() / 1e6;
                    // the simulator measures from its mark, taken just before the kill
                    all[r] = s.timeUntilAllServed().toNanos() / 1e6;
                    System.out.printf(Locale.ROOT, "run %d: logins %.0f/s; detection %.0f ms, takeover done %.0f ms;"
                                    + " downtime p50 %.1f p99 %.1f max %.1f ms; all served %.0f ms%n", r + 1, login[r],
                            detect[r], takeover[r], p50[r], p99[r], max[r], all[r]);
                }
            }
        }
        System.out.printf(Locale.ROOT, "median (%d clients, dual=%s, %d runs): logins %.0f/s; detection %.0f ms;"
                        + " takeover done %.0f ms; downtime p50 %.1f ms, p99 %.1f ms, max %.1f ms; all served %.0f ms%n",
                clients, dual, runs, BenchSupport.median(login), BenchSupport.median(detect),
                BenchSupport.median(takeover), BenchSupport.median(p50), BenchSupport.median(p99),
                BenchSupport.median(max), BenchSupport.median(all));
        System.exit(0);
    }

    private static NodeState self(GroupStatus s, String node) {
        return s.getNodesList().stream().filter(n -> n.getStatus().getNode().equals(node)).findFirst()
                .map(n -> n.getStatus().getState()).orElse(NodeState.NODE_STATE_UNSPECIFIED);
    }

    /** Polls the agent's newest published status (1 ms) until {@code ok}. */
    private static void await(Agent agent, String what, Predicate<GroupStatus> ok, long timeoutMs) {
        long end = System.nanoTime() + timeoutMs * 1_000_000;
        while (true) {
            GroupStatus s = agent.admin().loop().latest();
            if (s != null && ok.test(s)) {
                return;
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException("timed out waiting for " + what + "; last: " + s);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }
}
