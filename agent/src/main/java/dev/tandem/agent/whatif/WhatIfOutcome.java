package dev.tandem.agent.whatif;

import dev.tandem.agent.srm.MoveKind;
import dev.tandem.agent.srm.NodeState;
import dev.tandem.agent.srm.Reason;
import java.util.List;

/**
 * What a what-if run predicts. Times are virtual milliseconds after the start of the run.
 *
 * @param startRow   the row the copy stands in before the first fault ("" when none)
 * @param finalRow   the row it settles in ("" when none)
 * @param notes      faults that changed nothing, and why (a refused manual action, a lost node lost again)
 */
public record WhatIfOutcome(String startRow, List<Step> transitions, List<Row> rows, String finalRow,
                            List<String> recommendedActions, List<UsersMoved> moves, List<String> notes,
                            String summary) {

    public WhatIfOutcome {
        transitions = List.copyOf(transitions);
        rows = List.copyOf(rows);
        recommendedActions = List.copyOf(recommendedActions);
        moves = List.copyOf(moves);
        notes = List.copyOf(notes);
    }

    /** One state change of one node's SRM. */
    public record Step(long atMs, String node, NodeState from, NodeState to, Reason reason, String sentence,
                       String trigger) {
    }

    /**
     * The matched row changed. {@code node1State}, {@code node2State}: the group's first and
     * second node as "State / Reason", or "—" when the row sees it unreachable.
     */
    public record Row(long atMs, String row, String node1State, String node2State) {
    }

    /** Users that one node's moves of one kind would move, in total over the run. */
    public record UsersMoved(String node, MoveKind kind, int users) {
    }
}
