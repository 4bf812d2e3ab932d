package dev.tandem.contract;

import java.util.Optional;

/**
 * The numeric SRM parameters of ha-behaviour.md §4, one row each: the range and default the agent
 * validates against ({@code SrmParameters}) and the console's form shows and checks before asking
 * the agent. Values are milliseconds; {@link #unit()} is the unit operators read them in.
 * Cluster-wide parameters must be equal on both peers (a difference is M24); the re-login limits
 * are per node.
 */
public enum SrmParameter {
    HEARTBEAT_INTERVAL("heartbeat interval", "Keep Alive (Heartbeat) Interval", Unit.SECONDS,
            10, 300_000, 15_000, true),
    HEARTBEAT_TIMEOUT("heartbeat timeout", "Keep Alive (Heartbeat) Timeout", Unit.SECONDS,
            10, 3_600_000, 60_000, true),
    INITIALIZATION_HEARTBEAT_TIMEOUT("initialization heartbeat timeout",
            "Initialization Keep Alive (Heartbeat) Timeout", Unit.SECONDS, 10, 3_600_000, 120_000, true),
    CRITICAL_SERVICE_DOWN_DELAY("critical service down delay", "Critical Service Down Delay", Unit.SECONDS,
            0, 3_600_000, 90_000, true),
    AUTOMATIC_FALLBACK_DELAY("automatic fallback delay", "Automatic Fallback delay", Unit.MINUTES,
            0, 86_400_000, 1_800_000, true),
    RELOGIN_LOWER_LIMIT("client re-login lower limit", "Client Re-Login Lower Limit (this node)", Unit.SECONDS,
            0, 3_600_000, 120_000, false),
    RELOGIN_UPPER_LIMIT("client re-login upper limit", "Client Re-Login Upper Limit (this node)", Unit.SECONDS,
            0, 3_600_000, 537_000, false);

    /** Automatic fallback is off unless an administrator turns it on (§4). */
    public static final boolean AUTOMATIC_FALLBACK_ENABLED_DEFAULT = false;
    /** XCP authentication is not a monitored critical service unless turned on (§4). */
    public static final boolean XCP_AUTHENTICATION_MONITORED_DEFAULT = false;

    /** The unit a parameter is shown and typed in. */
    public enum Unit {
        SECONDS("s", 1_000),
        MINUTES("min", 60_000);

        private final String symbol;
        private final long millis;

        Unit(String symbol, long millis) {
            this.symbol = symbol;
            this.millis = millis;
        }

        public String symbol() {
            return symbol;
        }

        /** Milliseconds in one of this unit. */
        public long millis() {
            return millis;
        }
    }

    private final String sentenceName;
    private final String label;
    private final Unit unit;
    private final long minMs;
    private final long maxMs;
    private final long defaultMs;
    private final boolean clusterWide;

    SrmParameter(String sentenceName, String label, Unit unit, long minMs, long maxMs, long defaultMs,
                 boolean clusterWide) {
        this.sentenceName = sentenceName;
        this.label = label;
        this.unit = unit;
        this.minMs = minMs;
        this.maxMs = maxMs;
        this.defaultMs = defaultMs;
        this.clusterWide = clusterWide;
    }

    /** The name inside a sentence, e.g. "heartbeat interval". */
    public String sentenceName() {
        return sentenceName;
    }

    /** The guide's field label, e.g. "Keep Alive (Heartbeat) Interval". */
    public String label() {
        return label;
    }

    public Unit unit() {
        return unit;
    }

    /** Smallest allowed value, ms. */
    public long minMs() {
        return minMs;
    }

    /** Largest allowed value, ms. */
    public long maxMs() {
        return maxMs;
    }

    /** The guide's default, ms. */
    public long defaultMs() {
        return defaultMs;
    }

    /** True when both peers must agree on the value (M24). */
    public boolean clusterWide() {
        return clusterWide;
    }

    /** True when {@code ms} is within the range. */
    public boolean allows(long ms) {
        return ms >= minMs && ms <= maxMs;
    }

    /** Empty when {@code ms} is allowed, else one sentence saying the value and the range. */
    public Optional<String> problem(long ms) {
        return allows(ms) ? Optional.empty()
                : Optional.of(sentenceName + " is " + ms + " ms; allowed " + minMs + ".." + maxMs + " ms");
    }
}
