package dev.tandem.agent.matrix;

import static dev.tandem.agent.srm.NodeState.*;
import static dev.tandem.agent.srm.Reason.*;

import dev.tandem.agent.srm.NodeState;
import dev.tandem.agent.srm.Reason;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * The state matrix M1–M24 of ha-behaviour.md §7 as data, followed by this project's extension
 * rows X1..Xn ({@link ExtensionRows}) for pairs the guide does not list. Node 1 is the node whose users
 * moved first. Causes and actions are this project's own words.
 */
public final class StateMatrix {
    private static final List<MatrixRow> GUIDE_ROWS = List.of(
            row("M1", NodePattern.of(NodeState.NORMAL, Reason.NORMAL), NodePattern.of(NodeState.NORMAL, Reason.NORMAL),
                    "Both nodes serve their own users.", List.of()),
            row("M2", NodePattern.of(FAILING_OVER, ON_ADMIN_REQUEST), NodePattern.of(TAKING_OVER, ON_ADMIN_REQUEST),
                    "An administrator started a manual failover from node 1 to node 2; it is under way.",
                    List.of("Wait for the failover to finish.")),
            row("M3", NodePattern.of(IDLE, ON_ADMIN_REQUEST), NodePattern.of(RUNNING_IN_BACKUP_MODE, ON_ADMIN_REQUEST),
                    "The manual failover from node 1 to node 2 is complete; node 2 serves every user.",
                    List.of("When node 1 should serve again, start a fallback to node 1.")),
            row("M4", NodePattern.of(TAKING_BACK, ON_ADMIN_REQUEST), NodePattern.of(FALLING_BACK, ON_ADMIN_REQUEST),
                    "An administrator started a manual fallback from node 2 to node 1; it is under way.",
                    List.of("Wait for the fallback to finish.")),
            row("M5", NodePattern.of(IDLE, INITIALIZATION), NodePattern.of(RUNNING_IN_BACKUP_MODE, ON_ADMIN_REQUEST),
                    "The SRM of node 1 was restarted while node 1 was idle after a manual failover.",
                    List.of("When node 1 should serve again, start a fallback to node 1.")),
            row("M6", NodePattern.of(IDLE, INITIALIZATION), NodePattern.of(RUNNING_IN_BACKUP_MODE, INITIALIZATION),
                    "Both nodes, or both SRMs, restarted during a manual failover.",
                    List.of("When node 1 should serve again, start a fallback to node 1.")),
            row("M7", NodePattern.of(IDLE, ON_ADMIN_REQUEST), NodePattern.of(RUNNING_IN_BACKUP_MODE, INITIALIZATION),
                    "The SRM of node 2 restarted in backup mode before node 1 noticed its heartbeat was missing.",
                    List.of("When node 1 should serve again, start a fallback to node 1.")),
            row("M8", NodePattern.of(FAILING_OVER, ON_ADMIN_REQUEST), NodePattern.of(TAKING_OVER, INITIALIZATION),
                    "The SRM of node 2 restarted while taking over, before node 1 noticed; the takeover goes on.",
                    List.of("Wait for the takeover to finish.")),
            row("M9", NodePattern.of(TAKING_BACK, INITIALIZATION), NodePattern.of(FALLING_BACK, ON_ADMIN_REQUEST),
                    "The SRM of node 1 restarted while taking its users back, before node 2 noticed; both will end Normal.",
                    List.of("Wait for the fallback to finish.")),
            row("M10", NodePattern.of(TAKING_BACK, AUTOMATIC_FALLBACK), NodePattern.of(FALLING_BACK, AUTOMATIC_FALLBACK),
                    "An automatic fallback from node 2 to node 1 is under way.",
                    List.of("Wait for the fallback to finish.")),
            row("M11", NodePattern.of(FAILED_OVER, INITIALIZATION, CRITICAL_SERVICES_DOWN),
                    NodePattern.of(RUNNING_IN_BACKUP_MODE, CRITICAL_SERVICES_DOWN),
                    "The critical services of node 1 run again (after a reboot, or started by an administrator).",
                    List.of("Start a manual fallback to node 1 to return to Normal.")),
            row("M12", NodePattern.of(FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING, CRITICAL_SERVICES_DOWN),
                    NodePattern.of(RUNNING_IN_BACKUP_MODE, CRITICAL_SERVICES_DOWN),
                    "Critical services stopped on node 1, so its users failed over to node 2 automatically.",
                    List.of("Start the critical services that are down on node 1.",
                            "If they do not start, reboot node 1.",
                            "Once every critical service runs, start a manual fallback to node 1.")),
            row("M13", NodePattern.of(FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING, DATABASE_FAILURE),
                    NodePattern.of(RUNNING_IN_BACKUP_MODE, DATABASE_FAILURE),
                    "The database of node 1 failed, so its users failed over to node 2 automatically.",
                    List.of("Reboot node 1.",
                            "Once every critical service runs, start a manual fallback to node 1.")),
            row("M14", NodePattern.of(RUNNING_IN_FAILED_MODE, CRITICAL_SERVICE_START_FAILED),
                    NodePattern.of(RUNNING_IN_FAILED_MODE, CRITICAL_SERVICE_START_FAILED),
                    "Critical services would not start on the node taking its users back.",
                    List.of("Start a recovery.",
                            "If the services still do not start, reboot that node.",
                            "Then start a manual fallback.")),
            row("M15", NodePattern.of(RUNNING_IN_FAILED_MODE, CRITICAL_SERVICES_DOWN),
                    NodePattern.of(RUNNING_IN_FAILED_MODE, CRITICAL_SERVICES_DOWN),
                    "Critical services stopped on the backup node while it served everyone; both nodes failed.",
                    List.of("Start a recovery.", "If the services do not start, reboot the backup node.")),
            row("M16", NodePattern.gone(), NodePattern.of(RUNNING_IN_BACKUP_MODE, PEER_DOWN),
                    "Node 2 lost node 1's heartbeat (network lost, or node 1's SRM not running) and took over its users.",
                    List.of("Repair the network; if the nodes then enter a failed state, start a recovery.",
                            "Start the SRM on node 1, then fall back manually.",
                            "If node 1 is down, repair it and power it on.",
                            "Once every critical service of node 1 runs, start a manual fallback to node 1.")),
            row("M17", NodePattern.gone(), NodePattern.of(RUNNING_IN_BACKUP_MODE, PEER_REBOOT),
                    "Node 1 went down (shutdown, reboot, power or hardware failure) and node 2 took over its users.",
                    List.of("Repair node 1 if needed and power it on.",
                            "Once every critical service of node 1 runs, start a manual fallback to node 1.")),
            row("M18", NodePattern.anyOf(EnumSet.of(FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING, FAILED_OVER),
                            INITIALIZATION),
                    NodePattern.of(RUNNING_IN_BACKUP_MODE, PEER_DOWN_DURING_INITIALIZATION),
                    "Node 2 started and never heard from node 1, so it serves every user.",
                    List.of("Once node 1 runs with every critical service, start a manual fallback to node 1.")),
            row("M19", NodePattern.of(RUNNING_IN_FAILED_MODE, TAKE_OVER_USERS_FAILED),
                    NodePattern.of(RUNNING_IN_FAILED_MODE, TAKE_OVER_USERS_FAILED),
                    "Moving users during the takeover failed, most likely on a database error.",
                    List.of("Start a recovery.", "If it happens again, reboot the nodes.")),
            row("M20", NodePattern.of(RUNNING_IN_FAILED_MODE, TAKE_BACK_USERS_FAILED),
                    NodePattern.of(RUNNING_IN_FAILED_MODE, TAKE_BACK_USERS_FAILED),
                    "Moving users during the fallback failed, most likely on a database error.",
                    List.of("Start a recovery.", "If it happens again, reboot the nodes.")),
            row("M21", NodePattern.of(RUNNING_IN_FAILED_MODE, Reason.UNKNOWN), NodePattern.of(RUNNING_IN_FAILED_MODE, Reason.UNKNOWN),
                    "An SRM restarted while its peer was failed, or an internal error happened.",
                    List.of("Start a recovery.", "If it happens again, reboot the nodes.")),
            row("M22", NodePattern.of(BACKUP_ACTIVATED, AUTO_RECOVER_DATABASE_FAILURE),
                    NodePattern.of(FAILOVER_AFFECTED_SERVICES, AUTO_RECOVER_DATABASE_FAILURE),
                    "The backup node's database failed while node 1 was failed over; node 1 took every user back automatically.",
                    List.of("Nothing is needed for service: it recovered automatically.", "Repair node 2's database.")),
            row("M23", NodePattern.of(BACKUP_ACTIVATED, AUTO_RECOVER_CRITICAL_SERVICE_DOWN),
                    NodePattern.of(FAILOVER_AFFECTED_SERVICES, AUTO_RECOVER_CRITICAL_SERVICE_DOWN),
                    "A critical service failed on the backup node while node 1 was failed over; node 1 took every user automatically.",
                    List.of("Nothing is needed for service: it recovered automatically.",
                            "Repair the critical services of node 2.")),
            row("M24", NodePattern.anyOf(EnumSet.of(NodeState.UNKNOWN), Reason.UNKNOWN),
                    NodePattern.anyOf(EnumSet.of(NodeState.UNKNOWN), Reason.UNKNOWN),
                    "High availability is not set up the same on both nodes (enabled on one only, or service"
                            + " parameters that differ).",
                    List.of("Make the group's HA setting and the SRM service parameters the same on both nodes.",
                            "Restart the SRM on both nodes.")));

