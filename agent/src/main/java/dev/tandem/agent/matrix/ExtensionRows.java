package dev.tandem.agent.matrix;

import static dev.tandem.agent.srm.NodeState.*;
import static dev.tandem.agent.srm.Reason.*;

import dev.tandem.agent.srm.NodeState;
import dev.tandem.agent.srm.Reason;
import java.util.EnumSet;
import java.util.List;

/**
 * Pairs of states the agents reach that the guide's matrix M1–M24 does not list (issue 11:
 * no blank guidance). Same form as the guide's rows: ids X1..Xn, node 1 is the node whose
 * users moved first, a cause and numbered steps. Matched only when no M row matches.
 * Documented in docs/extension-rows.md.
 */
final class ExtensionRows {
    /** Any reachable node, in any state, for any reason (declared before the rows that use it). */
    private static final NodePattern ANY = NodePattern.anyOf(EnumSet.allOf(NodeState.class), Reason.values());

    static final List<MatrixRow> ROWS = List.of(
            new MatrixRow("X1", NodePattern.of(FAILED_OVER, DATABASE_FAILURE),
                    NodePattern.of(RUNNING_IN_BACKUP_MODE, DATABASE_FAILURE),
                    "The database of node 1 failed (its users failed over to node 2, M13) and has been repaired;"
                            + " node 1 is healthy again but still failed over.",
                    List.of("Check that node 1's database and every critical service run.",
                            "Start a manual fallback to node 1 to return to Normal.")),
            new MatrixRow("X2", NodePattern.anyOf(EnumSet.of(FAILED_OVER, FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING),
                            INITIALIZATION, PEER_DOWN, PEER_REBOOT),
                    NodePattern.of(RUNNING_IN_BACKUP_MODE, PEER_DOWN, PEER_REBOOT),
                    "Node 1 came back (restarted or reconnected) after node 2 took over its users on a lost"
                            + " heartbeat (M16/M17); node 2 still serves every user.",
                    List.of("Check that every critical service of node 1 runs (start any that is down).",
                            "Start a manual fallback to node 1 to return to Normal.")),
            new MatrixRow("X3", NodePattern.of(BACKUP_ACTIVATED, PEER_DOWN, PEER_REBOOT), NodePattern.gone(),
                    "Node 1 had failed over to node 2, then lost node 2 (its heartbeat or an orderly stop);"
                            + " node 1 took every user back and serves them alone.",
                    List.of("Repair node 2 if needed and start its SRM.",
                            "When both nodes see each other, start a recovery if they enter a failed state.")),
            // the rows below are broader: each covers a class of pairs the random-history walk reached
            // (NoBlankGuidanceProperties); the narrower rows above win where both match
            new MatrixRow("X4", ANY, NodePattern.gone(),
                    "Node 2 does not answer: its agent is stopped or crashed, its host is down, or the link between"
                            + " the nodes is cut. Node 1 goes on in the state shown; after the heartbeat timeout it reacts"
                            + " as the guide says (M16-M18).",
                    List.of("Find out why node 2 does not answer: is its agent running, and can node 1 reach its"
                                    + " service port?",
                            "Start node 2's agent, or repair the link.",
                            "When both nodes see each other, start a recovery if either is Running in Failed Mode.")),
            new MatrixRow("X5", NodePattern.anyOf(EnumSet.of(RUNNING_IN_FAILED_MODE), Reason.values()), ANY,
                    "Node 1 is running in failed mode: it could not tell which node should serve which users (its"
                            + " reason says what failed) and waits for an operator.",
                    List.of("Repair what node 1's reason names: its database, its critical services, or the link"
                                    + " between the nodes.",
                            "Start a recovery of the group; both nodes restart their SRM and place every user on"
                                    + " its home node.",
                            "If the recovery ends in failed mode again, check both nodes' critical services and"
                                    + " database, then repeat.")),
            new MatrixRow("X6", NodePattern.anyOf(EnumSet.of(FAILED_OVER, FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING, IDLE),
                            Reason.values()),
                    NodePattern.anyOf(EnumSet.of(RUNNING_IN_BACKUP_MODE), Reason.values()),
                    "Node 2 serves node 1's users in backup mode; node 1 is failed over (it was restarted, repaired"
                            + " or failed over again while node 2 held its users).",
                    List.of("Check that node 1's database and every critical service run (start any that is down).",
                            "Start a manual fallback to node 1 to return to Normal.")),
            new MatrixRow("X7", NodePattern.anyOf(EnumSet.of(BACKUP_ACTIVATED), Reason.values()),
                    NodePattern.anyOf(EnumSet.of(FAILOVER_AFFECTED_SERVICES), Reason.values()),
                    "Node 1 had failed over to node 2, then node 2 failed; node 1 took every user back (automatic"
                            + " recovery, as M22/M23) and serves them alone.",
                    List.of("Nothing is needed for service: node 1 serves every user.",
                            "Repair node 2's database or critical services, then start a recovery to return to"
                                    + " Normal.")));

    /**
     * The broad rows (X4 on): fallbacks, matched only when no earlier row matches. They overlap
     * narrower rows on purpose; every other row overlaps none (StateMatrixOverlapTest).
     */
    static final java.util.Set<String> FALLBACKS = java.util.Set.of("X4", "X5", "X6", "X7");

    private ExtensionRows() {
    }
}
