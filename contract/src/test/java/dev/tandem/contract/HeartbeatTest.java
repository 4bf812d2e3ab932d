package dev.tandem.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The 80 ms limit and its sustained-breach rule (3 of the newest 5 samples). */
class HeartbeatTest {

    @Test
    void oneSpikeIsNoBreachThreeOfFiveAre() {
        assertThat(Heartbeat.sustainedBreach(new double[] {5, 5, 300, 5, 5})).isFalse();
        assertThat(Heartbeat.sustainedBreach(new double[] {81, 5, 90, 5, 120})).isTrue();
        assertThat(Heartbeat.sustainedBreach(new double[] {80, 80, 80, 80, 80})).as("at the limit is not over").isFalse();
    }

    @Test
    void onlyTheNewestFiveCount() {
        assertThat(Heartbeat.sustainedBreach(new double[] {200, 200, 200, 5, 5, 5, 5, 5})).isFalse();
        assertThat(Heartbeat.sustainedBreach(new double[] {100, 100})).as("fewer than three samples").isFalse();
    }

    @Test
    void clearedOnlyWhenNoneOfTheNewestIsOver() {
        assertThat(Heartbeat.breachCleared(new double[] {90, 5, 5, 5, 5})).isFalse();
        assertThat(Heartbeat.breachCleared(new double[] {90, 5, 5, 5, 5, 5})).isTrue();
    }
}
