package dev.tandem.console.charts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.console.testing.ConsoleFixture;
import dev.tandem.console.testing.Statuses;
import dev.tandem.proto.admin.v1.Counter;
import dev.tandem.proto.admin.v1.CounterSample;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A console that connects fills its charts from the agent's kept history before the live samples. */
class BackfillTest {

    @Test
    void theAgentsLastMinutesAreChartedOnConnect() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture(Statuses.normalPair())) {
            String node = Statuses.normalPair().getReporter();
            List<CounterSample> kept = new ArrayList<>();
            for (int i = 0; i < 600; i++) { // ten minutes at one a second
                kept.add(CounterSample.newBuilder().setNode(node).setAt(Statuses.ago(600_000 - i * 1000L))
                        .addCounters(Counter.newBuilder().setName(CounterStore.ROUND_TRIP).setValue(i % 7))
                        .addCounters(Counter.newBuilder().setName(CounterStore.SINCE_LAST).setValue(-1)).build());
            }
            f.agent.setBackfill(kept);
            f.connect();
            SeriesKey rtt = new SeriesKey(node, CounterStore.ROUND_TRIP);
            f.until(() -> f.ctx.counters().series(rtt).map(SeriesBuffer::size).orElse(0) >= 600);
            assertThat(f.ctx.counters().series(new SeriesKey(node, CounterStore.SINCE_LAST)))
                    .as("sentinels of the history are dropped too").isEmpty();
            assertThat(f.agent.calls()).contains("GetCounterHistory");
        }
    }
}
