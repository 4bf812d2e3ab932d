package dev.tandem.console.util;

import dev.tandem.proto.admin.v1.Action;
import dev.tandem.proto.admin.v1.AlertType;
import dev.tandem.proto.ha.v1.NodeState;
import dev.tandem.proto.ha.v1.Reason;

/** Display names of the contract's enums, in the guide's words (ha-behaviour.md §2, §3, §10). */
public final class Names {
    private Names() {}

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
            default -> "—";
        };
    }

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
            default -> "";
        };
    }

    public static String alert(AlertType a) {
        return switch (a) {
            case SRM_FAILOVER -> "SRMFailover";
            case SRM_FAILED -> "SRMFailed";
            case PE_PEER_NODE_FAILURE -> "PEPeerNodeFailure";
            case PE_AUTO_RECOVERY_FAILED -> "PEAutoRecoveryFailed";
            case CRITICAL_SERVICE_DOWN -> "CriticalServiceDown";
            default -> "Alert";
        };
    }

    public static String action(Action a) {
        return switch (a) {
            case FAILOVER -> "Failover";
            case FALLBACK -> "Fallback";
            case RECOVERY -> "Recovery";
            default -> "Action";
        };
    }
}
