package dev.tandem.agent.metrics;

import dev.tandem.agent.presence.sessions.SessionCounters;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.function.Supplier;

/** The §8 counters and this node's user figures, read once per scrape (gauges: they go up and down). */
final class PresenceCollector implements MultiCollector {
    static final List<String> NAMES = List.of("tandem_presence_active_jsm_sessions",
            "tandem_presence_inactive_jsm_sessions", "tandem_presence_jsm_sessions_client",
            "tandem_presence_jsm_sessions_client_inactive", "tandem_presence_jsm_sessions_composed",
            "tandem_presence_users", "tandem_presence_home_users", "tandem_presence_served_users",
            "tandem_replication_queue");

    private final Labels labels;
    private final Supplier<PresenceFigures> figures;

    PresenceCollector(String node, Supplier<PresenceFigures> figures) {
        this.labels = Labels.of("node", node);
        this.figures = figures;
    }

    @Override
    public MetricSnapshots collect() {
        PresenceFigures f = figures.get();
        SessionCounters c = f.sessions();
        return MetricSnapshots.of(
                Gauges.of(NAMES.get(0), "ActiveJsmSessions: active user sessions served by this node", labels,
                        c.activeJsmSessions()),
                Gauges.of(NAMES.get(1), "InactiveJsmSessions: standby sessions held for the peer's users", labels,
                        c.inactiveJsmSessions()),
                Gauges.of(NAMES.get(2), "JsmSessionsClient: active client connections", labels, c.jsmSessionsClient()),
                Gauges.of(NAMES.get(3), "JsmSessionsClientInactive: inactive (standby) client connections", labels,
                        c.jsmSessionsClientInactive()),
                Gauges.of(NAMES.get(4), "JsmSessionsComposed: sessions the session manager holds, active plus standby",
                        labels, c.jsmSessionsComposed()),
                Gauges.of(NAMES.get(5), "Users of the group in this node's store", labels, f.users()),
                Gauges.of(NAMES.get(6), "Users whose home node is this node", labels, f.homeUsers()),
                Gauges.of(NAMES.get(7), "Users this node serves now", labels, f.servedUsers()),
                Gauges.of(NAMES.get(8), "User store changes committed here that the peer has not applied yet", labels,
                        f.replicationQueue()));
    }

    @Override
    public List<String> getPrometheusNames() {
        return NAMES;
    }
}
