package dev.tandem.agent.metrics;

import dev.tandem.proto.admin.v1.CriticalServiceStatus;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.NodeReport;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The SRM's current figures, read from its newest published status at each scrape. Nothing
 * until the SRM has published once, so a scrape never shows a made-up state.
 */
final class SrmCollector implements MultiCollector {
    static final List<String> NAMES = List.of("tandem_srm_state", "tandem_srm_peer_reachable",
            "tandem_replication_setup", "tandem_ha_enabled", "tandem_heartbeat_missed", "tandem_database_up",
            "tandem_critical_service_up", "tandem_group_info", "tandem_maintenance_mode");

    private final String node;
    private final Labels labels;
    private final Supplier<GroupStatus> latest;

    SrmCollector(String node, Supplier<GroupStatus> latest) {
        this.node = node;
        this.labels = Labels.of("node", node);
        this.latest = latest;
    }

    @Override
    public MetricSnapshots collect() {
        GroupStatus st = latest.get();
        if (st == null) {
            return MetricSnapshots.of();
        }
        Optional<NodeReport> me = st.getNodesList().stream()
                .filter(n -> n.getStatus().getNode().equals(node)).findFirst();
        String peer = st.getNodesList().stream().map(n -> n.getStatus().getNode())
                .filter(n -> !n.equals(node)).findFirst().orElse("");
        List<MetricSnapshot> out = new ArrayList<>(List.of(
                Gauges.of(NAMES.get(0), "SRM node state, the guide's S-number (1..14)", labels,
                        me.map(n -> n.getStatus().getStateValue()).orElse(0)),
                Gauges.of(NAMES.get(1), "1 while the peer's heartbeat is seen", labels,
                        st.getHeartbeat().getPeerSeen() ? 1 : 0),
                Gauges.of(NAMES.get(2), "replication setup: 2 = set up and healthy (§5)", labels,
                        me.map(n -> n.getReplication().getReplicationSetup()).orElse(0)),
                Gauges.of(NAMES.get(3), "1 when high availability is enabled for the group", labels,
                        st.getHaEnabled() ? 1 : 0),
                Gauges.of(NAMES.get(4), "Heartbeats the peer should have sent since the last one seen", labels,
                        st.getHeartbeat().getMissed()),
                Gauges.of(NAMES.get(5), "1 while this node's database is up", labels,
                        me.map(n -> n.getDatabase().getUp() ? 1 : 0).orElse(0))));
        me.ifPresent(n -> out.add(services(n.getServicesList())));
        out.add(Gauges.of(NAMES.get(7), "Always 1: the group this node belongs to and its peer (for joins)",
                Labels.of("group", st.getGroup(), "node", node, "peer", peer), 1));
        out.add(Gauges.of(NAMES.get(8), "1 while the group is in maintenance mode (automatic actions held)", labels,
                st.getMaintenanceMode() ? 1 : 0));
        return new MetricSnapshots(out);
    }

    private GaugeSnapshot services(List<CriticalServiceStatus> services) {
        GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(NAMES.get(6))
                .help("1 while the critical service runs on this node (service: its stable id)");
        for (CriticalServiceStatus s : services) {
            b.dataPoint(GaugeDataPointSnapshot.builder().labels(Labels.of("node", node, "service", s.getId()))
                    .value(s.getRunning() ? 1 : 0).build());
        }
        return b.build();
    }

    @Override
    public List<String> getPrometheusNames() {
        return NAMES;
    }
}
