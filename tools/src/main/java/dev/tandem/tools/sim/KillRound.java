package dev.tandem.tools.sim;

import dev.tandem.agent.presence.NodeEndpoint;
import dev.tandem.proto.admin.v1.AdminServiceGrpc;
import dev.tandem.proto.admin.v1.GetGroupStatusRequest;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.NodeActionRequest;
import dev.tandem.proto.admin.v1.NodeReport;
import dev.tandem.proto.ha.v1.NodeState;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One round of the abrupt-kill benchmark against running agents (separate processes): the
 * clients log in (first to {@code first}), then the given process (a node's agent) is killed
 * with SIGKILL, or (planned) that node's agent is asked for a manual failover, and the surviving
 * agent's admin status gives detection (it leaves Normal) and
 * takeover (Running in Backup Mode; its served users reach the affected count). Before the
 * kill the survivor's heartbeat health is sampled, to show how close the login storm came to
 * the heartbeat timeout.
 */
final class KillRound {
    private KillRound() {
    }

    record Result(boolean ok, String problem, int clients, boolean dual, double loginMs, double standbyMs,
                  long maxHeartbeatGapMs, double maxRoundTripMs, long heartbeatTimeoutMs,
                  double detectionMs, double takeoverMs, double servedAllMs, long killEpochMs,
                  SimulationStats stats) {
        double loginsPerSec() {
            return clients / (loginMs / 1000.0);
        }

        String toJson() {
            return String.format(Locale.ROOT, "{\"ok\":%s,\"problem\":\"%s\",\"clients\":%d,\"dual\":%s,"
                            + "\"loginMs\":%.1f,\"loginsPerSec\":%.1f,\"standbyMs\":%.1f,\"maxHeartbeatGapMs\":%d,"
                            + "\"maxRoundTripMs\":%.1f,\"heartbeatTimeoutMs\":%d,\"detectionMs\":%.1f,"
                            + "\"takeoverMs\":%.1f,\"servedAllMs\":%.1f,\"killEpochMs\":%d,\"stats\":%s}",
                    ok, problem.replace("\"", "'"), clients, dual, loginMs, loginsPerSec(), standbyMs,
                    maxHeartbeatGapMs, maxRoundTripMs, heartbeatTimeoutMs, detectionMs, takeoverMs, servedAllMs,
                    killEpochMs, stats == null ? "null" : stats.toJson());
        }

        String toText() {
            return String.format(Locale.ROOT, "%s%nlogins: %d in %.0f ms (%.0f/s); standby connections %.0f ms%n"
                            + "before the kill: longest heartbeat gap %d ms (timeout %d ms), round trip up to %.1f ms%n"
                            + "detection %.0f ms, takeover done %.0f ms, survivor serves all %.0f ms after the kill%n%s",
                    ok ? "ok" : "FAILED: " + problem, clients, loginMs, loginsPerSec(), standbyMs, maxHeartbeatGapMs,
                    heartbeatTimeoutMs, maxRoundTripMs, detectionMs, takeoverMs, servedAllMs,
                    killEpochMs, stats == null ? "" : stats.toText());
        }
    }

    /** What ends the first node's service: a SIGKILL of its agent, or a manual failover it is asked for. */
    interface Disruption {
        void apply() throws Exception;

        static Disruption kill(long pid) {
            return () -> ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException("no process " + pid))
                    .destroyForcibly(); // SIGKILL: no announcement
        }

        /** Failover of {@code node} through its agent's admin API (plaintext), actor "agent-kill". */
        static Disruption failover(String node, String adminTarget) {
            return () -> {
                ManagedChannel ch = NettyChannelBuilder.forTarget(adminTarget).usePlaintext().build();
                try {
                    AdminServiceGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS).failover(
                            NodeActionRequest.newBuilder().setNode(node).setActor("agent-kill").build());
                } finally {
                    ch.shutdownNow();
                }
            };
        }
    }

    static Result run(SimulationConfig config, SimulatedClients.Callbacks callbacks, NodeEndpoint first, Disruption disruption, Duration settle, int affected,
                      Map<String, String> watchAdmin, Duration timeout) throws Exception {
        if (watchAdmin == null || watchAdmin.size() != 1) {
            throw new IllegalArgumentException("--kill-pid needs one --watch-admin NAME=HOST:PORT (the survivor)");
        }
        String survivor = watchAdmin.keySet().iterator().next();
        ManagedChannel admin = NettyChannelBuilder.forTarget(watchAdmin.get(survivor)).usePlaintext().build();
        int clients = config.userIds().size();
        boolean dual = config.dualConnections();
        try {
            HealthSampler health = new HealthSampler(admin);
            health.start();
            try (SimulatedClients sim = new SimulatedClients(config, null, "", callbacks)) {
                // the shared channels connect before the login clock starts (as in --login-only)
                if (!sim.connect(timeout)) {
                    health.stop();
                    return failed("the client-port channels did not connect", clients, dual, health, sim);
                }
                long t0 = System.nanoTime();
                sim.start(first);
                if (!sim.awaitAllServed(timeout)) {
                    health.stop();
                    return failed("not all logged in: " + sim.states(), clients, dual, health, sim);
                }
                double loginMs = (System.nanoTime() - t0) / 1e6;
                if (dual && !sim.awaitAllStandby(timeout)) {
                    health.stop();
                    return failed("standby connections incomplete: " + sim.states(), clients, dual, health, sim);
                }
                double standbyMs = (System.nanoTime() - t0) / 1e6;
                Thread.sleep(settle.toMillis());
                health.stop();
                GroupStatus before = status(admin, 5000);
                for (NodeReport n : before.getNodesList()) {
                    if (n.getStatus().getState() != NodeState.NORMAL) {
                        return new Result(false, "before the kill " + n.getStatus().getNode() + " is "
                                + n.getStatus().getState() + " (" + n.getStatus().getSentence() + ")", clients, dual,
                                loginMs, standbyMs, health.maxGapMs, health.maxRoundTripMs, health.timeoutMs,
                                -1, -1, -1, 0, sim.stats());
                    }
                }
                sim.mark();
                long killEpochMs = System.currentTimeMillis();
                long killNanos = System.nanoTime();
                disruption.apply();
                double detection = -1;
                double takeover = -1;
                double servedAll = -1;
                long deadline = killNanos + timeout.toNanos();
                while (System.nanoTime() < deadline && (takeover < 0 || servedAll < 0)) {
                    Optional<NodeReport> me;
                    try {
                        me = status(admin, 1000).getNodesList().stream()
                                .filter(n -> n.getStatus().getNode().equals(survivor)).findFirst();
                    } catch (RuntimeException busy) {
                        continue;
                    }
                    if (me.isEmpty()) {
                        continue;
                    }
                    NodeState st = me.get().getStatus().getState();
                    double since = millis(me.get().getStatus().getSince()) - killEpochMs;
                    if (detection < 0 && st != NodeState.NORMAL) {
                        detection = since; // when the survivor left Normal (its own timestamp)
                    }
                    if (takeover < 0 && st == NodeState.RUNNING_IN_BACKUP_MODE) {
                        takeover = since;
                    }
                    if (servedAll < 0 && me.get().getServedUsers() >= affected) {
                        servedAll = (System.nanoTime() - killNanos) / 1e6; // polled: a few ms late at most
                    }
                    Thread.sleep(2);
                }
                boolean recovered = sim.awaitRecovered(affected, timeout);
                SimulationStats stats = sim.stats();
                String problem = !recovered ? "not all served again: " + sim.states()
                        : takeover < 0 ? "the survivor did not reach Running in Backup Mode" : "";
                return new Result(problem.isEmpty(), problem, clients, dual, loginMs, standbyMs, health.maxGapMs,
                        health.maxRoundTripMs, health.timeoutMs, detection, takeover, servedAll, killEpochMs, stats);
            }
        } finally {
            admin.shutdownNow();
            admin.awaitTermination(2, TimeUnit.SECONDS);
        }
    }

    private static Result failed(String why, int clients, boolean dual, HealthSampler h, SimulatedClients sim) {
        return new Result(false, why, clients, dual, -1, -1, h.maxGapMs, h.maxRoundTripMs, h.timeoutMs, -1, -1, -1, 0,
                sim.stats());
    }

    private static GroupStatus status(ManagedChannel ch, long deadlineMs) {
        return AdminServiceGrpc.newBlockingStub(ch).withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS)
                .getGroupStatus(GetGroupStatusRequest.getDefaultInstance());
    }

    private static double millis(com.google.protobuf.Timestamp t) {
        return t.getSeconds() * 1000.0 + t.getNanos() / 1e6;
    }

    /** Samples the survivor's heartbeat health every 50 ms during the login storm. */
    private static final class HealthSampler {
        private final ManagedChannel admin;
        private volatile boolean running = true;
        private Thread thread;
        volatile long maxGapMs;
        volatile double maxRoundTripMs;
        volatile long timeoutMs;

        HealthSampler(ManagedChannel admin) {
            this.admin = admin;
        }

        void start() {
            thread = new Thread(() -> {
                while (running) {
                    try {
                        GroupStatus s = status(admin, 1000);
                        maxGapMs = Math.max(maxGapMs, s.getHeartbeat().getSinceLastMs());
                        maxRoundTripMs = Math.max(maxRoundTripMs, s.getHeartbeat().getRoundTripMs());
                        timeoutMs = s.getHeartbeat().getTimeoutMs();
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    } catch (RuntimeException slow) {
                        // admin busy: try again
                    }
                }
            }, "kill-round-health");
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join(2000);
        }
    }
}
