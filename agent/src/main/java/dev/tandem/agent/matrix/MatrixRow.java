package dev.tandem.agent.matrix;

import java.util.List;

/**
 * One row of the guide's state matrix (ha-behaviour.md §7): both nodes' state and reason,
 * the cause, and what an operator should do, as numbered steps (empty: nothing to do).
 */
public record MatrixRow(String id, NodePattern node1, NodePattern node2, String cause, List<String> actions) {

    public MatrixRow {
        actions = List.copyOf(actions);
    }
}
