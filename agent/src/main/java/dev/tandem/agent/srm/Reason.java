package dev.tandem.agent.srm;

import dev.tandem.contract.Labels;

/** Why a node is in its state (ha-behaviour.md §3). {@link #id()} is the wire number. */
public enum Reason {
    NORMAL(1),
    ON_ADMIN_REQUEST(2),
    INITIALIZATION(3),
    AUTOMATIC_FALLBACK(4),
    CRITICAL_SERVICES_DOWN(5),
    DATABASE_FAILURE(6),
    PEER_DOWN(7),
    PEER_REBOOT(8),
    PEER_DOWN_DURING_INITIALIZATION(9),
    CRITICAL_SERVICE_START_FAILED(10),
    TAKE_OVER_USERS_FAILED(11),
    TAKE_BACK_USERS_FAILED(12),
    UNKNOWN(13),
    AUTO_RECOVER_DATABASE_FAILURE(14),
    AUTO_RECOVER_CRITICAL_SERVICE_DOWN(15),
    /** Not in the guide (issue 11): the user store is behind the peer's and its resync has not completed. */
    STORE_RESYNC_PENDING(16);

    private final int id;

    Reason(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }

    /** The guide's name of the reason (one table for agent, CLI and console). */
    public String label() {
        return Labels.reason(id);
    }

    public static Reason ofId(int id) {
        for (Reason r : values()) {
            if (r.id == id) {
                return r;
            }
        }
        throw new IllegalArgumentException("no reason with number " + id + " (valid: 1..16)");
    }

    @Override
    public String toString() {
        return label();
    }
}
