package dev.tandem.console.charts;

import dev.tandem.console.connection.GroupSource;
import dev.tandem.console.connection.ReceivedEvent;
import dev.tandem.console.util.Ages;
import dev.tandem.contract.CounterNames;
import dev.tandem.contract.Heartbeat;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The live charts: one shared time window [end - window, end) for every chart, pause/resume,
 * zoom, the series each chart shows, per-series statistics, the round-trip warning and CSV export.
 * The view draws; this decides what.
 */
public final class ChartsViewModel {
    public static final long MIN_WINDOW_MS = 60_000;
    public static final long MAX_WINDOW_MS = 3_600_000;

    private final CounterStore store;
    private final TimelineStore timeline = new TimelineStore();
    private final LongProperty window = new SimpleLongProperty(5 * 60_000);
    private final BooleanProperty paused = new SimpleBooleanProperty(false);
    private final BooleanProperty tableMode = new SimpleBooleanProperty(false);
    private final ReadOnlyLongWrapper end = new ReadOnlyLongWrapper(System.currentTimeMillis());
    private final ObservableList<String> selectedCounters =
            FXCollections.observableArrayList(List.of(CounterNames.JSM_SESSIONS_CLIENT, CounterNames.JSM_SESSIONS_CLIENT_INACTIVE));
    private final ObservableList<String> availableCounters = FXCollections.observableArrayList(CounterStore.OTHER_COUNTERS);
    private final ObservableList<StatsRow> stats = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper roundTripWarning = new ReadOnlyStringWrapper("");
    private final ReadOnlyLongWrapper frame = new ReadOnlyLongWrapper();
    private List<ChartSpec> charts = List.of();
    private double heartbeatTimeoutMs = Double.NaN;

    public ChartsViewModel(CounterStore store) {
        this.store = store;
        window.addListener((o, a, b) -> frame.set(frame.get() + 1));
    }

    public LongProperty windowProperty() {
        return window;
    }

    public BooleanProperty pausedProperty() {
        return paused;
    }

    public BooleanProperty tableModeProperty() {
        return tableMode;
    }

    public ReadOnlyLongProperty endProperty() {
        return end.getReadOnlyProperty();
    }

    /** Changes each time the charts should redraw. */
    public ReadOnlyLongProperty frameProperty() {
        return frame.getReadOnlyProperty();
    }

    public ObservableList<String> selectedCounters() {
        return selectedCounters;
    }

    public ObservableList<String> availableCounters() {
        return availableCounters;
    }

    public ObservableList<StatsRow> stats() {
        return stats;
    }

    public ReadOnlyStringProperty roundTripWarningProperty() {
        return roundTripWarning.getReadOnlyProperty();
    }

    public CounterStore store() {
        return store;
    }

    public TimelineStore timeline() {
        return timeline;
    }

    public long t0() {
        return end.get() - window.get();
    }

    public long t1() {
        return end.get();
    }

    public List<ChartSpec> charts() {
        return charts;
    }

    public void zoomIn() {
        window.set(Math.max(MIN_WINDOW_MS, window.get() / 2));
    }

    public void zoomOut() {
        window.set(Math.min(MAX_WINDOW_MS, window.get() * 2));
    }

    public void setWindowMinutes(int minutes) {
        window.set(Math.max(MIN_WINDOW_MS, Math.min(MAX_WINDOW_MS, minutes * 60_000L)));
    }

    public void togglePause() {
        paused.set(!paused.get());
    }

    /** Events feed the markers and the state bands (FX thread, once per tick). */
    public void onEvents(List<ReceivedEvent> events) {
        events.forEach(e -> timeline.onEvent(e.event()));
    }

