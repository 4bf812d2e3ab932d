package dev.tandem.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CounterNamesTest {

    @Test
    void theGuidesFiveCountersInItsOrder() {
        assertThat(CounterNames.ALL).containsExactly("ActiveJsmSessions", "InactiveJsmSessions", "JsmSessionsClient",
                "JsmSessionsClientInactive", "JsmSessionsComposed");
    }

    @Test
    void theRoundTripLimitIs80MsAndInclusive() {
        assertThat(Heartbeat.ROUND_TRIP_LIMIT_MS).isEqualTo(80.0);
        assertThat(Heartbeat.overRoundTripLimit(80.0)).isFalse();
        assertThat(Heartbeat.overRoundTripLimit(80.5)).isTrue();
    }
}
