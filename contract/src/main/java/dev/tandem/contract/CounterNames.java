package dev.tandem.contract;

import java.util.List;

/**
 * The presence node's counters (ha-behaviour.md §8), named exactly as the guide writes them: the
 * keys of the agent's counter samples, the console's chart series and the CLI's output.
 */
public final class CounterNames {
    /** Active user sessions served by this node. */
    public static final String ACTIVE_JSM_SESSIONS = "ActiveJsmSessions";
    /** Standby sessions this node holds for its peer's users. */
    public static final String INACTIVE_JSM_SESSIONS = "InactiveJsmSessions";
    /** Active client connections. */
    public static final String JSM_SESSIONS_CLIENT = "JsmSessionsClient";
    /** Inactive (standby) client connections. */
    public static final String JSM_SESSIONS_CLIENT_INACTIVE = "JsmSessionsClientInactive";
    /** Composed sessions in the session manager. */
    public static final String JSM_SESSIONS_COMPOSED = "JsmSessionsComposed";

    /** Every §8 counter, in the guide's order. */
    public static final List<String> ALL = List.of(ACTIVE_JSM_SESSIONS, INACTIVE_JSM_SESSIONS, JSM_SESSIONS_CLIENT,
            JSM_SESSIONS_CLIENT_INACTIVE, JSM_SESSIONS_COMPOSED);

    /** Heartbeat health, beside the §8 counters in the same samples: the last round trip to the peer, ms. */
    public static final String PEER_ROUND_TRIP_MS = "PeerRoundTripMs";
    /** Heartbeats missed in a row. */
    public static final String MISSED_HEARTBEATS = "MissedHeartbeats";
    /** Milliseconds since the last heartbeat from the peer; -1 = none yet (a sentinel, never a value to plot). */
    public static final String SINCE_LAST_HEARTBEAT_MS = "SinceLastHeartbeatMs";

    /** The heartbeat-health series. */
    public static final List<String> HEARTBEAT_HEALTH = List.of(PEER_ROUND_TRIP_MS, MISSED_HEARTBEATS, SINCE_LAST_HEARTBEAT_MS);

    private CounterNames() {
    }
}
