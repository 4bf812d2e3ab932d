package dev.tandem.console.config;

import dev.tandem.contract.SrmParameter;
import dev.tandem.proto.admin.v1.ServiceParameters;
import java.math.BigDecimal;

/**
 * The numeric SRM parameters of ha-behaviour.md §4 as the form edits them: label, unit,
 * default and the range the console accepts before asking the agent (which validates again).
 * Values travel in milliseconds; the form shows them in the unit with decimals where needed
 * ("0.5" s), so a sub-second timer is shown and saved as it is, never rounded to 0.
 * The ports are shown but not edited: they change only in the agent's configuration file.
 */
public enum ParameterSpec {
    HEARTBEAT_INTERVAL(SrmParameter.HEARTBEAT_INTERVAL),
    HEARTBEAT_TIMEOUT(SrmParameter.HEARTBEAT_TIMEOUT),
    INITIALIZATION_TIMEOUT(SrmParameter.INITIALIZATION_HEARTBEAT_TIMEOUT),
    CRITICAL_SERVICE_DOWN_DELAY(SrmParameter.CRITICAL_SERVICE_DOWN_DELAY),
    AUTOMATIC_FALLBACK_DELAY(SrmParameter.AUTOMATIC_FALLBACK_DELAY),
    RELOGIN_LOWER(SrmParameter.RELOGIN_LOWER_LIMIT),
    RELOGIN_UPPER(SrmParameter.RELOGIN_UPPER_LIMIT),
    SERVICE_PORT("Service Port", "", 22001, 1, 65535),
    ADMIN_PORT("Admin RPC Port", "", 20075, 1, 65535);

    private final String label;
    private final String unit;
    private final long defaultValue;
    private final long minRaw;
    private final long maxRaw;

    /** An SRM timer: label, unit, range and default from the table the agent validates against. */
    ParameterSpec(SrmParameter p) {
        this(p.label(), p.unit().symbol(), p.defaultMs() / p.unit().millis(), p.minMs(), p.maxMs());
    }

    /** @param defaultValue in the form's unit; minRaw, maxRaw in milliseconds (ports: as is), as the agent checks */
    ParameterSpec(String label, String unit, long defaultValue, long minRaw, long maxRaw) {
        this.label = label;
        this.unit = unit;
        this.defaultValue = defaultValue;
        this.minRaw = minRaw;
        this.maxRaw = maxRaw;
    }

    public String label() {
        return label;
    }

    public String unit() {
        return unit;
    }

    /** In the form's unit. */
    public long defaultValue() {
        return defaultValue;
    }

    /** In milliseconds (ports: the port). */
    public long defaultRaw() {
        return defaultValue * factor();
    }

    /** False for the ports: the agent refuses to change them at run time. */
    public boolean editable() {
        return this != SERVICE_PORT && this != ADMIN_PORT;
    }

    public String hint() {
        if (!editable()) {
            return "set in the agent's configuration file (restart to change)";
        }
        String u = unit.isEmpty() ? "" : " " + unit;
        return "default " + defaultValue + u + ", range " + format(minRaw) + "–" + format(maxRaw) + u;
    }

    private long factor() {
        return switch (unit) {
            case "s" -> 1000;
            case "min" -> 60_000;
            default -> 1;
        };
    }

    /** A raw value (ms) as the form shows it: "15", "0.5". */
    public String format(long raw) {
        return BigDecimal.valueOf(raw).divide(BigDecimal.valueOf(factor())).stripTrailingZeros().toPlainString();
    }

    /** The form's text as a raw value (ms), or the error to show beside the field. */
    public Parsed parse(String text) {
        String t = text == null ? "" : text.trim();
        BigDecimal v;
        try {
            v = new BigDecimal(t);
        } catch (NumberFormatException e) {
            return new Parsed(-1, factor() == 1 ? "Enter a whole number." : "Enter a number, e.g. " + defaultValue
                    + " or 0.5.");
        }
        BigDecimal raw = v.multiply(BigDecimal.valueOf(factor()));
        if (raw.stripTrailingZeros().scale() > 0) {
            return new Parsed(-1, factor() == 1 ? "Enter a whole number." : "At most millisecond precision.");
        }
        if (raw.compareTo(BigDecimal.valueOf(minRaw)) < 0 || raw.compareTo(BigDecimal.valueOf(maxRaw)) > 0) {
            String u = unit.isEmpty() ? "" : " " + unit;
            return new Parsed(-1, "Must be " + format(minRaw) + "–" + format(maxRaw) + u + ".");
        }
        return new Parsed(raw.longValueExact(), "");
    }

    /** A parsed field: the raw value, or an error (then raw is -1). */
    public record Parsed(long raw, String error) {
        public boolean ok() {
            return error.isEmpty();
        }
    }

    /** The raw value (ms; ports as is) from the contract's message. */
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
        return raw;
    }

    public void write(ServiceParameters.Builder b, long raw) {
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
