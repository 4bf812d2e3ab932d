package dev.tandem.agent.metrics;

import dev.tandem.agent.srm.AlertType;
import dev.tandem.agent.srm.Decision;
import dev.tandem.agent.srm.NodeState;
import dev.tandem.agent.srm.Reason;
import dev.tandem.agent.srm.SrmCommand;
import dev.tandem.agent.srm.Transition;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;
import java.util.EnumSet;
import java.util.Set;

/**
 * Counters and durations read from the SRM's decisions, on the SRM thread: failovers,
 * fallbacks and recoveries by reason, raised alerts by vendor name, the time to detect a lost
 * peer, and how long a takeover or a fallback took. Each is counted on one node only (the one
 * that takes over, takes back, or recovers), so a sum over a group counts each event once.
 */
final class SrmHistory {
    private static final Set<Reason> PEER_LOST = EnumSet.of(Reason.PEER_DOWN, Reason.PEER_DOWN_DURING_INITIALIZATION);
    private static final Set<NodeState> ERROR = EnumSet.of(NodeState.RUNNING_IN_FAILED_MODE, NodeState.UNKNOWN);

    private final Counter failovers;
    private final Counter fallbacks;
    private final Counter recoveries;
    private final Counter alerts;
    private final Histogram detection;
    private final Histogram takeover;
    private final Histogram fallback;
    /** When this node entered its current state, on the SRM's clock; -1 while unknown (just started). */
    private long enteredAtMs = -1;

    SrmHistory(PrometheusRegistry registry, String node) {
        Labels l = Labels.of("node", node);
        failovers = Counter.builder().name("tandem_srm_failovers_total").constLabels(l).labelNames("reason")
                .help("Failovers: this node started taking over its peer's users (reason: this node's reason)")
                .register(registry);
        fallbacks = Counter.builder().name("tandem_srm_fallbacks_total").constLabels(l).labelNames("reason")
                .help("Fallbacks: this node started taking back its own users")
                .register(registry);
        recoveries = Counter.builder().name("tandem_srm_recoveries_total").constLabels(l).labelNames("reason")
                .help("Recoveries: this node left Running in Failed Mode or Unknown (reason: the failure left)")
                .register(registry);
        alerts = Counter.builder().name("tandem_srm_alerts_total").constLabels(l).labelNames("alert")
                .help("Alerts the SRM raised, by the vendor's alert name (SRMFailover, SRMFailed, ...)")
                .register(registry);
        for (AlertType a : AlertType.values()) {
            alerts.labelValues(a.vendorName()); // every alert from 0, so increase() sees the first one
        }
        detection = Histogram.builder().name("tandem_srm_detection_seconds").constLabels(l).classicOnly()
                .classicUpperBounds(0.5, 1, 2, 3, 5, 8, 10, 15, 20, 30, 60, 120)
                .help("Time from the peer's last heartbeat to this node declaring it down").register(registry);
        takeover = Histogram.builder().name("tandem_srm_takeover_duration_seconds").constLabels(l).classicOnly()
                .classicUpperBounds(0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300)
                .help("Time this node spent in Taking Over (a failover, seen by the node taking the users)")
                .register(registry);
        fallback = Histogram.builder().name("tandem_srm_fallback_duration_seconds").constLabels(l).classicOnly()
                .classicUpperBounds(0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120, 300)
                .help("Time this node spent in Taking Back (a fallback, seen by the users' home node)")
                .register(registry);
    }

    /** One decision of the core; {@code lastHeartbeatMs} is the core's (-1: none seen yet). SRM thread. */
    void onDecision(Decision d, long lastHeartbeatMs) {
        for (Transition t : d.transitions()) {
            onTransition(t, lastHeartbeatMs);
        }
        for (SrmCommand c : d.commands()) {
            if (c instanceof SrmCommand.RaiseAlert a) {
                alerts.labelValues(a.type().vendorName()).inc();
            }
        }
    }

    private void onTransition(Transition t, long lastHeartbeatMs) {
        if (enteredAtMs >= 0 && t.from() != t.to()) {
            double seconds = Math.max(0, t.atMs() - enteredAtMs) / 1000.0;
            if (t.from() == NodeState.TAKING_OVER) {
                takeover.observe(seconds);
            } else if (t.from() == NodeState.TAKING_BACK) {
                fallback.observe(seconds);
            }
        }
        if (t.to() == NodeState.TAKING_OVER && t.from() != NodeState.TAKING_OVER) {
            failovers.labelValues(t.reason().name()).inc();
        } else if (t.to() == NodeState.TAKING_BACK && t.from() != NodeState.TAKING_BACK) {
            fallbacks.labelValues(t.reason().name()).inc();
        } else if (ERROR.contains(t.from()) && !ERROR.contains(t.to())) {
            recoveries.labelValues(t.fromReason().name()).inc();
        }
        if (PEER_LOST.contains(t.reason()) && !PEER_LOST.contains(t.fromReason()) && lastHeartbeatMs >= 0) {
            detection.observe(Math.max(0, t.atMs() - lastHeartbeatMs) / 1000.0);
        }
        if (t.from() != t.to()) {
            enteredAtMs = t.atMs();
        }
    }
}
