package dev.tandem.agent.presence.sessions;

import dev.tandem.agent.metrics.MetricSample;
import dev.tandem.agent.metrics.MetricsSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The §8 counters of one node's session manager as metrics, labelled with the node name. */
public final class SessionMetrics implements MetricsSource {
    private static final Map<String, String> HELP = Map.of(
            "ActiveJsmSessions", "Active user sessions served by this node",
            "InactiveJsmSessions", "Standby sessions held for the peer's users",
            "JsmSessionsClient", "Active client connections",
            "JsmSessionsClientInactive", "Inactive (standby) client connections",
            "JsmSessionsComposed", "Sessions the session manager holds, active plus standby");

    private final String node;
    private final SessionManager sessions;

    public SessionMetrics(String node, SessionManager sessions) {
        this.node = node;
        this.sessions = sessions;
    }

    @Override
    public List<MetricSample> collect() {
        List<MetricSample> out = new ArrayList<>();
        sessions.counters().byName().forEach((name, value) ->
                out.add(new MetricSample(name, HELP.get(name), Map.of("node", node), value)));
        return out;
    }
}
