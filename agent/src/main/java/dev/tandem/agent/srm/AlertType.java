package dev.tandem.agent.srm;

/** Alerts operators know from the vendor's monitoring tool (ha-behaviour.md §10). */
public enum AlertType {
    SRM_FAILOVER("SRMFailover"),
    SRM_FAILED("SRMFailed"),
    PE_PEER_NODE_FAILURE("PEPeerNodeFailure"),
    PE_AUTO_RECOVERY_FAILED("PEAutoRecoveryFailed"),
    CRITICAL_SERVICE_DOWN("CriticalServiceDown"),
    /** Informational: maintenance mode was switched on or off, or it holds an automatic action. */
    MAINTENANCE_MODE("MaintenanceMode"),
    /** Warning: the node failed over automatically too often; its automatic fallback is held until an operator acts. */
    FLAPPING("SRMFlapping");

    private final String vendorName;

    AlertType(String vendorName) {
        this.vendorName = vendorName;
    }

    /** The alert's name as the vendor's tools print it. */
    public String vendorName() {
        return vendorName;
    }
}
