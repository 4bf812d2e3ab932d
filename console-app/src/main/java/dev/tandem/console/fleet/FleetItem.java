package dev.tandem.console.fleet;

import dev.tandem.console.util.StateIcon;
import java.util.List;

/**
 * One line of the fleet tree: a cluster, a group or a node, with its state kind (a group's and a
 * cluster's rolled up by {@link StateIcon#worst}), its text, and the group it selects.
 * {@code key} is stable across refreshes, so the view can update lines in place.
 */
public record FleetItem(Kind kind, String key, String text, StateIcon icon, String tooltip, String group,
                        List<FleetItem> children) {
    public enum Kind { CLUSTER, GROUP, NODE }

    public FleetItem {
        children = List.copyOf(children);
    }

    /** The same line without its children: what a tree cell shows. */
    public FleetItem line() {
        return children.isEmpty() ? this : new FleetItem(kind, key, text, icon, tooltip, group, List.of());
    }
}
