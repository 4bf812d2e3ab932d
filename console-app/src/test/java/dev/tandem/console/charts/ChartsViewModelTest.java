package dev.tandem.console.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Timestamp;
import dev.tandem.console.connection.AgentAddress;
import dev.tandem.console.connection.ReceivedEvent;
import dev.tandem.proto.admin.v1.Counter;
import dev.tandem.proto.admin.v1.CounterSample;
import dev.tandem.proto.admin.v1.EventKind;
import dev.tandem.proto.admin.v1.HaEvent;
import dev.tandem.proto.ha.v1.NodeState;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChartsViewModelTest {
    private static final long NOW = 1_700_000_000_000L;

    private static CounterSample sample(String node, long at, double active, double rtt) {
        return CounterSample.newBuilder().setNode(node).setAt(ts(at))
                .addCounters(Counter.newBuilder().setName("ActiveJsmSessions").setValue(active))
                .addCounters(Counter.newBuilder().setName("InactiveJsmSessions").setValue(active / 2))
                .addCounters(Counter.newBuilder().setName("PeerRoundTripMs").setValue(rtt)).build();
    }

    private static Timestamp ts(long ms) {
        return Timestamp.newBuilder().setSeconds(ms / 1000).setNanos((int) (ms % 1000) * 1_000_000).build();
    }

    @Test
    void sharedWindowZoomPauseAndStatistics() {
        CounterStore store = new CounterStore(4096);
        ChartsViewModel vm = new ChartsViewModel(store);
        for (int i = 0; i < 600; i++) {
            store.accept(sample("cup-a", NOW - 600_000 + i * 1000L, i, 3));
        }
        vm.refresh(NOW, List.of());
        assertThat(vm.t1() - vm.t0()).isEqualTo(300_000);
        assertThat(vm.charts().get(0).series()).contains(new SeriesKey("cup-a", "ActiveJsmSessions"),
                new SeriesKey("cup-a", "InactiveJsmSessions"));
        StatsRow active = vm.stats().stream().filter(r -> r.key().counter().equals("ActiveJsmSessions")).findFirst()
                .orElseThrow();
        assertThat(active.stats().last()).isEqualTo(599);
        assertThat(active.stats().min()).isEqualTo(300);
        assertThat(active.stats().count()).isEqualTo(300);

        vm.zoomIn();
        vm.zoomIn();
        vm.zoomIn();
        assertThat(vm.windowProperty().get()).isEqualTo(ChartsViewModel.MIN_WINDOW_MS);
        vm.setWindowMinutes(600);
        assertThat(vm.windowProperty().get()).isEqualTo(ChartsViewModel.MAX_WINDOW_MS);

        vm.togglePause();
        vm.refresh(NOW + 60_000, List.of());
        assertThat(vm.t1()).as("paused: the window stays").isEqualTo(NOW);
        vm.togglePause();
        vm.refresh(NOW + 60_000, List.of());
        assertThat(vm.t1()).isEqualTo(NOW + 60_000);
    }

    @Test
    void warnsOverEightyMsAndMarksFailovers() {
        CounterStore store = new CounterStore(64);
        ChartsViewModel vm = new ChartsViewModel(store);
        double[] rtt = {95, 3, 97, 120};
        for (int i = 0; i < rtt.length; i++) {
            store.accept(sample("cup-b", NOW - 4000 + i * 1000L, 10, rtt[i]));
        }
        vm.onEvents(List.of(new ReceivedEvent(new AgentAddress("x", 1), HaEvent.newBuilder().setId(1)
                .setAt(ts(NOW - 500)).setNode("cup-b").setKind(EventKind.STATE_CHANGE)
                .setFromState(NodeState.NORMAL).setToState(NodeState.TAKING_OVER).build())));
        vm.refresh(NOW, List.of());
        assertThat(vm.roundTripWarningProperty().get()).contains("cup-b peer round trip over the 80 ms WAN limit in 3 of the last 5 samples (now 120 ms)");
        assertThat(vm.timeline().markers(vm.t0(), vm.t1() + 1)).extracting(TimelineStore.Marker::label)
                .containsExactly("failover to cup-b");
        assertThat(vm.timeline().spans("cup-b", vm.t0(), vm.t1())).extracting(TimelineStore.Span::icon)
                .as("the first event's from-state fills the time before it")
                .containsExactly(dev.tandem.console.util.StateIcon.NORMAL, dev.tandem.console.util.StateIcon.TRANSITIONAL);
        vm.onEvents(List.of(new ReceivedEvent(new AgentAddress("x", 1), HaEvent.newBuilder().setId(2)
                .setAt(ts(NOW - 100)).setNode("cup-b").setKind(EventKind.STATE_CHANGE)
                .setFromState(NodeState.TAKING_OVER).setToState(NodeState.RUNNING_IN_BACKUP_MODE).build())));
        assertThat(vm.timeline().spans("cup-b", vm.t0(), vm.t1())).extracting(TimelineStore.Span::icon)
                .as("a later change keeps the state before the first one")
                .containsExactly(dev.tandem.console.util.StateIcon.NORMAL, dev.tandem.console.util.StateIcon.TRANSITIONAL,
                        dev.tandem.console.util.StateIcon.BACKUP);
    }

    @Test
    void countsAndMillisecondsNeverShareAnAxis() {
        ChartsViewModel vm = new ChartsViewModel(new CounterStore(64));
        List<ChartSpec> specs = vm.specs(List.of("cup-a", "cup-b"));
        ChartSpec since = specs.stream().filter(c -> c.title().startsWith("Since last heartbeat")).findFirst().orElseThrow();
        ChartSpec missed = specs.stream().filter(c -> c.title().startsWith("Missed heartbeats")).findFirst().orElseThrow();
        assertThat(since.series()).extracting(SeriesKey::counter).containsOnly(CounterStore.SINCE_LAST);
        assertThat(missed.series()).extracting(SeriesKey::counter).containsOnly(CounterStore.MISSED);
    }

    @Test
    void exportsWhatIsShownAsCsv() throws Exception {
        CounterStore store = new CounterStore(64);
        ChartsViewModel vm = new ChartsViewModel(store);
        store.accept(sample("cup-a", NOW - 10 * 60_000, 1, 1)); // outside the 5 min window
        store.accept(sample("cup-a", NOW - 2000, 1200, 3.5));
        vm.refresh(NOW, List.of());
        StringWriter w = new StringWriter();
        int n = vm.exportCsv(w);
        assertThat(n).isEqualTo(3);
        assertThat(w.toString()).startsWith("time,epoch_ms,node,counter,value\n")
                .contains(",cup-a,ActiveJsmSessions,1200\n").contains(",cup-a,PeerRoundTripMs,3.5\n")
                .doesNotContain(",1\n");
    }

    @Test
    void zoomStepsThroughTheOfferedWindowsOnly() {
        ChartsViewModel vm = new ChartsViewModel(new CounterStore(64));
        vm.setWindowMinutes(5);
        vm.zoomOut();
        assertThat(vm.windowProperty().get()).isEqualTo(600_000);
        vm.zoomOut();
        vm.zoomOut();
        assertThat(vm.windowProperty().get()).isEqualTo(1_800_000);
        vm.setWindowMs(420_000); // a dragged zoom of 7 min
        vm.zoomOut();
        assertThat(vm.windowProperty().get()).isEqualTo(600_000);
        assertThat(ChartsViewModel.WINDOWS_MS).contains(vm.windowProperty().get());
    }

    @Test
    void aDraggedRangeIsShownExactlyThenPannedAndResetToLive() {
        CounterStore store = new CounterStore(4096);
        ChartsViewModel vm = new ChartsViewModel(store);
        vm.refresh(NOW, List.of());
        vm.zoomTo(NOW - 120_000, NOW - 180_000); // either direction
        assertThat(vm.t0()).isEqualTo(NOW - 180_000);
        assertThat(vm.t1()).isEqualTo(NOW - 120_000);
        assertThat(vm.pausedProperty().get()).as("a zoomed range stops following live data").isTrue();
        vm.refresh(NOW + 5_000, List.of());
        assertThat(vm.t1()).isEqualTo(NOW - 120_000);

        vm.pan(-30_000);
        assertThat(vm.t1()).isEqualTo(NOW - 150_000);
        vm.pan(10 * 3_600_000L);
        assertThat(vm.t1()).as("never past now").isEqualTo(NOW + 5_000);
        vm.pan(-10 * 3_600_000L);
        assertThat(vm.t0()).as("never before the kept hour").isEqualTo(NOW + 5_000 - ChartsViewModel.MAX_WINDOW_MS);

        vm.zoomTo(NOW, NOW + 2_000);
        assertThat(vm.windowProperty().get()).as("widened to the smallest window").isEqualTo(ChartsViewModel.MIN_WINDOW_MS);

        vm.reset();
        assertThat(vm.pausedProperty().get()).isFalse();
        assertThat(vm.windowProperty().get()).isEqualTo(ChartsViewModel.DEFAULT_WINDOW_MS);
        assertThat(vm.t1()).isEqualTo(NOW + 5_000);
    }

    @Test
    void theCrosshairReadsEverySeriesAtTheNearestSample() {
        CounterStore store = new CounterStore(4096);
        for (int i = 0; i < 60; i++) {
            store.accept(sample("cup-a", NOW - 60_000 + i * 1000L, i, 10 + i));
        }
        store.accept(sample("cup-b", NOW - 300_000, 7, 1));
        ChartsViewModel vm = new ChartsViewModel(store);
        vm.refresh(NOW, List.of());
        ChartSpec sessions = vm.charts().get(0);
        List<String> lines = vm.readout(sessions, NOW - 30_400);
        assertThat(lines.get(0)).endsWith(".600");
        assertThat(lines).contains("cup-a ActiveJsmSessions: 30", "cup-a InactiveJsmSessions: 15",
                "cup-b ActiveJsmSessions: no data");
    }
}
