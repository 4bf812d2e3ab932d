package dev.tandem.console.testing;

import dev.tandem.console.connection.AgentAddress;
import dev.tandem.proto.admin.v1.AdminServiceGrpc;
import dev.tandem.proto.admin.v1.GetGroupStatusRequest;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.tools.demo.EmbeddedPair;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Many real pairs in this JVM (EmbeddedPair): group {@code prg-NN} of nodes {@code gNN-a} and
 * {@code gNN-b} (node names are unique across the fleet, as the console keys charts by node),
 * in clusters {@code east} and {@code west} alternately. Heartbeats every 500 ms with a
 * generous timeout: dozens of agents share two cores.
 */
public final class Fleet implements AutoCloseable {
    public static final Map<String, String> TIMERS = Map.of("heartbeat.interval", "500ms", "heartbeat.timeout",
            "15000ms", "heartbeat.init-timeout", "60000ms");

    private final Path dir;
    private final List<EmbeddedPair> pairs = new ArrayList<>();

    private Fleet(Path dir) {
        this.dir = dir;
    }

    public static String group(int i) {
        return String.format("prg-%02d", i);
    }

    public static String node(int i, String side) {
        return String.format("g%02d-%s", i, side);
    }

    public static String cluster(int i) {
        return i % 2 == 1 ? "east" : "west";
    }

    /** Starts {@code groups} pairs ({@code parallel} at a time) and waits until each is in M1. */
    public static Fleet start(int groups, int parallel) throws Exception {
        Fleet f = new Fleet(Files.createTempDirectory("tandem-fleet-"));
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<EmbeddedPair>> started = new ArrayList<>();
            for (int i = 1; i <= groups; i++) {
                int n = i;
                started.add(pool.submit(() -> {
                    Map<String, String> cfg = new HashMap<>(TIMERS);
                    cfg.put("cluster", cluster(n));
                    cfg.put("group.name", group(n));
                    EmbeddedPair p = EmbeddedPair.start(f.dir.resolve(group(n)), node(n, "a"), node(n, "b"), cfg);
                    awaitM1(p);
                    return p;
                }));
            }
            for (Future<EmbeddedPair> p : started) {
                try {
                    f.pairs.add(p.get(180, TimeUnit.SECONDS));
                } catch (Exception e) {
                    f.close();
                    throw e;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return f;
    }

    private static void awaitM1(EmbeddedPair p) throws Exception {
        ManagedChannel ch = NettyChannelBuilder.forTarget(p.first().adminTarget()).usePlaintext().build();
        try {
            org.testfx.util.WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> {
                try {
                    GroupStatus s = AdminServiceGrpc.newBlockingStub(ch).withDeadlineAfter(5, TimeUnit.SECONDS)
                            .getGroupStatus(GetGroupStatusRequest.getDefaultInstance());
                    return s.getMatrix().getMatched() && s.getMatrix().getRow().getId().equals("M1");
                } catch (io.grpc.StatusRuntimeException e) {
                    return false; // starting: ask again
                }
            });
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("pair " + p.first().name() + " did not reach M1 within 120 s", e);
        } finally {
            ch.shutdownNow();
        }
    }

    public List<EmbeddedPair> pairs() {
        return pairs;
    }

    /** Every agent's admin address, pair by pair. */
    public List<AgentAddress> addresses() {
        List<AgentAddress> out = new ArrayList<>();
        for (EmbeddedPair p : pairs) {
            out.add(AgentAddress.parse(p.first().adminTarget()));
            out.add(AgentAddress.parse(p.second().adminTarget()));
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        for (EmbeddedPair p : pairs) {
            try {
                p.close();
            } catch (Exception e) {
                // keep closing the others
            }
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        }
    }
}
