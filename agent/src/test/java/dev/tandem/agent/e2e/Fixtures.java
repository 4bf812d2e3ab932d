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
    /** Short re-login waits as agent configuration, so simulated clients open their standby connections at once. */
    public static final Map<String, String> QUICK_RELOGIN = Map.of("relogin.lower", "5ms", "relogin.upper", "20ms");
    /** Failure detection plus a move, with room for a loaded 2-core machine. */
    public static final Duration SOON = Duration.ofSeconds(8);

    private Fixtures() {
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
