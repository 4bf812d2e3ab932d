package dev.tandem.agent.e2e;

import dev.tandem.proto.admin.v1.AdminServiceGrpc;
import dev.tandem.proto.admin.v1.NodeReport;
import dev.tandem.proto.admin.v1.GroupStatus;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.Map;

/** Short timers for tests (ha-behaviour.md §4 values scaled down), and client helpers. */
public final class Fixtures {
    public static final Map<String, String> FAST = Map.of(
            "heartbeat.interval", "100ms",
            "heartbeat.timeout", "500ms",
            "heartbeat.init-timeout", "1500ms",
            "service.down-delay", "300ms",
            "service.poll", "50ms");
    /**
     * For tests of something else than failure detection (the CLI, the admin API's answers): a
     * timeout a loaded 2-core machine cannot miss by accident (FAST's 500 ms split such a pair
     * at start when its timer fired 200 ms late), still quick to start.
     */
    public static final Map<String, String> STEADY = Map.of(
            "heartbeat.interval", "200ms",
            "heartbeat.timeout", "3s",
            "heartbeat.init-timeout", "5s",
            "service.down-delay", "300ms",
            "service.poll", "50ms");
    /** Short re-login waits as agent configuration, so simulated clients open their standby connections at once. */
    public static final Map<String, String> QUICK_RELOGIN = Map.of("relogin.lower", "5ms", "relogin.upper", "20ms");
    /** Failure detection plus a move, with room for a loaded 2-core machine. */
    public static final Duration SOON = Duration.ofSeconds(8);

    /**
     * How long a child agent JVM may take to start and say "running": seconds on a quiet
     * machine, but more than 30 s on 2 cores shared with other builds. The tests wait for the
     * line, so a generous bound costs nothing when the start is fast.
     */
    public static final Duration JVM_START = Duration.ofSeconds(150);

    /** heartbeat.init-timeout for pairs with a child JVM: longer than {@link #JVM_START}. */
    public static final String JVM_INIT_TIMEOUT = "180s";

    private Fixtures() {
    }

    /** host:port as a socket address (a relay's upstream). */
    public static java.net.InetSocketAddress address(String target) {
        int colon = target.lastIndexOf(':');
        return new java.net.InetSocketAddress(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)));
    }

    public static ManagedChannel channel(String target) {
        return NettyChannelBuilder.forTarget(target).usePlaintext().build();
    }

    public static AdminServiceGrpc.AdminServiceBlockingStub admin(ManagedChannel ch) {
        return AdminServiceGrpc.newBlockingStub(ch);
    }

    public static NodeReport node(GroupStatus s, String name) {
        return s.getNodesList().stream().filter(n -> n.getStatus().getNode().equals(name)).findFirst().orElseThrow();
    }
}
