package dev.tandem.agent.matrix;

import static dev.tandem.agent.srm.NodeState.*;
import static dev.tandem.agent.srm.Reason.*;

import java.util.EnumSet;
import java.util.List;

/**
 * Pairs of states the agents reach that the guide's matrix M1–M24 does not list (issue 11:
 * no blank guidance). Same form as the guide's rows: ids X1..Xn, node 1 is the node whose
 * users moved first, a cause and numbered steps. Matched only when no M row matches.
 * Documented in docs/extension-rows.md.
 */
final class ExtensionRows {
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
                            "When both nodes see each other, start a recovery if they enter a failed state.")));

    private ExtensionRows() {
    }
}
