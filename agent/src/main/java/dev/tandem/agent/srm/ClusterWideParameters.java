package dev.tandem.agent.srm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SRM parameters that must be the same on both peers (ha-behaviour.md §4; M24 when they
 * differ). Peers compare the values themselves: {@link #canonical()} spells every one of them
 * out, so two sets are equal exactly when their canonical strings are (no hash can collide).
 */
public record ClusterWideParameters(
        long heartbeatIntervalMs,
        long heartbeatTimeoutMs,
        long initializationHeartbeatTimeoutMs,
        long criticalServiceDownDelayMs,
        boolean automaticFallbackEnabled,
        long automaticFallbackDelayMs,
        boolean xcpAuthenticationMonitored) {

    /** Every value as {@code name=value}, in a fixed order, separated by {@code ;}. */
    public String canonical() {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : values().entrySet()) {
            if (b.length() > 0) {
                b.append(';');
            }
            b.append(e.getKey()).append('=').append(e.getValue());
        }
        return b.toString();
    }

    /**
     * The values that differ from a peer's canonical string, as readable phrases (empty when
     * they agree). A string this node cannot read is one difference, named as such.
     */
    public List<String> differencesFrom(String peerCanonical) {
        Map<String, String> theirs = parse(peerCanonical);
        List<String> diff = new ArrayList<>();
        if (theirs == null) {
            diff.add("the peer sent parameters this node cannot read ('" + peerCanonical + "')");
            return diff;
        }
        for (Map.Entry<String, String> e : values().entrySet()) {
            String other = theirs.get(e.getKey());
            if (!e.getValue().equals(other)) {
                diff.add(e.getKey() + " " + e.getValue() + " here, " + (other == null ? "missing" : other) + " there");
            }
        }
        if (diff.isEmpty() && theirs.size() != values().size()) {
            diff.add("the peer sent values this node does not know ('" + peerCanonical + "')");
        }
        return diff;
    }

    private Map<String, String> values() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("heartbeatIntervalMs", Long.toString(heartbeatIntervalMs));
        v.put("heartbeatTimeoutMs", Long.toString(heartbeatTimeoutMs));
        v.put("initializationHeartbeatTimeoutMs", Long.toString(initializationHeartbeatTimeoutMs));
        v.put("criticalServiceDownDelayMs", Long.toString(criticalServiceDownDelayMs));
        v.put("automaticFallbackEnabled", Boolean.toString(automaticFallbackEnabled));
        v.put("automaticFallbackDelayMs", Long.toString(automaticFallbackDelayMs));
        v.put("xcpAuthenticationMonitored", Boolean.toString(xcpAuthenticationMonitored));
        return v;
    }

    /** name=value pairs of a canonical string, or null when it is not one. */
    private static Map<String, String> parse(String canonical) {
        Map<String, String> m = new LinkedHashMap<>();
        if (canonical == null || canonical.isEmpty()) {
            return null;
        }
        for (String part : canonical.split(";", -1)) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                return null;
            }
            m.put(part.substring(0, eq), part.substring(eq + 1));
        }
        return m;
    }
}