    /** The guide's rows first (they win a match), then the extension rows X1..Xn. */
    private static final List<MatrixRow> ROWS = java.util.stream.Stream.concat(GUIDE_ROWS.stream(),
            ExtensionRows.ROWS.stream()).toList();

    private StateMatrix() {
    }

    private static MatrixRow row(String id, NodePattern n1, NodePattern n2, String cause, List<String> actions) {
        return new MatrixRow(id, n1, n2, cause, actions);
    }

    public static List<MatrixRow> rows() {
        return ROWS;
    }

    public static MatrixRow row(String id) {
        return ROWS.stream().filter(r -> r.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no matrix row " + id + " (M1..M24, X1..X" + ExtensionRows.ROWS.size() + ")"));
    }

    /** True for a broad extension row matched only when no earlier row does (docs/extension-rows.md). */
    public static boolean isFallback(MatrixRow r) {
        return ExtensionRows.FALLBACKS.contains(r.id());
    }

    /** The row both nodes' views match, in either order, or empty when none does (the first in order; fallbacks only when no other row matches). */
    public static Optional<MatrixMatch> match(NodeView a, NodeView b) {
        Optional<MatrixMatch> exact = match(a, b, false);
        return exact.isPresent() ? exact : match(a, b, true);
    }

    private static Optional<MatrixMatch> match(NodeView a, NodeView b, boolean fallbacks) {
        for (MatrixRow r : ROWS) {
            if (isFallback(r) != fallbacks) {
                continue;
            }
            if (r.node1().matches(a) && r.node2().matches(b)) {
                return Optional.of(new MatrixMatch(r, a.node(), b.node()));
            }
            if (r.node1().matches(b) && r.node2().matches(a)) {
                return Optional.of(new MatrixMatch(r, b.node(), a.node()));
            }
        }
        return Optional.empty();
    }
}
