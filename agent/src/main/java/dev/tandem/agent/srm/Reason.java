package dev.tandem.agent.srm;

/** Why a node is in its state (ha-behaviour.md §3). {@link #id()} is the wire number. */
public enum Reason {
    NORMAL(1, "Normal"),
    ON_ADMIN_REQUEST(2, "On Admin Request"),
    INITIALIZATION(3, "Initialization"),
    AUTOMATIC_FALLBACK(4, "Automatic Fallback"),
    CRITICAL_SERVICES_DOWN(5, "Critical Services Down"),
    DATABASE_FAILURE(6, "Database Failure"),
    PEER_DOWN(7, "Peer Down"),
    PEER_REBOOT(8, "Peer Reboot"),
    PEER_DOWN_DURING_INITIALIZATION(9, "Peer Down During Initialization"),
    CRITICAL_SERVICE_START_FAILED(10, "Critical Service Start Failed"),
    TAKE_OVER_USERS_FAILED(11, "Take Over Users Failed"),
    TAKE_BACK_USERS_FAILED(12, "Take Back Users Failed"),
    UNKNOWN(13, "Unknown"),
    AUTO_RECOVER_DATABASE_FAILURE(14, "Auto Recover Database Failure"),
    AUTO_RECOVER_CRITICAL_SERVICE_DOWN(15, "Auto Recover Critical Service Down");

    private final int id;
    private final String label;

    Reason(int id, String label) {
        this.id = id;
        this.label = label;
    }

    public int id() {
        return id;
    }

    public String label() {
        return label;
    }

    public static Reason ofId(int id) {
        for (Reason r : values()) {
            if (r.id == id) {
                return r;
            }
        }
        throw new IllegalArgumentException("no reason with number " + id + " (valid: 1..15)");
    }

    @Override
    public String toString() {
        return label;
    }
}
