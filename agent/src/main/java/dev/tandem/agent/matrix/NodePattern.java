package dev.tandem.agent.matrix;

import dev.tandem.agent.srm.NodeState;
import dev.tandem.agent.srm.Reason;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/** What one side of a matrix row requires: states and reasons, or an unreachable node. */
public record NodePattern(boolean unreachable, Set<NodeState> states, Set<Reason> reasons) {

    public static NodePattern of(NodeState state, Reason... reasons) {
        return new NodePattern(false, EnumSet.of(state), EnumSet.copyOf(Set.of(reasons)));
    }

    public static NodePattern anyOf(Set<NodeState> states, Reason... reasons) {
        return new NodePattern(false, EnumSet.copyOf(states), EnumSet.copyOf(Set.of(reasons)));
    }

    public static NodePattern gone() {
        return new NodePattern(true, Set.of(), Set.of());
    }

    public boolean matches(NodeView v) {
        if (unreachable) {
            return !v.reachable();
        }
        return v.reachable() && states.contains(v.state()) && reasons.contains(v.reason());
    }

    /** The row's cell as the guide prints it, e.g. "Idle / On Admin Request". */
    public String label() {
        if (unreachable) {
            return "— (unreachable)";
        }
        return states.stream().map(NodeState::label).sorted().collect(Collectors.joining(" or "))
                + " / " + reasons.stream().map(Reason::label).sorted().collect(Collectors.joining(" or "));
    }
}
