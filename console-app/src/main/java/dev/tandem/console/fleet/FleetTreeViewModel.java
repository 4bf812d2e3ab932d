package dev.tandem.console.fleet;

import dev.tandem.console.connection.GroupSource;
import dev.tandem.console.util.Ages;
import dev.tandem.console.util.Names;
import dev.tandem.console.util.StateIcon;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.NodeReport;
import dev.tandem.proto.ha.v1.NodeStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.StringProperty;

/**
 * Clusters > groups > nodes, from every group the agents report (the cluster is each agent's
 * `cluster` key, GroupStatus.cluster), each with its state icon; a group shows the worst of its
 * nodes and a cluster the worst of its groups (one rule: {@link StateIcon#worst}). Selecting a
 * group or one of its nodes selects the group for every view (the shared selected-group property).
 */
public final class FleetTreeViewModel {
    /** Where groups of agents that report no cluster (older agents) are listed. */
    public static final String NO_CLUSTER = "(no cluster)";

    private final StringProperty selectedGroup;
    private final ReadOnlyObjectWrapper<List<FleetItem>> clusters = new ReadOnlyObjectWrapper<>(List.of());

    public FleetTreeViewModel(StringProperty selectedGroup) {
        this.selectedGroup = selectedGroup;
    }

    /** The clusters, replaced only when something shown changed (so the tree is not rebuilt every tick). */
    public ReadOnlyObjectProperty<List<FleetItem>> clustersProperty() {
        return clusters.getReadOnlyProperty();
    }

    public StringProperty selectedGroupProperty() {
        return selectedGroup;
    }

    /** Selects the item's group (a cluster selects nothing new). */
    public void select(FleetItem item) {
        if (item != null && item.group() != null && !item.group().isEmpty()) {
            selectedGroup.set(item.group());
        }
    }

    /** Drain timer. */
    public void refresh(List<GroupSource> groups, long now) {
        Map<String, List<FleetItem>> byCluster = new TreeMap<>();
        for (GroupSource g : groups) {
            String cluster = g.status().getCluster().isBlank() ? NO_CLUSTER : g.status().getCluster();
            byCluster.computeIfAbsent(cluster, k -> new ArrayList<>()).add(group(cluster, g, now));
        }
        List<FleetItem> out = new ArrayList<>();
        byCluster.forEach((name, items) -> {
            StateIcon worst = StateIcon.worst(items.stream().map(FleetItem::icon).toList());
            long bad = items.stream().filter(i -> i.icon() != StateIcon.NORMAL).count();
            String text = name + " — " + items.size() + (items.size() == 1 ? " group" : " groups")
                    + (bad == 0 ? ", all normal" : ", " + bad + " not normal (worst: " + worst.label().toLowerCase() + ")");
            out.add(new FleetItem(FleetItem.Kind.CLUSTER, "c:" + name, text, worst,
                    "Cluster " + name + ": the worst state of its groups is " + worst.label().toLowerCase() + ".", "",
                    items));
        });
        if (!out.equals(clusters.get())) {
            clusters.set(List.copyOf(out));
        }
    }

    private static FleetItem group(String cluster, GroupSource g, long now) {
        GroupStatus s = g.status();
        StateIcon icon = StateIcon.ofGroup(s, g.live());
        List<FleetItem> nodes = new ArrayList<>();
        for (NodeReport r : s.getNodesList()) {
            NodeStatus n = r.getStatus();
            StateIcon ni = g.live() ? StateIcon.of(n) : StateIcon.UNKNOWN;
            // the line says the state; the reason and the agent's sentence are in the tooltip (short lines in a narrow pane)
            String state = !n.getReachable() ? "unreachable" : Names.state(n.getState());
            String reason = Names.reason(n.getReason());
            nodes.add(new FleetItem(FleetItem.Kind.NODE, "n:" + cluster + "/" + s.getGroup() + "/" + n.getNode(),
                    n.getNode() + ": " + state, ni, n.getNode() + ": " + state
                    + (reason.isEmpty() || !n.getReachable() ? "" : " / " + reason) + ". " + n.getSentence(),
                    s.getGroup(), List.of()));
        }
        String row = s.getMatrix().getMatched() ? s.getMatrix().getRow().getId() : "no matrix row";
        String flags = (s.getHaEnabled() ? "" : ", HA off") + (s.getMaintenanceMode() ? ", maintenance" : "")
                + (g.live() ? "" : ", agent unreachable");
        String tip = "Group " + s.getGroup() + (s.getDescription().isBlank() ? "" : " (" + s.getDescription() + ")")
                + ": " + icon.label().toLowerCase() + ", " + row + flags + ". "
                + (g.live() ? "Live from " + g.via().address() + "."
                : "Data from " + g.via().address() + " is " + Ages.duration(now - g.lastDataAtMs()) + " old.");
        return new FleetItem(FleetItem.Kind.GROUP, "g:" + cluster + "/" + s.getGroup(), s.getGroup() + " — " + row + flags,
                icon, tip, s.getGroup(), nodes);
    }
}
