package dev.tandem.tools.campaign;

import dev.tandem.proto.admin.v1.AdminServiceGrpc;
import dev.tandem.proto.admin.v1.GetGroupStatusRequest;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.NodeReport;
import dev.tandem.proto.ha.v1.NodeState;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Watches both agents from outside, every 50 ms, through their admin APIs: each node's own
 * state and how many users it says it serves. A user is counted as served twice while the
 * two nodes together claim more users than the group has (each counting only in a state that
 * serves users); the longest such window is the campaign's dual-active figure. A node that
 * does not answer (stopped, killed) serves nobody at that moment.
 */
final class Observer implements AutoCloseable {
    /** States in which a node serves nobody (the agent's own rule, NodePresence.SERVES_NOBODY). */
    static final Set<NodeState> SERVES_NOBODY = EnumSet.of(NodeState.INITIALIZING, NodeState.IDLE,
            NodeState.FAILED_OVER, NodeState.FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING,
            NodeState.FAILOVER_AFFECTED_SERVICES);

    record View(boolean reachable, NodeState state, int served, String row, GroupStatus status) {
        @Override
        public String toString() {
            return reachable ? state + " serving " + served + (row.isEmpty() ? "" : " in " + row) : "unreachable";
        }

        int effectiveServed() {
            return reachable && !SERVES_NOBODY.contains(state) ? served : 0;
        }
    }

    private final Map<String, ManagedChannel> channels = new TreeMap<>();
    private final int users;
    private final Thread thread;
    private volatile boolean running = true;
    private final Map<String, View> latest = new TreeMap<>();
    private final Set<String> rows = new LinkedHashSet<>();
    private long dualSinceNanos = -1;
    private long longestDualMs;
    private long dualNowMs;
    private int maxExcess;

    Observer(Map<String, String> adminTargets, int users) {
        this.users = users;
        adminTargets.forEach((n, t) -> channels.put(n, NettyChannelBuilder.forTarget(t).usePlaintext().build()));
        thread = new Thread(this::run, "campaign-observer");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            long t0 = System.nanoTime();
            sample();
            long left = 50 - (System.nanoTime() - t0) / 1_000_000;
            if (left > 0) {
                try {
                    Thread.sleep(left);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void sample() {
        Map<String, View> now = new TreeMap<>();
        channels.forEach((n, ch) -> now.put(n, view(n, ch)));
        int claimed = now.values().stream().mapToInt(View::effectiveServed).sum();
        long t = System.nanoTime();
        synchronized (this) {
            latest.putAll(now);
            now.values().stream().filter(View::reachable).map(View::row).filter(r -> !r.isEmpty()).forEach(rows::add);
            if (claimed > users) {
                maxExcess = Math.max(maxExcess, claimed - users);
                if (dualSinceNanos < 0) {
                    dualSinceNanos = t;
                }
                dualNowMs = (t - dualSinceNanos) / 1_000_000;
                longestDualMs = Math.max(longestDualMs, dualNowMs);
            } else {
                dualSinceNanos = -1;
                dualNowMs = 0;
            }
            notifyAll();
        }
    }

    private static View view(String node, ManagedChannel ch) {
        try {
            GroupStatus s = AdminServiceGrpc.newBlockingStub(ch).withDeadlineAfter(400, TimeUnit.MILLISECONDS)
                    .getGroupStatus(GetGroupStatusRequest.getDefaultInstance());
            NodeReport me = s.getNodesList().stream().filter(r -> r.getStatus().getNode().equals(node)).findFirst()
                    .orElse(NodeReport.getDefaultInstance());
            String row = s.getMatrix().getMatched() ? s.getMatrix().getRow().getId() : "";
            return new View(true, me.getStatus().getState(), me.getServedUsers(), row, s);
        } catch (RuntimeException e) {
            return new View(false, NodeState.NODE_STATE_UNSPECIFIED, 0, "", null);
        }
    }

    synchronized Map<String, View> latest() {
        return Map.copyOf(latest);
    }

    /** Rows seen (either node's view) since the last call. */
    synchronized Set<String> drainRows() {
        Set<String> r = new LinkedHashSet<>(rows);
        rows.clear();
        return r;
    }

    synchronized long longestDualMs() {
        return longestDualMs;
    }

    /** How long users have been served twice right now (0 when not). */
    synchronized long dualNowMs() {
        return dualNowMs;
    }

    synchronized int maxExcess() {
        return maxExcess;
    }

    synchronized void resetDual() {
        longestDualMs = 0;
        maxExcess = 0;
    }

    /** Waits for the next sample, at most {@code ms}. */
    synchronized void awaitSample(long ms) throws InterruptedException {
        wait(ms);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        channels.values().forEach(ManagedChannel::shutdownNow);
    }
}
