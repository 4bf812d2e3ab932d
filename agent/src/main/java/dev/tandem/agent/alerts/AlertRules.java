package dev.tandem.agent.alerts;

import dev.tandem.agent.srm.SrmCommand;
import dev.tandem.proto.admin.v1.AlertSeverity;
import dev.tandem.proto.admin.v1.AlertType;
import dev.tandem.proto.admin.v1.CriticalServiceStatus;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.NodeReport;
import dev.tandem.proto.ha.v1.NodeState;
import java.util.Optional;

/**
 * How bad each alert is, and when its condition is over, read from the group status of the
 * agent that raised it. Pure: a status in, a sentence out.
 */
public final class AlertRules {
    /** The subject of a database CriticalServiceDown alert (a service's subject is its id). */
    public static final String DATABASE = SrmCommand.RaiseAlert.DATABASE;

    private AlertRules() {}

    public static AlertSeverity severity(AlertType t) {
        return switch (t) {
            // nobody, or not everybody, is served or about to be
            case SRM_FAILED, PE_PEER_NODE_FAILURE, PE_AUTO_RECOVERY_FAILED, CRITICAL_SERVICE_DOWN ->
                    AlertSeverity.ALERT_SEVERITY_CRITICAL;
            // served, but not as configured
            case SRM_FAILOVER, FLAPPING, PEER_ROUND_TRIP -> AlertSeverity.ALERT_SEVERITY_WARNING;
            case MAINTENANCE_MODE -> AlertSeverity.ALERT_SEVERITY_INFO;
            case ALERT_TYPE_UNSPECIFIED, UNRECOGNIZED -> AlertSeverity.ALERT_SEVERITY_WARNING;
        };
    }

    /**
     * Why the alert's condition is over now, or empty while it holds. {@code s} is the status
     * of the agent that raised it (so its node's report is its own).
     */
    public static Optional<String> clearedBecause(AlertRecord a, GroupStatus s) {
        Optional<NodeReport> own = report(s, a.node());
        Optional<NodeReport> peer = s.getNodesList().stream().filter(r -> !r.getStatus().getNode().equals(a.node()))
                .findFirst();
        return switch (a.type()) {
            case CRITICAL_SERVICE_DOWN -> own.flatMap(r -> serviceBack(r, a.subject()));
            case SRM_FAILED -> own.filter(r -> r.getStatus().getState() != NodeState.RUNNING_IN_FAILED_MODE && healthy(r))
                    .map(r -> a.node() + " is " + label(r) + " with its services and database up");
            // flapping holds the automatic fallback until an operator acts: over once the group is normal again
            case SRM_FAILOVER, FLAPPING -> s.getMatrix().getMatched() && s.getMatrix().getRow().getId().equals("M1")
                    ? Optional.of("the group is back in M1, both nodes Normal") : Optional.empty();
            case PE_PEER_NODE_FAILURE, PE_AUTO_RECOVERY_FAILED -> peer.filter(r -> r.getStatus().getReachable())
                    .map(r -> r.getStatus().getNode() + " answers again");
            case MAINTENANCE_MODE -> s.getMaintenanceMode() ? Optional.empty()
                    : Optional.of("maintenance mode is off");
            // cleared by the round-trip watch, which sees the samples
            case PEER_ROUND_TRIP, ALERT_TYPE_UNSPECIFIED, UNRECOGNIZED -> Optional.empty();
        };
    }

    private static Optional<String> serviceBack(NodeReport r, String subject) {
        if (subject.equals(DATABASE)) {
            return r.getDatabase().getUp() ? Optional.of("the database of " + r.getStatus().getNode() + " is up again")
                    : Optional.empty();
        }
        Optional<CriticalServiceStatus> svc = r.getServicesList().stream().filter(c -> c.getId().equals(subject))
                .findFirst();
        if (svc.isEmpty()) {
            // an alert without a subject (older row), or a service no longer monitored
            return subject.isEmpty() ? Optional.empty()
                    : Optional.of(subject + " is no longer monitored on " + r.getStatus().getNode());
        }
        return svc.get().getRunning() ? Optional.of(svc.get().getService() + " runs again on " + r.getStatus().getNode())
                : Optional.empty();
    }

    private static boolean healthy(NodeReport r) {
        return r.getDatabase().getUp() && r.getServicesList().stream().allMatch(CriticalServiceStatus::getRunning);
    }

    private static String label(NodeReport r) {
        return dev.tandem.contract.Labels.state(r.getStatus().getState());
    }

    private static Optional<NodeReport> report(GroupStatus s, String node) {
        return s.getNodesList().stream().filter(r -> r.getStatus().getNode().equals(node)).findFirst();
    }
}
