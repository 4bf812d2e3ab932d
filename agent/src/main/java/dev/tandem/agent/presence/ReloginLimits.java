package dev.tandem.agent.presence;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/** A node's Client Re-Login Lower/Upper Limit (ha-behaviour.md §4): a client waits a random
 * time in [lower, upper] before logging in to that node or opening its inactive connection. */
public record ReloginLimits(Duration lower, Duration upper) {
    /** The guide's defaults: 120 s and 537 s. */
    public static final ReloginLimits DEFAULT = new ReloginLimits(Duration.ofSeconds(120), Duration.ofSeconds(537));

    public ReloginLimits {
        Objects.requireNonNull(lower, "lower");
        Objects.requireNonNull(upper, "upper");
        if (lower.isNegative() || upper.compareTo(lower) < 0) {
            throw new IllegalArgumentException("re-login limits need 0 <= lower <= upper, got " + lower + " and " + upper);
        }
    }

    public static ReloginLimits ofMillis(long lowerMs, long upperMs) {
        return new ReloginLimits(Duration.ofMillis(lowerMs), Duration.ofMillis(upperMs));
    }

    /** Both limits multiplied by {@code scale} (simulations run faster than wall time). */
    public ReloginLimits scaled(double scale) {
        if (!(scale > 0)) {
            throw new IllegalArgumentException("time scale must be > 0, got " + scale);
        }
        return ofMillis(Math.round(lower.toMillis() * scale), Math.round(upper.toMillis() * scale));
    }

    public Duration randomWait() {
        long lo = lower.toMillis();
        long hi = upper.toMillis();
        return Duration.ofMillis(lo == hi ? lo : ThreadLocalRandom.current().nextLong(lo, hi + 1));
    }
}
