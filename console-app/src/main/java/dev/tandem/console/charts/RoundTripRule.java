package dev.tandem.console.charts;

import dev.tandem.contract.Heartbeat;

/**
 * The contract's sustained-breach rule ({@link Heartbeat#sustainedBreach}: 3 of the newest 5
 * samples over 80 ms) applied to one node's PeerRoundTripMs series, the same series the chart
 * draws and the agent's PeerRoundTrip alert watches.
 */
public final class RoundTripRule {
    public static final double LIMIT_MS = Heartbeat.ROUND_TRIP_LIMIT_MS;
    public static final int OVER = Heartbeat.BREACH_OVER;
    public static final int OF = Heartbeat.BREACH_WINDOW;

    private RoundTripRule() {}

    public static boolean breached(SeriesBuffer roundTrips) {
        return Heartbeat.sustainedBreach(roundTrips.lastValues(OF));
    }

    /** Back to normal: none of the newest samples is over (hysteresis, so the warning does not flap). */
    public static boolean clear(SeriesBuffer roundTrips) {
        return Heartbeat.breachCleared(roundTrips.lastValues(OF));
    }
}
