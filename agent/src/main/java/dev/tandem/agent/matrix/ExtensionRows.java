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
                    NodePattern.anyOf(EnumSet.of(RUNNING_IN_BACKUP_MODE, BACKUP_ACTIVATED), Reason.values()),
                    "Node 2 serves node 1's users (in backup mode, or every user after Backup Activated); node 1 is"
                            + " failed over (it was restarted, repaired or failed over again while node 2 held its"
                            + " users).",
                    List.of("Check that node 1's database and every critical service run (start any that is down).",
                            "Start a manual fallback to node 1 to return to Normal.")),
            new MatrixRow("X7", NodePattern.anyOf(EnumSet.of(BACKUP_ACTIVATED, RUNNING_IN_BACKUP_MODE), Reason.values()),
                    NodePattern.anyOf(EnumSet.of(FAILOVER_AFFECTED_SERVICES), Reason.values()),
                    "Node 2's database or critical services failed while node 1 served users in backup mode (or had"
                            + " failed over to node 2 before); node 1 took every user (automatic recovery, as M22/M23)"
                            + " and serves them alone.",
                    List.of("Nothing is needed for service: node 1 serves every user.",
                            "Repair node 2's database or critical services, then start a recovery to return to"
                                    + " Normal.")),
            // store convergence (issue 11, the store gate): X4 matches these pairs too, but broad rows answer last
            new MatrixRow("X8", NodePattern.anyOf(EnumSet.of(NodeState.NORMAL, FAILED_OVER), STORE_RESYNC_PENDING),
                    NodePattern.gone(),
                    "The user store of node 1 is behind node 2's, or not known to be complete (its database was"
                            + " deleted or restored from an older backup, its replication queue was lost, or it started"
                            + " empty and never met node 2), and node 2 stopped answering before node 1 had compared"
                            + " or taken node 2's store. Node 1 takes none of node 2's users over from a store"
                            + " it knows to be incomplete: node 2's users (and node 1's own, if node 1 is Failed Over)"
                            + " are not served.",
                    List.of("Start node 2's agent, or repair the link between the nodes: node 1 then takes node 2's"
                                    + " whole user store (its replication row shows the resync) and the reason Store"
                                    + " Resync Pending ends.",
                            "If node 1 is Failed Over once the stores agree, start a manual fallback to node 1 to"
                                    + " return to Normal.",
                            "If node 2 and its store are lost for good: restore node 1's database from the newest"
                                    + " backup (or add the users again) and restart node 1's agent. No action forces"
                                    + " node 1 to serve from the store it knows to be behind.")),
            new MatrixRow("X9", NodePattern.anyOf(EnumSet.of(NodeState.NORMAL, FAILED_OVER), STORE_RESYNC_PENDING),
                    NodePattern.anyOf(EnumSet.allOf(NodeState.class), EnumSet.complementOf(
                            EnumSet.of(STORE_RESYNC_PENDING)).toArray(Reason[]::new)),
                    "Node 2 answers again after node 1 held off a takeover because its user store is behind"
                            + " (X8); node 1 is taking node 2's whole user store now.",
                    List.of("Wait for the resync to finish: node 1's replication row shows it, and node 1's reason"
                                    + " returns to what it was.",
                            "If it does not finish, check the link between the nodes and node 2's log (FetchStore).")));

    /**
     * The broad rows X4-X7: fallbacks, matched only when no other row matches. They overlap
     * narrower rows on purpose; every other row overlaps none (StateMatrixOverlapTest).
     */
    static final java.util.Set<String> FALLBACKS = java.util.Set.of("X4", "X5", "X6", "X7");

    private ExtensionRows() {
    }
}
