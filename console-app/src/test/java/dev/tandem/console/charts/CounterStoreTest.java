package dev.tandem.console.charts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.proto.admin.v1.Counter;
import dev.tandem.proto.admin.v1.CounterSample;
import com.google.protobuf.Timestamp;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Series keyed by the node they describe, fed by that node's own agent; sentinels dropped. */
class CounterStoreTest {
    private static final long T = 1_800_000_000_000L;

    private static CounterSample sample(String node, long at, String counter, double v) {
        return CounterSample.newBuilder().setNode(node).setAt(Timestamp.newBuilder().setSeconds(at / 1000)
                .setNanos((int) (at % 1000) * 1_000_000)).addCounters(Counter.newBuilder().setName(counter).setValue(v))
                .build();
    }

    private static List<Double> values(CounterStore s, String node, String counter) {
        List<Double> out = new java.util.ArrayList<>();
        s.series(new SeriesKey(node, counter)).ifPresent(b -> b.forEach(0, Long.MAX_VALUE, (t, v) -> out.add(v)));
        return out;
    }

    @Test
    void theRelayedCopyOfAPeersCountersNeverInterleavesWithItsOwnSeries() {
        CounterStore s = new CounterStore(64);
        // node-b's own agent samples now; node-a's agent relays node-b's last heartbeat (older, repeated)
        for (int i = 0; i < 5; i++) {
            long now = T + i * 500;
            assertThat(s.accept("node-b", sample("node-b", now, "SinceLastHeartbeatMs", 54), now)).isTrue();
            assertThat(s.accept("node-a", sample("node-b", now + 1, "SinceLastHeartbeatMs", 578), now)).isFalse();
        }
        assertThat(values(s, "node-b", "SinceLastHeartbeatMs")).containsOnly(54.0).hasSize(5);
        assertThat(s.relayedUsed()).isZero();
    }

    @Test
    void theRelayedCopyIsUsedOnlyWhileTheNodesOwnAgentIsSilent() {
        CounterStore s = new CounterStore(64);
        s.accept("node-b", sample("node-b", T, "ActiveJsmSessions", 10), T);
        long later = T + CounterStore.RELAY_GRACE_MS + 1;
        assertThat(s.accept("node-a", sample("node-b", later, "ActiveJsmSessions", 11), later)).isTrue();
        assertThat(values(s, "node-b", "ActiveJsmSessions")).containsExactly(10.0, 11.0);
        assertThat(s.relayedUsed()).isEqualTo(1);
    }

    @Test
    void aNodeWithoutItsOwnAgentIsChartedFromTheRelayedCopyAfterTheGrace() {
        CounterStore s = new CounterStore(64);
        assertThat(s.accept("node-a", sample("node-b", T, "ActiveJsmSessions", 7), T)).isFalse();
        long later = T + CounterStore.RELAY_GRACE_MS;
        assertThat(s.accept("node-a", sample("node-b", later, "ActiveJsmSessions", 8), later)).isTrue();
        assertThat(values(s, "node-b", "ActiveJsmSessions")).containsExactly(8.0);
    }

    @Test
    void aSampleBeforeTheAgentsFirstStatusIsNotGuessedAndSentinelsAreNeverStored() {
        CounterStore s = new CounterStore(64);
        assertThat(s.accept(null, sample("node-a", T, "ActiveJsmSessions", 3), T)).isFalse();
        s.accept("node-a", sample("node-a", T + 1, "SinceLastHeartbeatMs", -1), T + 1);
        assertThat(s.series(new SeriesKey("node-a", "SinceLastHeartbeatMs"))).isEmpty();
    }

    @Test
    void theRoundTripRuleNeedsASustainedBreachOnTheNodesOwnSeries() {
        CounterStore s = new CounterStore(64);
        double[] spikes = {3, 191, 2, 301, 4};
        for (int i = 0; i < spikes.length; i++) {
            s.accept("node-b", sample("node-b", T + i * 1000L, CounterStore.ROUND_TRIP, spikes[i]), T + i * 1000L);
        }
        SeriesBuffer rtt = s.series(new SeriesKey("node-b", CounterStore.ROUND_TRIP)).orElseThrow();
        assertThat(RoundTripRule.breached(rtt)).as("two spikes in five samples are not a breach").isFalse();
        s.accept("node-b", sample("node-b", T + 5000, CounterStore.ROUND_TRIP, 120), T + 5000);
        assertThat(RoundTripRule.breached(rtt)).isTrue();
        assertThat(s.series(new SeriesKey("node-a", CounterStore.ROUND_TRIP))).as("only node-b's series").isEmpty();
    }
}
