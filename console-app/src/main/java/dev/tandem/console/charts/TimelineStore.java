package dev.tandem.console.charts;

import dev.tandem.console.util.Ages;
import dev.tandem.console.util.Names;
import dev.tandem.console.util.StateIcon;
import dev.tandem.proto.admin.v1.EventKind;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.HaEvent;
import dev.tandem.proto.admin.v1.NodeReport;
import dev.tandem.proto.ha.v1.NodeState;
import dev.tandem.proto.ha.v1.NodeStatus;
import dev.tandem.proto.ha.v1.StateKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * What the charts mark on their shared time axis: failover/fallback events, and each node's
 * state over time (the state band). FX thread only: fed by the drain timer.
 */
public final class TimelineStore {
    private static final long KEEP_MS = 2 * 3_600_000L;

    private final List<Marker> markers = new ArrayList<>();
    private final Map<String, NavigableMap<Long, StateIcon>> states = new TreeMap<>();

    public void onEvent(HaEvent e) {
        if (e.getKind() != EventKind.STATE_CHANGE) {
            return;
        }
        long at = Ages.millis(e.getAt());
        NodeState to = e.getToState();
        NavigableMap<Long, StateIcon> band = states.get(e.getNode());
        // the state before the oldest kept event is known (pruned history), unless that event is
        // the node's start: then nothing came before it and the band starts there
        boolean start = e.getTrigger().equals("Started") || e.getFromState() == to;
        if ((band == null || band.firstKey() > at) && !start && e.getFromState() != NodeState.NODE_STATE_UNSPECIFIED) {
            put(e.getNode(), at - KEEP_MS, StateIcon.of(e.getFromState(), StateKind.STATE_KIND_UNSPECIFIED));
        }
        put(e.getNode(), at, StateIcon.of(to, StateKind.STATE_KIND_UNSPECIFIED));
        String label = switch (to) {
            case TAKING_OVER -> "failover to " + e.getNode();
            case TAKING_BACK -> "fallback to " + e.getNode();
            case BACKUP_ACTIVATED -> "auto-recovery to " + e.getNode();
            case RUNNING_IN_FAILED_MODE -> e.getNode() + " failed";
            default -> null;
        };
        if (label != null && markers.stream().noneMatch(m -> m.at() == at && m.label().equals(label))) {
            markers.add(new Marker(at, e.getNode(), label, Names.reason(e.getReason())));
            markers.sort((a, b) -> Long.compare(a.at(), b.at()));
        }
    }

    /** Makes sure each node's band shows its reported state from its "since" on. */
    public void onStatus(GroupStatus s, long now) {
        for (NodeReport r : s.getNodesList()) {
            NodeStatus n = r.getStatus();
            StateIcon icon = StateIcon.of(n);
            NavigableMap<Long, StateIcon> band = states.get(n.getNode());
            Map.Entry<Long, StateIcon> last = band == null ? null : band.lastEntry();
            if (last == null || last.getValue() != icon) {
                long at = n.getReachable() && Ages.isSet(n.getSince()) ? Ages.millis(n.getSince()) : now;
                put(n.getNode(), last == null ? at : Math.max(at, last.getKey() + 1), icon);
            }
        }
    }

    private void put(String node, long at, StateIcon icon) {
        NavigableMap<Long, StateIcon> band = states.computeIfAbsent(node, k -> new TreeMap<>());
        band.put(at, icon);
        // drop an entry only when the next one also lies before the kept time: the state at
        // the start of the kept time must stay known
        while (band.size() > 2 && band.higherKey(band.firstKey()) <= at - KEEP_MS) {
            band.pollFirstEntry();
        }
    }

    public List<Marker> markers(long t0, long t1) {
        return markers.stream().filter(m -> m.at() >= t0 && m.at() < t1).toList();
    }

    public List<String> nodes() {
        return List.copyOf(states.keySet());
    }

    /** The spans of a node's band overlapping [t0, t1), clipped to it. */
    public List<Span> spans(String node, long t0, long t1) {
        NavigableMap<Long, StateIcon> band = states.get(node);
        List<Span> out = new ArrayList<>();
        if (band == null) {
            return out;
        }
        Long startKey = band.floorKey(t0);
        NavigableMap<Long, StateIcon> view = band.subMap(startKey == null ? t0 : startKey, true, t1, false);
        List<Map.Entry<Long, StateIcon>> list = new ArrayList<>(view.entrySet());
        for (int i = 0; i < list.size(); i++) {
            long from = Math.max(t0, list.get(i).getKey());
            long to = i + 1 < list.size() ? list.get(i + 1).getKey() : t1;
            out.add(new Span(from, to, list.get(i).getValue()));
        }
        return out;
    }

    /** A failover, fallback or failure on the time axis. */
    public record Marker(long at, String node, String label, String reason) {
    }

    /** A stretch of time a node spent in one state kind. */
    public record Span(long from, long to, StateIcon icon) {
    }
}
