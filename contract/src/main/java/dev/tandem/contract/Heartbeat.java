package dev.tandem.contract;

/** Limits of the link between the two nodes of a group (ha-behaviour.md §4). */
public final class Heartbeat {
    /** The WAN round trip between the peers must stay at or under this, in milliseconds. */
    public static final double ROUND_TRIP_LIMIT_MS = 80.0;

    private Heartbeat() {
    }

    /** True when a measured round trip breaks the limit. */
    public static boolean overRoundTripLimit(double roundTripMs) {
        return roundTripMs > ROUND_TRIP_LIMIT_MS;
    }
}
