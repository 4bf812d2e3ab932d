package dev.tandem.agent.srm;

/**
 * Anti-flapping (issue 11): after {@code maxFailovers} automatic failovers of this node within
 * {@code windowMs}, the SRM holds its automatic fallback until an operator acts. Per node, set in
 * the agent's configuration (flap.max-failovers, flap.window); docs/agent.md gives the defaults.
 *
 * @param maxFailovers automatic failovers (and automatic recoveries) in the window that hold the
 *                     automatic fallback; 0 = never hold
 * @param windowMs     how far back failovers count
 */
public record FlapLimits(int maxFailovers, long windowMs) {
    /** Three automatic failovers in an hour: a service that fails that often needs a person. */
    public static final FlapLimits DEFAULTS = new FlapLimits(3, 3_600_000L);
    /** No holding: the guide's behaviour. */
    public static final FlapLimits OFF = new FlapLimits(0, 0);

    public FlapLimits {
        if (maxFailovers < 0 || maxFailovers > 1000) {
            throw new IllegalArgumentException("flap.max-failovers: " + maxFailovers + " is outside 0..1000");
        }
        if (windowMs < 0 || windowMs > 7L * 86_400_000L) {
            throw new IllegalArgumentException("flap.window: " + windowMs + " ms is outside 0..7 days");
        }
    }

    public boolean off() {
        return maxFailovers == 0;
    }
}
