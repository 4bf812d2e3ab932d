package dev.tandem.contract;

/** Limits of the link between the two nodes of a group (ha-behaviour.md §4). */
public final class Heartbeat {
    /** The WAN round trip between the peers must stay at or under this, in milliseconds. */
    public static final double ROUND_TRIP_LIMIT_MS = 80.0;

    /** A sustained breach: at least this many of the newest {@link #BREACH_WINDOW} samples over the limit. */
    public static final int BREACH_OVER = 3;
    /** How many of a node's newest round-trip samples the breach rule looks at. */
    public static final int BREACH_WINDOW = 5;

    private Heartbeat() {
    }

    /** True when a measured round trip breaks the limit. */
    public static boolean overRoundTripLimit(double roundTripMs) {
        return roundTripMs > ROUND_TRIP_LIMIT_MS;
    }

    /**
     * True when the newest samples (at most {@link #BREACH_WINDOW} are looked at, newest last)
     * break the limit in at least {@link #BREACH_OVER} of them: one spike on a loopback is not
     * a breach, a sustained one is. The agent's PeerRoundTrip alert and the console's chart
     * warning both use it, on the same series.
     */
    public static boolean sustainedBreach(double[] newest) {
        return overCount(newest) >= BREACH_OVER;
    }

    /** The breach is over: none of the newest samples breaks the limit (hysteresis, so an alert does not flap). */
    public static boolean breachCleared(double[] newest) {
        return overCount(newest) == 0;
    }

    private static int overCount(double[] newest) {
        int n = 0;
        for (int i = Math.max(0, newest.length - BREACH_WINDOW); i < newest.length; i++) {
            if (overRoundTripLimit(newest[i])) {
                n++;
            }
        }
        return n;
    }
}
