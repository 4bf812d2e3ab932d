package dev.tandem.console.config;

import dev.tandem.proto.admin.v1.ServiceParameters;

/**
 * The numeric SRM parameters of ha-behaviour.md §4 as the form edits them: label, unit,
 * default and the range the console accepts before asking the agent (which validates again).
 */
public enum ParameterSpec {
    HEARTBEAT_INTERVAL("Keep Alive (Heartbeat) Interval", "s", 15, 1, 300),
    HEARTBEAT_TIMEOUT("Keep Alive (Heartbeat) Timeout", "s", 60, 2, 3600),
    INITIALIZATION_TIMEOUT("Initialization Keep Alive (Heartbeat) Timeout", "s", 120, 2, 3600),
    CRITICAL_SERVICE_DOWN_DELAY("Critical Service Down Delay", "s", 90, 1, 3600),
    AUTOMATIC_FALLBACK_DELAY("Automatic Fallback delay", "min", 30, 1, 1440),
    RELOGIN_LOWER("Client Re-Login Lower Limit (this node)", "s", 120, 0, 3600),
    RELOGIN_UPPER("Client Re-Login Upper Limit (this node)", "s", 537, 0, 3600),
    SERVICE_PORT("Service Port", "", 22001, 1, 65535),
    ADMIN_PORT("Admin RPC Port", "", 20075, 1, 65535);

    private final String label;
    private final String unit;
    private final long defaultValue;
    private final long min;
    private final long max;

    ParameterSpec(String label, String unit, long defaultValue, long min, long max) {
        this.label = label;
        this.unit = unit;
        this.defaultValue = defaultValue;
        this.min = min;
        this.max = max;
    }

    public String label() {
        return label;
    }

    public String unit() {
        return unit;
    }

    public long defaultValue() {
        return defaultValue;
    }

    public long min() {
        return min;
    }

    public long max() {
        return max;
    }

    public String hint() {
        String u = unit.isEmpty() ? "" : " " + unit;
        return "default " + defaultValue + u + ", range " + min + "–" + max + u;
    }

    private long factor() {
        return switch (unit) {
            case "s" -> 1000;
            case "min" -> 60_000;
            default -> 1;
        };
    }

    /** The value in form units, read from the contract's message. */
    public long read(ServiceParameters p) {
        long raw = switch (this) {
            case HEARTBEAT_INTERVAL -> p.getHeartbeatIntervalMs();
            case HEARTBEAT_TIMEOUT -> p.getHeartbeatTimeoutMs();
            case INITIALIZATION_TIMEOUT -> p.getInitializationHeartbeatTimeoutMs();
            case CRITICAL_SERVICE_DOWN_DELAY -> p.getCriticalServiceDownDelayMs();
            case AUTOMATIC_FALLBACK_DELAY -> p.getAutomaticFallbackDelayMs();
            case RELOGIN_LOWER -> p.getReloginLowerLimitMs();
            case RELOGIN_UPPER -> p.getReloginUpperLimitMs();
            case SERVICE_PORT -> p.getServicePort();
            case ADMIN_PORT -> p.getAdminPort();
        };
        return raw / factor();
    }

    public void write(ServiceParameters.Builder b, long v) {
        long raw = v * factor();
        switch (this) {
            case HEARTBEAT_INTERVAL -> b.setHeartbeatIntervalMs(raw);
            case HEARTBEAT_TIMEOUT -> b.setHeartbeatTimeoutMs(raw);
            case INITIALIZATION_TIMEOUT -> b.setInitializationHeartbeatTimeoutMs(raw);
            case CRITICAL_SERVICE_DOWN_DELAY -> b.setCriticalServiceDownDelayMs(raw);
            case AUTOMATIC_FALLBACK_DELAY -> b.setAutomaticFallbackDelayMs(raw);
            case RELOGIN_LOWER -> b.setReloginLowerLimitMs(raw);
            case RELOGIN_UPPER -> b.setReloginUpperLimitMs(raw);
            case SERVICE_PORT -> b.setServicePort((int) raw);
            case ADMIN_PORT -> b.setAdminPort((int) raw);
        }
    }
}
