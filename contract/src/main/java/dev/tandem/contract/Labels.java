package dev.tandem.contract;

import dev.tandem.proto.admin.v1.AlertSeverity;
import dev.tandem.proto.admin.v1.AlertType;
import dev.tandem.proto.admin.v1.FaultKind;
import dev.tandem.proto.ha.v1.NodeState;
import dev.tandem.proto.ha.v1.Reason;

/**
 * The guide's names of node states and reasons (ha-behaviour.md §2, §3), as operators know them:
 * what the agent's log and status sentences, the CLI and the console all show.
 */
public final class Labels {
    /** Shown for a state or reason that is not set (the proto's zero value) or not known to this build. */
    public static final String NONE = "-";

    private Labels() {
    }

    /** The label of S1..S14; {@link #NONE} for an unset or unrecognized value. */
    public static String state(NodeState s) {
        return switch (s) {
            case INITIALIZING -> "Initializing";
            case IDLE -> "Idle";
            case NORMAL -> "Normal";
            case RUNNING_IN_BACKUP_MODE -> "Running in Backup Mode";
            case TAKING_OVER -> "Taking Over";
            case FAILING_OVER -> "Failing Over";
            case FAILED_OVER -> "Failed Over";
            case FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING -> "Failed Over with Critical Services Not Running";
            case FALLING_BACK -> "Falling Back";
            case TAKING_BACK -> "Taking Back";
            case RUNNING_IN_FAILED_MODE -> "Running in Failed Mode";
            case UNKNOWN_STATE -> "Unknown";
            case BACKUP_ACTIVATED -> "Backup Activated";
            case FAILOVER_AFFECTED_SERVICES -> "Failover Affected Services";
            default -> NONE;
        };
    }

    /** The label of a reason; {@link #NONE} for an unset or unrecognized value. */
    public static String reason(Reason r) {
        return switch (r) {
            case NORMAL_REASON -> "Normal";
            case ON_ADMIN_REQUEST -> "On Admin Request";
            case INITIALIZATION -> "Initialization";
            case AUTOMATIC_FALLBACK -> "Automatic Fallback";
            case CRITICAL_SERVICES_DOWN -> "Critical Services Down";
            case DATABASE_FAILURE -> "Database Failure";
            case PEER_DOWN -> "Peer Down";
            case PEER_REBOOT -> "Peer Reboot";
            case PEER_DOWN_DURING_INITIALIZATION -> "Peer Down During Initialization";
            case CRITICAL_SERVICE_START_FAILED -> "Critical Service Start Failed";
            case TAKE_OVER_USERS_FAILED -> "Take Over Users Failed";
            case TAKE_BACK_USERS_FAILED -> "Take Back Users Failed";
            case UNKNOWN_REASON -> "Unknown";
            case AUTO_RECOVER_DATABASE_FAILURE -> "Auto Recover Database Failure";
            case AUTO_RECOVER_CRITICAL_SERVICE_DOWN -> "Auto Recover Critical Service Down";
            case STORE_RESYNC_PENDING -> "Store Resync Pending"; // issue 11, not in the guide
            default -> NONE;
        };
    }

    /** The label of the state with wire number {@code number} (the guide's S-number). */
    public static String state(int number) {
        NodeState s = NodeState.forNumber(number);
        return s == null ? NONE : state(s);
    }

    /** The label of the reason with wire number {@code number}. */
    public static String reason(int number) {
        Reason r = Reason.forNumber(number);
        return r == null ? NONE : reason(r);
    }

    /** The alert's name as the vendor's tools print it (ha-behaviour.md §10), e.g. SRMFailover. */
    public static String alert(AlertType a) {
        return switch (a) {
            case SRM_FAILOVER -> "SRMFailover";
            case SRM_FAILED -> "SRMFailed";
            case PE_PEER_NODE_FAILURE -> "PEPeerNodeFailure";
            case PE_AUTO_RECOVERY_FAILED -> "PEAutoRecoveryFailed";
            case CRITICAL_SERVICE_DOWN -> "CriticalServiceDown";
            case MAINTENANCE_MODE -> "MaintenanceMode";
            case FLAPPING -> "SRMFlapping";
            case PEER_ROUND_TRIP -> "PeerRoundTrip";
            case ALERT_TYPE_UNSPECIFIED, UNRECOGNIZED -> NONE;
        };
    }

    /** "Critical", "Warning", "Info"; {@link #NONE} when unset. */
    public static String severity(AlertSeverity s) {
        return switch (s) {
            case ALERT_SEVERITY_CRITICAL -> "Critical";
            case ALERT_SEVERITY_WARNING -> "Warning";
            case ALERT_SEVERITY_INFO -> "Info";
            case ALERT_SEVERITY_UNSPECIFIED, UNRECOGNIZED -> NONE;
        };
    }

    /** What-if faults (admin.proto FaultKind) in words, for the console's and the CLI's choosers; {@link #NONE} when unset. */
    public static String faultKind(FaultKind k) {
        return switch (k) {
            case FAULT_NODE_LOST -> "Node lost (crash)";
            case FAULT_ANNOUNCED_SHUTDOWN -> "Orderly shutdown (Peer Reboot)";
            case FAULT_CRITICAL_SERVICE_DOWN -> "Critical service down";
            case FAULT_CRITICAL_SERVICE_UP -> "Critical service up again";
            case FAULT_DATABASE_FAILURE -> "Database failure";
            case FAULT_DATABASE_RESTORED -> "Database restored";
            case FAULT_PARTITION -> "Partition (peer link lost)";
            case FAULT_PARTITION_HEALED -> "Partition healed";
            case FAULT_MANUAL_FAILOVER -> "Manual failover";
            case FAULT_MANUAL_FALLBACK -> "Manual fallback";
            case FAULT_MANUAL_RECOVERY -> "Manual recovery";
            case FAULT_HA_OFF -> "High availability disabled";
            case FAULT_PARAMETERS_DIFFER -> "Parameters differ from the peer's";
            case FAULT_NODE_RESTARTED -> "Node restarted";
            case FAULT_KIND_UNSPECIFIED, UNRECOGNIZED -> NONE;
        };
    }
}
