package dev.tandem.agent.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Issue 11: the SRM's time follows nanoTime; a wall-clock step moves only the display clock. */
class MonotonicClockTest {
    @Test
    void aWallClockStepBackDoesNotStopTheSrmClock() {
        WallClock wall = new WallClock();
        AtomicLong nanos = new AtomicLong(5_000_000_000L);
        MonotonicClock clock = new MonotonicClock(wall, nanos::get);
        long t0 = clock.getAsLong();
        wall.step(-4_600_000);
        nanos.addAndGet(250_000_000L);
        assertThat(clock.getAsLong()).isEqualTo(t0 + 250);
        assertThat(wall.getAsLong()).isLessThan(t0 - 4_500_000);
        nanos.addAndGet(1_000_000L);
        assertThat(clock.getAsLong()).isEqualTo(t0 + 251);
    }

    @Test
    void startsAtTheWallClockSoStoredTimesStayReadable() {
        MonotonicClock clock = new MonotonicClock(() -> 1_700_000_000_000L, () -> 42L);
        assertThat(clock.getAsLong()).isEqualTo(1_700_000_000_000L);
    }
}
