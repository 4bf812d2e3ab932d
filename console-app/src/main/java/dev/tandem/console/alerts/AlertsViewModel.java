package dev.tandem.console.alerts;

import dev.tandem.console.charts.CounterStore;
import dev.tandem.console.charts.RoundTripRule;
import dev.tandem.console.charts.SeriesBuffer;
import dev.tandem.console.charts.SeriesKey;
import dev.tandem.console.connection.GroupSource;
import dev.tandem.console.connection.ReceivedEvent;
import dev.tandem.console.util.Ages;
import dev.tandem.console.util.Names;
import dev.tandem.contract.Heartbeat;
import dev.tandem.proto.admin.v1.EventKind;
import dev.tandem.proto.admin.v1.HaEvent;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiConsumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.IntegerBinding;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Alerts the operator must see: the agent's (SRMFailover, SRMFailed, PEPeerNodeFailure,
 * PEAutoRecoveryFailed, CriticalServiceDown) and the console's own round-trip-over-80-ms.
 * A live failover also raises a desktop notification through the notifier the view sets.
 */
public final class AlertsViewModel {
    public static final String ROUND_TRIP_TYPE = "PeerRoundTripOver80ms";
    /** Events older than this when they arrive are history: listed, not notified. */
    static final long LIVE_MS = 60_000;

    private final ObservableList<AlertItem> alerts = FXCollections.observableArrayList();
    private final IntegerBinding unacknowledged = Bindings.createIntegerBinding(
            () -> (int) alerts.stream().filter(a -> !a.acknowledged()).count(), alerts);
    private final Set<String> seen = new HashSet<>();
    private final Set<String> roundTripActive = new HashSet<>();
    private final CounterStore counters;
    private BiConsumer<String, String> notifier = (title, text) -> { };
    private long seq;

    /** @param counters the series the charts draw (null: no round-trip alert) */
    public AlertsViewModel(CounterStore counters) {
        this.counters = counters;
    }

    public AlertsViewModel() {
        this(null);
    }

    public ObservableList<AlertItem> alerts() {
        return alerts;
    }

    public IntegerBinding unacknowledgedCount() {
        return unacknowledged;
    }

    /** The view shows (title, text) as a notification. */
    public void setNotifier(BiConsumer<String, String> notifier) {
        this.notifier = notifier;
    }

    public void onEvents(List<ReceivedEvent> events, long now) {
        for (ReceivedEvent r : events) {
            HaEvent e = r.event();
            long at = Ages.millis(e.getAt());
            boolean live = now - at < LIVE_MS;
            if (e.getKind() == EventKind.ALERT) {
                String type = Names.alert(e.getAlert());
                String key = type + "|" + e.getNode() + "|" + at + "|" + e.getSentence();
                if (seen.add(key)) {
                    add(at, e.getNode(), type, e.getSentence());
                    if (live && type.equals("SRMFailover")) {
                        notifier.accept("Failover: " + e.getNode(), e.getSentence());
                    }
                }
            }
        }
        if (seen.size() > 20_000) {
            seen.clear();
        }
    }

    /**
     * Drain timer: the console's own round-trip alert, per node, raised once when the node's
     * PeerRoundTripMs series (the one the chart draws) breaches {@link RoundTripRule} and
     * re-armed once it is clear again.
     */
    public void refresh(List<GroupSource> groups, long now) {
        if (counters == null) {
            return;
        }
        for (String node : counters.nodes()) {
            SeriesBuffer rtt = counters.series(new SeriesKey(node, CounterStore.ROUND_TRIP)).orElse(null);
            if (rtt == null) {
                continue;
            }
            if (RoundTripRule.breached(rtt) && roundTripActive.add(node)) {
                double[] last = rtt.lastValues(RoundTripRule.OF);
                add(now, node, ROUND_TRIP_TYPE, String.format(Locale.ROOT, "Peer round trip of %s over %.0f ms in %d of "
                        + "its last %d samples (now %.0f ms): the WAN may not carry heartbeats in time.", node,
                        Heartbeat.ROUND_TRIP_LIMIT_MS, RoundTripRule.OVER, RoundTripRule.OF, last[last.length - 1]));
            } else if (RoundTripRule.clear(rtt)) {
                roundTripActive.remove(node);
            }
        }
    }

    private void add(long at, String node, String type, String text) {
        alerts.add(0, new AlertItem(++seq, at, node, type, text, false));
        if (alerts.size() > 2000) {
            alerts.remove(alerts.size() - 1);
        }
    }

    public void acknowledge(AlertItem a) {
        int i = alerts.indexOf(a);
        if (i >= 0) {
            alerts.set(i, a.acknowledge());
        }
    }

    public void acknowledgeAll() {
        alerts.replaceAll(AlertItem::acknowledge);
    }

    public void clear(AlertItem a) {
        alerts.remove(a);
    }

    public void clearAcknowledged() {
        alerts.removeIf(AlertItem::acknowledged);
    }
}
