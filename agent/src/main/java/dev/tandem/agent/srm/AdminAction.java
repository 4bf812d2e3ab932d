package dev.tandem.agent.srm;

/** The manual actions of ha-behaviour.md §6. */
public enum AdminAction {
    FAILOVER("Failover"),
    FALLBACK("Fallback"),
    RECOVERY("Recovery");

    private final String label;

    AdminAction(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
