package dev.tandem.agent.presence.sessions;

import dev.tandem.contract.CounterNames;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The session counters of ha-behaviour.md §8, one snapshot.
 *
 * @param activeJsmSessions         JsmSessions of users this node serves now that hold at least
 *                                  one (active) client connection
 * @param inactiveJsmSessions       standby JsmSessions this node holds for users its peer serves,
 *                                  each holding at least one inactive connection
 * @param jsmSessionsClient         active client connections
 * @param jsmSessionsClientInactive inactive (standby) client connections
 * @param jsmSessionsComposed       our reading of "composed sessions in the session manager":
 *                                  every JsmSession the session manager has built and holds now,
 *                                  active or standby, so always activeJsmSessions +
 *                                  inactiveJsmSessions
 */
public record SessionCounters(long activeJsmSessions, long inactiveJsmSessions, long jsmSessionsClient,
                              long jsmSessionsClientInactive, long jsmSessionsComposed) {

    /** Counter name (exactly as §8 writes it) to value, in a fixed order. */
    public Map<String, Long> byName() {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put(CounterNames.ACTIVE_JSM_SESSIONS, activeJsmSessions);
        m.put(CounterNames.INACTIVE_JSM_SESSIONS, inactiveJsmSessions);
        m.put(CounterNames.JSM_SESSIONS_CLIENT, jsmSessionsClient);
        m.put(CounterNames.JSM_SESSIONS_CLIENT_INACTIVE, jsmSessionsClientInactive);
        m.put(CounterNames.JSM_SESSIONS_COMPOSED, jsmSessionsComposed);
        return m;
    }
}
