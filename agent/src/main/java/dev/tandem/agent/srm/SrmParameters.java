package dev.tandem.agent.srm;

import dev.tandem.contract.SrmParameter;
import java.util.ArrayList;
import java.util.List;

/**
 * SRM timers and switches (ha-behaviour.md §4). Durations are milliseconds so tests can
 * run the guide's behaviour on a virtual clock with short timers.
 *
 * <p>The cluster-wide values must be the same on both peers ({@link #clusterWide()}; heartbeats
 * carry them as {@link #fingerprint()}); the re-login limits are per node and not part of it.
 */
public record SrmParameters(
        long heartbeatIntervalMs,
        long heartbeatTimeoutMs,
        long initializationHeartbeatTimeoutMs,
        long criticalServiceDownDelayMs,
        boolean automaticFallbackEnabled,
        long automaticFallbackDelayMs,
        boolean xcpAuthenticationMonitored,
        long reloginLowerLimitMs,
        long reloginUpperLimitMs) {

    // ranges and defaults: the shared table (dev.tandem.contract.SrmParameter) the console's form also uses
    /** The guide's defaults: 15 s interval, 60 s timeout, 120 s at start, 90 s service delay. */
    public static SrmParameters defaults() {
        return new SrmParameters(SrmParameter.HEARTBEAT_INTERVAL.defaultMs(), SrmParameter.HEARTBEAT_TIMEOUT.defaultMs(),
                SrmParameter.INITIALIZATION_HEARTBEAT_TIMEOUT.defaultMs(),
                SrmParameter.CRITICAL_SERVICE_DOWN_DELAY.defaultMs(), SrmParameter.AUTOMATIC_FALLBACK_ENABLED_DEFAULT,
                SrmParameter.AUTOMATIC_FALLBACK_DELAY.defaultMs(), SrmParameter.XCP_AUTHENTICATION_MONITORED_DEFAULT,
                SrmParameter.RELOGIN_LOWER_LIMIT.defaultMs(), SrmParameter.RELOGIN_UPPER_LIMIT.defaultMs());
    }

    /** Every rule this set breaks, one readable sentence each; empty when valid. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        range(p, SrmParameter.HEARTBEAT_INTERVAL, heartbeatIntervalMs);
        range(p, SrmParameter.HEARTBEAT_TIMEOUT, heartbeatTimeoutMs);
        range(p, SrmParameter.INITIALIZATION_HEARTBEAT_TIMEOUT, initializationHeartbeatTimeoutMs);
        range(p, SrmParameter.CRITICAL_SERVICE_DOWN_DELAY, criticalServiceDownDelayMs);
        range(p, SrmParameter.AUTOMATIC_FALLBACK_DELAY, automaticFallbackDelayMs);
        range(p, SrmParameter.RELOGIN_LOWER_LIMIT, reloginLowerLimitMs);
        range(p, SrmParameter.RELOGIN_UPPER_LIMIT, reloginUpperLimitMs);
        if (heartbeatTimeoutMs <= heartbeatIntervalMs) {
            p.add("heartbeat timeout (" + heartbeatTimeoutMs + " ms) must be longer than the heartbeat interval ("
                    + heartbeatIntervalMs + " ms), or one late heartbeat would start a failover");
        }
        if (initializationHeartbeatTimeoutMs < heartbeatTimeoutMs) {
            p.add("initialization heartbeat timeout (" + initializationHeartbeatTimeoutMs
                    + " ms) must be at least the heartbeat timeout (" + heartbeatTimeoutMs + " ms)");
        }
        if (reloginLowerLimitMs > reloginUpperLimitMs) {
            p.add("client re-login lower limit (" + reloginLowerLimitMs + " ms) must not exceed the upper limit ("
                    + reloginUpperLimitMs + " ms)");
        }
        return p;
    }

    /** Throws {@link InvalidParametersException} listing every problem; returns this when valid. */
    public SrmParameters validated() {
        List<String> p = problems();
        if (!p.isEmpty()) {
            throw new InvalidParametersException(p);
        }
        return this;
    }

    /** The values both peers must share (M24 when they differ); the re-login limits are per node. */
    public ClusterWideParameters clusterWide() {
        return new ClusterWideParameters(heartbeatIntervalMs, heartbeatTimeoutMs, initializationHeartbeatTimeoutMs,
                criticalServiceDownDelayMs, automaticFallbackEnabled, automaticFallbackDelayMs,
                xcpAuthenticationMonitored);
    }

    /**
     * The cluster-wide values spelled out ({@link ClusterWideParameters#canonical()}), as
     * heartbeats carry them: equal strings mean equal values, and every value is in it.
     */
    public String fingerprint() {
        return clusterWide().canonical();
    }

    public SrmParameters withHeartbeat(long intervalMs, long timeoutMs, long initTimeoutMs) {
        return new SrmParameters(intervalMs, timeoutMs, initTimeoutMs, criticalServiceDownDelayMs,
                automaticFallbackEnabled, automaticFallbackDelayMs, xcpAuthenticationMonitored,
                reloginLowerLimitMs, reloginUpperLimitMs);
    }

    public SrmParameters withCriticalServiceDownDelay(long delayMs) {
        return new SrmParameters(heartbeatIntervalMs, heartbeatTimeoutMs, initializationHeartbeatTimeoutMs, delayMs,
                automaticFallbackEnabled, automaticFallbackDelayMs, xcpAuthenticationMonitored,
                reloginLowerLimitMs, reloginUpperLimitMs);
    }

    public SrmParameters withAutomaticFallback(boolean enabled, long delayMs) {
        return new SrmParameters(heartbeatIntervalMs, heartbeatTimeoutMs, initializationHeartbeatTimeoutMs,
                criticalServiceDownDelayMs, enabled, delayMs, xcpAuthenticationMonitored,
                reloginLowerLimitMs, reloginUpperLimitMs);
    }

    public SrmParameters withXcpAuthenticationMonitored(boolean monitored) {
        return new SrmParameters(heartbeatIntervalMs, heartbeatTimeoutMs, initializationHeartbeatTimeoutMs,
                criticalServiceDownDelayMs, automaticFallbackEnabled, automaticFallbackDelayMs, monitored,
                reloginLowerLimitMs, reloginUpperLimitMs);
    }

    public SrmParameters withRelogin(long lowerMs, long upperMs) {
        return new SrmParameters(heartbeatIntervalMs, heartbeatTimeoutMs, initializationHeartbeatTimeoutMs,
                criticalServiceDownDelayMs, automaticFallbackEnabled, automaticFallbackDelayMs,
                xcpAuthenticationMonitored, lowerMs, upperMs);
    }

    private static void range(List<String> p, SrmParameter param, long v) {
        param.problem(v).ifPresent(p::add);
    }
}
