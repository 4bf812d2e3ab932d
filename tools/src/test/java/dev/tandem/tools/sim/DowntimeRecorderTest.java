package dev.tandem.tools.sim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The planned-failover benchmark's "clients with any outage" comes from here. */
class DowntimeRecorderTest {

    @Test
    void aClientPromotedBeforeItLostServiceCountsAsASwitchWithoutDowntime() {
        DowntimeRecorder r = new DowntimeRecorder();
        r.mark();
        r.outageEnded(0, false); // promoted on its standby while still served
        r.outageEnded(0, false);
        r.outageStarted();
        long lostAt = System.nanoTime() - 5_000_000; // lost 5 ms ago
        r.outageEnded(lostAt, true);

        SimulationStats s = r.snapshot(3, 3, 3, 0, 0);

        assertThat(s.outages()).isEqualTo(3);
        assertThat(s.clientsWithOutage()).isEqualTo(1);
        assertThat(s.openOutages()).isZero();
        assertThat(s.max().toNanos()).isGreaterThanOrEqualTo(5_000_000);
        assertThat(s.p50()).isZero();
        assertThat(s.toJson()).contains("\"outages\":3,\"clientsWithOutage\":1,");
    }
}
