package dev.tandem.console.live;

import static dev.tandem.console.testing.LivePair.A;
import static dev.tandem.console.testing.LivePair.B;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.console.charts.SeriesKey;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;

/**
 * Both agents stream their own counters and a relayed copy of their peer's: the console's
 * series must hold each node's own samples once, with no sentinel values.
 */
class LiveChartDataTest extends LiveUiBase {

    @Start
    void start(Stage stage) throws Exception {
        open(stage);
    }

    private int samples(String node, String counter) {
        return ctx.counters().series(new SeriesKey(node, counter)).map(b -> b.size()).orElse(0);
    }

    @Test
    void eachSeriesHoldsItsOwnNodesSamplesOnceAndNoSentinels(FxRobot robot) throws Exception {
        showTab(robot, "tab-charts");
        until("samples of both nodes", () -> samples(A, "ActiveJsmSessions") >= 20 && samples(B, "ActiveJsmSessions") >= 20);
        assertThat(ctx.counters().relayedUsed()).as("no relayed copy while both agents stream").isZero();
        StringWriter csv = new StringWriter();
        robot.interact(() -> {
            try {
                vm.charts().exportCsv(csv);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        List<String> rows = new ArrayList<>(csv.toString().lines().skip(1).toList());
        assertThat(rows).isNotEmpty();
        Set<String> seen = new HashSet<>();
        for (String r : rows) {
            String[] f = r.split(",");
            assertThat(seen.add(f[1] + "|" + f[2] + "|" + f[3])).as("duplicate timestamp in a series: " + r).isTrue();
            assertThat(Double.parseDouble(f[4])).as("a sentinel was stored: " + r).isGreaterThanOrEqualTo(0);
        }
        // each node's series advances at the stream's interval, not at the peer's heartbeat copies
        for (String node : List.of(A, B)) {
            List<Long> times = new ArrayList<>();
            ctx.counters().series(new SeriesKey(node, "SinceLastHeartbeatMs")).orElseThrow()
                    .forEach(0, Long.MAX_VALUE, (t, v) -> times.add(t));
            assertThat(times).isSorted().doesNotHaveDuplicates();
        }
    }
}
