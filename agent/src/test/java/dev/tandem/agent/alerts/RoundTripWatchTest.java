package dev.tandem.agent.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.statedb.Database;
import dev.tandem.proto.admin.v1.AlertType;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PeerRoundTrip: raised on 3 of 5 heartbeats over 80 ms, not on one spike; cleared after 5 under. */
class RoundTripWatchTest {
    @TempDir
    Path dir;

    @Test
    void sustainedBreachRaisesOnceAndFiveGoodRoundTripsClear() {
        try (Database db = Database.open(dir)) {
            AlertBook book = new AlertBook("node-a", () -> 1000, db);
            RoundTripWatch w = new RoundTripWatch(book, "node-a");
            for (double ms : new double[] {3, 300, 3, 4, 5}) {
                w.observe(ms);
            }
            assertThat(book.list(false)).as("one spike").isEmpty();
            for (double ms : new double[] {95, 120, 91, 130}) {
                w.observe(ms);
            }
            assertThat(book.list(true)).hasSize(1).first().satisfies(a -> {
                assertThat(a.type()).isEqualTo(AlertType.PEER_ROUND_TRIP);
                assertThat(a.sentence()).contains("node-a").contains("over 80 ms in 3 of its last 5");
            });
            for (double ms : new double[] {4, 4, 4, 4}) {
                w.observe(ms);
            }
            assertThat(book.list(true)).as("one of the last five still over").hasSize(1);
            w.observe(4);
            assertThat(book.list(true)).isEmpty();
            assertThat(book.list(false)).hasSize(1);
        }
    }
}