    /** Called by the drain timer: moves the window (unless paused), rebuilds specs and statistics. */
    public void refresh(long now, List<GroupSource> groups) {
        for (GroupSource g : groups) {
            timeline.onStatus(g.status(), now);
            if (g.status().getHeartbeat().getTimeoutMs() > 0) {
                heartbeatTimeoutMs = g.status().getHeartbeat().getTimeoutMs();
            }
        }
        if (!paused.get()) {
            end.set(now);
        }
        List<String> counterNames = store.counterNames();
        List<String> others = new ArrayList<>(CounterStore.OTHER_COUNTERS);
        counterNames.stream().filter(c -> !others.contains(c) && !CounterStore.SESSION_COUNTERS.contains(c)
                && !isHeartbeat(c)).forEach(others::add);
        if (!others.equals(availableCounters)) {
            availableCounters.setAll(others);
        }
        charts = specs(store.nodes());
        List<StatsRow> rows = new ArrayList<>();
        StringBuilder warn = new StringBuilder();
        for (ChartSpec c : charts) {
            for (SeriesKey k : c.series()) {
                Stats s = store.series(k).map(b -> b.stats(t0(), t1() + 1)).orElse(Stats.EMPTY);
                rows.add(new StatsRow(c.title(), k, s));
                if (k.counter().equals(CounterStore.ROUND_TRIP)
                        && store.series(k).map(RoundTripRule::breached).orElse(false)) {
                    warn.append(String.format(Locale.ROOT, "%s peer round trip over the %.0f ms WAN limit in %d of "
                            + "the last %d samples (now %.0f ms). ", k.node(), Heartbeat.ROUND_TRIP_LIMIT_MS, RoundTripRule.OVER,
                            RoundTripRule.OF, s.last()));
                }
            }
        }
        if (!rows.equals(stats)) {
            stats.setAll(rows);
        }
        roundTripWarning.set(warn.toString().trim());
        frame.set(frame.get() + 1);
    }

    List<ChartSpec> specs(List<String> nodes) {
        List<ChartSpec> out = new ArrayList<>();
        out.add(new ChartSpec("Sessions (" + String.join(", ", CounterStore.SESSION_COUNTERS) + ")",
                keys(nodes, CounterStore.SESSION_COUNTERS), Double.NaN, ""));
        if (!selectedCounters.isEmpty()) {
            out.add(new ChartSpec("Counters: " + String.join(", ", selectedCounters),
                    keys(nodes, selectedCounters), Double.NaN, ""));
        }
        out.add(new ChartSpec("Peer round trip (ms)", keys(nodes, List.of(CounterStore.ROUND_TRIP)),
                Heartbeat.ROUND_TRIP_LIMIT_MS, String.format(Locale.ROOT, "%.0f ms WAN limit", Heartbeat.ROUND_TRIP_LIMIT_MS)));
        // milliseconds and counts on separate axes: a count of 3 is invisible on a 0-6000 ms scale
        out.add(new ChartSpec("Since last heartbeat (ms)", keys(nodes, List.of(CounterStore.SINCE_LAST)),
                heartbeatTimeoutMs, "heartbeat timeout"));
        out.add(new ChartSpec("Missed heartbeats (count)", keys(nodes, List.of(CounterStore.MISSED)), Double.NaN, ""));
        return out;
    }

    private static List<SeriesKey> keys(List<String> nodes, List<String> counters) {
        List<SeriesKey> out = new ArrayList<>();
        for (String c : counters) {
            for (String n : nodes) {
                out.add(new SeriesKey(n, c));
            }
        }
        return out;
    }

    private static boolean isHeartbeat(String c) {
        return c.equals(CounterStore.ROUND_TRIP) || c.equals(CounterStore.MISSED) || c.equals(CounterStore.SINCE_LAST);
    }

    /** Writes what is shown: every sample of every displayed series inside the window. */
    public int exportCsv(Writer out) throws IOException {
        long t0 = t0();
        long t1 = t1() + 1;
        out.write("time,epoch_ms,node,counter,value\n");
        int[] n = {0};
        List<SeriesKey> done = new ArrayList<>();
        for (ChartSpec c : charts) {
            for (SeriesKey k : c.series()) {
                if (done.contains(k)) {
                    continue;
                }
                done.add(k);
                StringBuilder sb = new StringBuilder();
                store.series(k).ifPresent(b -> b.forEach(t0, t1, (t, v) -> {
                    sb.append(Instant.ofEpochMilli(t)).append(',').append(t).append(',').append(csv(k.node()))
                            .append(',').append(k.counter()).append(',').append(StatsRow.fmt(v)).append('\n');
                    n[0]++;
                }));
                out.write(sb.toString());
            }
        }
        return n[0];
    }

    public String suggestedFileName() {
        return "tandem-counters-" + Ages.dateClock(t1()).replace(' ', '_').replace(':', '-') + ".csv";
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
