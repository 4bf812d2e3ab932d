package dev.tandem.agent.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.proto.admin.v1.Counter;
import dev.tandem.proto.admin.v1.CounterSample;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bounded ring of one-a-second samples. */
class CounterHistoryTest {

    private static CounterSample sample(double v) {
        return CounterSample.newBuilder().setNode("node-a").addCounters(Counter.newBuilder().setName("X").setValue(v))
                .build();
    }

    private static double value(CounterSample s) {
        return s.getCounters(0).getValue();
    }

    @Test
    void keepsTheNewestCapacityInTimeOrder() {
        CounterHistory h = new CounterHistory(3);
        for (int i = 1; i <= 5; i++) {
            assertThat(h.add(i * 1000L, sample(i))).isTrue();
        }
        assertThat(h.size()).isEqualTo(3);
        assertThat(h.since(Long.MIN_VALUE)).extracting(CounterHistoryTest::value).containsExactly(3.0, 4.0, 5.0);
        assertThat(h.since(4000)).extracting(CounterHistoryTest::value).containsExactly(4.0, 5.0);
        assertThat(h.since(6000)).isEmpty();
    }

    @Test
    void anOlderSampleIsRefused() {
        CounterHistory h = new CounterHistory(10);
        h.add(2000, sample(1));
        assertThat(h.add(1000, sample(2))).isFalse();
        assertThat(h.since(0)).hasSize(1);
    }

    @Test
    void anHourAtOneASecond() {
        assertThat(CounterHistory.CAPACITY * CounterHistory.RESOLUTION_MS).isEqualTo(3_600_000L);
        CounterHistory h = new CounterHistory();
        for (int i = 0; i < 4000; i++) {
            h.add(i * 1000L, sample(i));
        }
        List<CounterSample> all = h.since(Long.MIN_VALUE);
        assertThat(all).hasSize(3600);
        assertThat(value(all.get(0))).isEqualTo(400.0);
        assertThatThrownBy(() -> new CounterHistory(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
