package dev.tandem.agent.metrics;

import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Labels;

/** Latency histograms fed by the peer link and the presence node (any thread). */
final class Timings {
    private final Histogram heartbeatRoundTrip;
    private final Histogram userMove;
    private final Histogram login;

    Timings(PrometheusRegistry registry, String node) {
        Labels l = Labels.of("node", node);
        // 0.08: the 80 ms round trip the alert rules watch sits on a bucket boundary
        heartbeatRoundTrip = Histogram.builder().name("tandem_heartbeat_round_trip_seconds").constLabels(l)
                .classicOnly().classicUpperBounds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.08, 0.1, 0.25,
                        0.5, 1, 2.5)
                .help("Round trip of a heartbeat sent to the peer, until its answer arrived").register(registry);
        userMove = Histogram.builder().name("tandem_presence_user_move_duration_seconds").constLabels(l)
                .labelNames("kind").classicOnly()
                .classicUpperBounds(0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
                .help("One user move (store transaction plus session changes) on this node, by move kind")
                .register(registry);
        login = Histogram.builder().name("tandem_presence_login_duration_seconds").constLabels(l).classicOnly()
                .classicUpperBounds(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1)
                .help("Time this node took to handle a client's login, from its request to the answer")
                .register(registry);
    }

    void heartbeatRoundTrip(double millis) {
        heartbeatRoundTrip.observe(millis / 1000.0);
    }

    void userMove(String kind, long nanos) {
        userMove.labelValues(kind).observe(nanos / 1e9);
    }

    void login(long nanos) {
        login.observe(nanos / 1e9);
    }
}
