package dev.tandem.agent.alerts;

import dev.tandem.contract.Heartbeat;
import dev.tandem.proto.admin.v1.AlertType;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * The PeerRoundTrip alert: raised when the round trip to the peer breaks the 80 ms limit in 3
 * of this node's last 5 samples (contract {@link Heartbeat#sustainedBreach}), cleared once
 * none of the last 5 does. Fed each heartbeat's measured round trip (the value the
 * PeerRoundTripMs counter then shows), so one slow heartbeat sampled several times is still one
 * sample. Thread-safe.
 */
public final class RoundTripWatch {
    private final AlertBook alerts;
    private final String node;
    private final Deque<Double> newest = new ArrayDeque<>();

    public RoundTripWatch(AlertBook alerts, String node) {
        this.alerts = alerts;
        this.node = node;
    }

    /** One heartbeat's round trip in milliseconds. */
    public synchronized void observe(double roundTripMs) {
        newest.addLast(roundTripMs);
        while (newest.size() > Heartbeat.BREACH_WINDOW) {
            newest.removeFirst();
        }
        double[] v = newest.stream().mapToDouble(Double::doubleValue).toArray();
        boolean active = alerts.list(true).stream().anyMatch(a -> a.type() == AlertType.PEER_ROUND_TRIP);
        if (!active && Heartbeat.sustainedBreach(v)) {
            alerts.raise(AlertType.PEER_ROUND_TRIP, "", String.format(Locale.ROOT, "Peer round trip of %s over %.0f ms"
                    + " in %d of its last %d samples (now %.0f ms): the WAN may not carry heartbeats in time", node,
                    Heartbeat.ROUND_TRIP_LIMIT_MS, Heartbeat.BREACH_OVER, Heartbeat.BREACH_WINDOW, roundTripMs));
        } else if (active && v.length >= Heartbeat.BREACH_WINDOW && Heartbeat.breachCleared(v)) {
            alerts.clear(AlertType.PEER_ROUND_TRIP, String.format(Locale.ROOT,
                    "the round trip stayed under %.0f ms for %d samples", Heartbeat.ROUND_TRIP_LIMIT_MS,
                    Heartbeat.BREACH_WINDOW));
        }
    }
}
