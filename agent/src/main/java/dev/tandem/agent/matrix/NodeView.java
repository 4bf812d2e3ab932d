package dev.tandem.agent.matrix;

import dev.tandem.agent.srm.NodeState;
import dev.tandem.agent.srm.Reason;

/** One node as seen for matching: unreachable nodes have no state ("—" in the matrix). */
public record NodeView(String node, boolean reachable, NodeState state, Reason reason) {

    public static NodeView of(String node, NodeState state, Reason reason) {
        return new NodeView(node, true, state, reason);
    }

    public static NodeView unreachable(String node) {
        return new NodeView(node, false, null, null);
    }
}
