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
    /** The windows the toolbar offers and the zoom buttons step through (no other jumps). */
    public static final List<Long> WINDOWS_MS = List.of(10_000L, 30_000L, 60_000L, 300_000L, 600_000L, 900_000L,
            1_800_000L, 3_600_000L);
    public static final long MIN_WINDOW_MS = 10_000;
    public static final long MAX_WINDOW_MS = 3_600_000;
    public static final long DEFAULT_WINDOW_MS = 300_000;

    private final CounterStore store;
    private final TimelineStore timeline = new TimelineStore();
    private final LongProperty window = new SimpleLongProperty(DEFAULT_WINDOW_MS);
    /** The time under the pointer in any chart (shared crosshair); Long.MIN_VALUE when none. */
    private final LongProperty hoverTime = new SimpleLongProperty(Long.MIN_VALUE);
    /** The newest time the window may end at (the last refresh's now). */
    private long latest = System.currentTimeMillis();
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

    public LongProperty hoverTimeProperty() {
        return hoverTime;
    }

    /** The next smaller window the toolbar offers. */
    public void zoomIn() {
        window.set(WINDOWS_MS.stream().filter(w -> w < window.get()).max(Long::compare).orElse(MIN_WINDOW_MS));
    }

    /** The next larger window the toolbar offers. */
    public void zoomOut() {
        window.set(WINDOWS_MS.stream().filter(w -> w > window.get()).min(Long::compare).orElse(MAX_WINDOW_MS));
    }

    public void setWindowMinutes(int minutes) {
        setWindowMs(minutes * 60_000L);
    }

    public void setWindowMs(long ms) {
        window.set(Math.max(MIN_WINDOW_MS, Math.min(MAX_WINDOW_MS, ms)));
    }

    /**
     * Shows exactly [from, to] (a drag over a chart): the window stops following live data until
     * {@link #reset}. A span under {@link #MIN_WINDOW_MS} widens around its middle.
     */
    public void zoomTo(long from, long to) {
        long a = Math.min(from, to);
        long b = Math.max(from, to);
        long span = Math.max(MIN_WINDOW_MS, Math.min(MAX_WINDOW_MS, b - a));
        long mid = a + (b - a) / 2;
        paused.set(true);
        window.set(span);
        end.set(clampEnd(mid + span / 2));
        frame.set(frame.get() + 1);
    }

    /** Moves the window by {@code deltaMs} (negative: back in time), within the kept hour; stops following live. */
    public void pan(long deltaMs) {
        paused.set(true);
        end.set(clampEnd(end.get() + deltaMs));
        frame.set(frame.get() + 1);
    }

    /** Back to the live default: the newest 5 minutes, following new samples. */
    public void reset() {
        window.set(DEFAULT_WINDOW_MS);
        paused.set(false);
        end.set(latest);
        hoverTime.set(Long.MIN_VALUE);
        frame.set(frame.get() + 1);
    }

    private long clampEnd(long e) {
        return Math.max(latest - MAX_WINDOW_MS + window.get(), Math.min(latest, e));
    }

    /**
     * What the crosshair shows at time {@code t} in one chart: the time, then each series' value
     * at its sample nearest to {@code t} ("no data" when none lies within 2 % of the window).
     */
    public List<String> readout(ChartSpec spec, long t) {
        List<String> out = new ArrayList<>();
        out.add(Ages.dateClockMillis(t));
        long tolerance = Math.max(1_000, window.get() / 50);
        for (SeriesKey k : spec.series()) {
            double[] p = store.series(k).map(b -> b.nearest(t)).orElse(null);
            String v = p == null || Math.abs(p[0] - t) > tolerance ? "no data" : StatsRow.fmt(p[1]);
            out.add(k.node() + " " + k.counter() + ": " + v);
        }
        for (TimelineStore.Marker m : timeline.markers(t - tolerance, t + tolerance + 1)) {
            out.add("event " + Ages.clock(m.at()) + ": " + m.label());
        }
        return out;
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
        refresh(now, groups, null);
    }

    /**
     * As {@link #refresh(long, List)}, charting only the nodes of {@code selected} (the group
     * selected in the fleet tree; every node the store knows when null).
     */
    public void refresh(long now, List<GroupSource> groups, GroupSource selected) {
        for (GroupSource g : groups) {
            timeline.onStatus(g.status(), now);
            if (g.status().getHeartbeat().getTimeoutMs() > 0) {
                heartbeatTimeoutMs = g.status().getHeartbeat().getTimeoutMs();
            }
        }
        latest = now;
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
        charts = specs(selected == null ? store.nodes() : selected.status().getNodesList().stream()
                .map(r -> r.getStatus().getNode()).toList());
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
