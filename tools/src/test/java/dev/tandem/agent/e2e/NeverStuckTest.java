package dev.tandem.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.presence.testkit.Await;
import dev.tandem.proto.admin.v1.AdminServiceGrpc.AdminServiceBlockingStub;
import dev.tandem.proto.admin.v1.GetConfigurationRequest;
import dev.tandem.proto.admin.v1.GetGroupStatusRequest;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.SetParametersRequest;
import dev.tandem.tools.demo.EmbeddedPair;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 11 with two real agents: a wall-clock step and a parameter change leave the pair in M1. */
class NeverStuckTest {
    @TempDir
    Path dir;
    EmbeddedPair pair;
    ManagedChannel ch;
    AdminServiceBlockingStub adminB;
    GroupWatch watchB;

    private void start(Map<String, String> timers) throws Exception {
        pair = EmbeddedPair.start(dir, "node-a", "node-b", timers);
        ch = Fixtures.channel(pair.second().adminTarget());
        adminB = Fixtures.admin(ch);
        watchB = new GroupWatch(pair.second().adminTarget());
        // slower timers (1.5 s interval) take a few heartbeats to initialize; a loaded machine more
        watchB.awaitRow("M1", Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() {
        if (watchB != null) {
            watchB.close();
            ch.shutdownNow();
            pair.close();
        }
    }

    /** Asks node-b for its status until it matches; at most {@code timeout}. */
    private void awaitFreshStatus(String what, Duration timeout, Predicate<GroupStatus> p) {
        long end = System.nanoTime() + timeout.toNanos();
        GroupStatus last = null;
        while (System.nanoTime() < end) {
            last = adminB.getGroupStatus(GetGroupStatusRequest.getDefaultInstance());
            if (p.test(last)) {
                return;
            }
            // the next heartbeat figure is worth asking for no sooner than a few ms from now
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        }
        throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; last: " + last);
    }

    /** Node-b keeps hearing {@code count} fresh heartbeats from node-a. */
    private static Predicate<GroupStatus> heartbeatsFromA(int count) {
        Set<Long> seen = new HashSet<>();
        return s -> {
            if (s.getHeartbeat().getPeerSeen()) {
                seen.add(s.getHeartbeat().getLastSeen().getSeconds() * 1000 + s.getHeartbeat().getLastSeen().getNanos() / 1_000_000);
            }
            return seen.size() >= count;
        };
    }

    private void assertOnlyM1Since(int fromIndex) {
        var rows = watchB.rows();
        assertThat(rows.subList(Math.min(fromIndex, rows.size()), rows.size())).as("rows seen: " + rows)
                .allMatch(r -> r.equals("M1"));
    }

    @Test
    void aWallClockStepBackOf4600SecondsStopsNoHeartbeat() throws Exception {
        start(Fixtures.FAST);
        int from = watchB.rows().size() - 1;
        long before = System.currentTimeMillis();
        pair.agent("node-a").wallClock().step(-4_600_000);
        // 100 ms interval, 500 ms timeout: 20 fresh heartbeats span several timeouts
        watchB.await("20 heartbeats from node-a after the step", Duration.ofSeconds(10), heartbeatsFromA(20));
        assertOnlyM1Since(from);
        assertThat(watchB.latest().getNodesList()).allMatch(n -> n.getStatus().getState().name().equals("NORMAL"));
        // the step shows where it belongs: display time (the peer's "sent at" of node-a's heartbeats)
        assertThat(pair.agent("node-a").wallClock().getAsLong()).isLessThan(before);
    }

    @Test
    void longTimersToShortOnesKeepThePairInM1() throws Exception {
        // the live finding at 15 s / 60 s scaled down to 1.5 s / 6 s, then 100 ms / 400 ms
        start(Map.of("heartbeat.interval", "1500ms", "heartbeat.timeout", "6000ms", "heartbeat.init-timeout", "12000ms",
                "service.down-delay", "300ms", "service.poll", "50ms"));
        // let the last heartbeat age past the new timeout, as it would mid-interval. Asked, not watched:
        // the watch pushes a status when a heartbeat is sent or received, and the two nodes' heartbeats
        // come within milliseconds of each other, so a pushed status shows an old heartbeat only for
        // those milliseconds (or never, when the stream sends only the latest of two)
        Await.until(() -> adminB.getGroupStatus(GetGroupStatusRequest.getDefaultInstance()).getHeartbeat().getSinceLastMs(),
                ms -> ms >= 1000, Duration.ofSeconds(10));
        int from = watchB.rows().size() - 1;
        var p = adminB.getConfiguration(GetConfigurationRequest.getDefaultInstance()).getParameters();
        adminB.setParameters(SetParametersRequest.newBuilder().setActor("test").setParameters(p.toBuilder()
                .setHeartbeatIntervalMs(100).setHeartbeatTimeoutMs(400).setInitializationHeartbeatTimeoutMs(1000)).build());
        watchB.await("30 heartbeats from node-a under the new interval", Duration.ofSeconds(15),
                heartbeatsFromA(30).and(s -> s.getHeartbeat().getIntervalMs() == 100));
        var rows = watchB.rows();
        // a heartbeat in flight on the old values may flash M24 (peers briefly disagree); never a lost peer
        assertThat(rows.subList(from, rows.size())).as("rows seen: " + rows)
                .allMatch(r -> r.equals("M1") || r.equals("M24"));
        assertThat(GroupWatch.row(watchB.latest())).isEqualTo("M1");
        assertThat(watchB.latest().getNodesList()).allMatch(n -> n.getStatus().getState().name().equals("NORMAL"));
    }
}
