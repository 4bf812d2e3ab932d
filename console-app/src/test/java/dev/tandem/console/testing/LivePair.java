package dev.tandem.console.testing;

import dev.tandem.agent.presence.NodeEndpoint;
import dev.tandem.agent.presence.ReloginLimits;
import dev.tandem.tools.sim.SimulatedClients;
import dev.tandem.tools.sim.SimulationConfig;
import java.time.Duration;
import dev.tandem.tools.demo.EmbeddedPair;
import dev.tandem.console.connection.AgentAddress;
import dev.tandem.proto.admin.v1.AddUsersRequest;
import dev.tandem.proto.admin.v1.AdminServiceGrpc;
import dev.tandem.proto.admin.v1.GetGroupStatusRequest;
import dev.tandem.proto.admin.v1.GroupStatus;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Two real agents (node-a, node-b) in this JVM with short timers, settled in M1 with users
 * added through the admin API, and a plain gRPC stub per node to compare the console with.
 */
public final class LivePair implements AutoCloseable {
    public static final String A = "node-a";
    public static final String B = "node-b";
    public static final int USERS = 40;
    /**
     * Short timers, and short client re-login limits: after a fallback clients log in again home
     * (§6). The heartbeat timeout leaves room for a machine shared by several builds: at 500 ms a
     * busy JVM lost heartbeats and the pair fell into M21 before a test began (seen at 2 s
     * too, with a load average of 76 on two cores).
     */
    public static final Map<String, String> TIMERS = Map.of("heartbeat.interval", "100ms", "heartbeat.timeout",
            "5000ms", "heartbeat.init-timeout", "30000ms", "service.down-delay", "300ms", "service.poll", "50ms",
            "relogin.lower", "50ms", "relogin.upper", "100ms");

    public final EmbeddedPair pair;
    private final Path dir;
    private final ManagedChannel channelA;
    private final ManagedChannel channelB;
    private SimulatedClients clients;

    private LivePair(Path dir, EmbeddedPair pair) {
        this.dir = dir;
        this.pair = pair;
        channelA = NettyChannelBuilder.forTarget(pair.agent(A).adminTarget()).usePlaintext().build();
        channelB = NettyChannelBuilder.forTarget(pair.agent(B).adminTarget()).usePlaintext().build();
    }

    /** Starts the pair, waits for M1, then adds {@link #USERS} users through node-a's admin API. */
    public static LivePair start() throws IOException {
        Path dir = Files.createTempDirectory("tandem-console-live-");
        LivePair p = new LivePair(dir, EmbeddedPair.start(dir, A, B, TIMERS));
        p.awaitRow("M1");
        List<String> users = new ArrayList<>();
        for (int i = 1; i <= USERS; i++) {
            users.add("user" + i);
        }
        p.stub(A).addUsers(AddUsersRequest.newBuilder().addAllUsers(users).setActor("test").build());
        // the clients also log in on node-b (their standby): a user it does not know yet is NOT_FOUND there,
        // and the simulated client gives up on it, so wait (bounded) until the users have replicated
        var storeB = p.pair.agent(B).presence().node().users();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!users.stream().allMatch(u -> storeB.find(u).isPresent())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the users did not reach " + B + " within 15 s");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L); // poll the condition, bounded above
        }
        p.connectClients(users);
        return p;
    }

    /**
     * One real dual-connected client per user on the agents' client ports: the §8 session
     * counters count client sessions, so without clients there is nothing to chart.
     */
    private void connectClients(List<String> users) {
        ReloginLimits quick = ReloginLimits.ofMillis(50, 100);
        SimulationConfig cfg = new SimulationConfig(List.of(
                new NodeEndpoint(A, pair.agent(A).clientTarget(), quick),
                new NodeEndpoint(B, pair.agent(B).clientTarget(), quick)), users, true, 2, Duration.ZERO, 1.0);
        clients = new SimulatedClients(cfg).start();
        try {
            if (!clients.awaitAllServed(Duration.ofSeconds(15)) || !clients.awaitAllStandby(Duration.ofSeconds(15))) {
                throw new IllegalStateException("clients did not all log in: " + clients.stats().toText());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public AdminServiceGrpc.AdminServiceBlockingStub stub(String node) {
        return AdminServiceGrpc.newBlockingStub(node.equals(A) ? channelA : channelB)
                .withDeadlineAfter(5, TimeUnit.SECONDS);
    }

    public GroupStatus status(String node) {
        return stub(node).getGroupStatus(GetGroupStatusRequest.getDefaultInstance());
    }

    public AgentAddress address(String node) {
        return AgentAddress.parse(pair.agent(node).adminTarget());
    }

    /** Waits (bounded) until node-a's agent reports the matrix row. */
    public GroupStatus awaitRow(String id) {
        return awaitRow(A, id);
    }

    public GroupStatus awaitRow(String node, String id) {
        GroupStatus[] last = new GroupStatus[1];
        await(30, () -> {
            last[0] = status(node);
            return last[0].getMatrix().getMatched() && last[0].getMatrix().getRow().getId().equals(id);
        }, () -> "row " + id + " not reached; last status " + (last[0] == null ? "none" : last[0].getMatrix()));
        return last[0];
    }

    public static void await(int seconds, Callable<Boolean> condition, java.util.function.Supplier<String> why) {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> {
                try {
                    return condition.call();
                } catch (io.grpc.StatusRuntimeException e) {
                    return false;
                }
            });
        } catch (TimeoutException e) {
            throw new AssertionError("within " + seconds + " s: " + why.get(), e);
        }
    }

    @Override
    public void close() throws IOException {
        if (clients != null) {
            try {
                clients.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        channelA.shutdownNow();
        channelB.shutdownNow();
        pair.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
