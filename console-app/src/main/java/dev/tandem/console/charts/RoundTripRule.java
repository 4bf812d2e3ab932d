package dev.tandem.console.charts;

import dev.tandem.contract.Heartbeat;

/**
 * When the peer round trip counts as over the WAN limit (ha-behaviour.md §4: 80 ms): in at
 * least {@link #OVER} of the newest {@link #OF} samples of one node's PeerRoundTripMs series,
 * the same series the chart draws. One spike on loopback is not a breach; a sustained one is.
 */
public final class RoundTripRule {
    public static final double LIMIT_MS = Heartbeat.ROUND_TRIP_LIMIT_MS;
    public static final int OVER = 3;
    public static final int OF = 5;

    private RoundTripRule() {}

    public static boolean breached(SeriesBuffer roundTrips) {
        return countOver(roundTrips.lastValues(OF)) >= OVER;
    }

    /** Back to normal: none of the newest samples is over (hysteresis, so the alert does not flap). */
    public static boolean clear(SeriesBuffer roundTrips) {
        return countOver(roundTrips.lastValues(OF)) == 0;
    }

    private static int countOver(double[] v) {
        int n = 0;
        for (double d : v) {
            if (Heartbeat.overRoundTripLimit(d)) {
                n++;
            }
        }
        return n;
    }
}
