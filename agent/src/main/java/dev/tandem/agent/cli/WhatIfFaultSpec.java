package dev.tandem.agent.cli;

import dev.tandem.proto.admin.v1.Fault;
import dev.tandem.proto.admin.v1.FaultKind;
import io.grpc.Status;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The words of `tandemctl simulate --fault`: {@code KIND[:NODE[:SERVICE]][@TIME]}, e.g.
 * {@code service-down:imp-node-1:SYNC_AGENT@0}, {@code db-fail:imp-node-2@30s}, {@code partition@1m}.
 * TIME is virtual time after the start: {@code 0}, {@code 500ms}, {@code 30s}, {@code 2m} (default 0).
 */
final class WhatIfFaultSpec {
    /** CLI word to FaultKind, in the order help lists them. */
    static final Map<String, FaultKind> KINDS = kinds();

    private WhatIfFaultSpec() {
    }

    private static Map<String, FaultKind> kinds() {
        Map<String, FaultKind> m = new LinkedHashMap<>();
        m.put("node-lost", FaultKind.FAULT_NODE_LOST);
        m.put("shutdown", FaultKind.FAULT_ANNOUNCED_SHUTDOWN);
        m.put("service-down", FaultKind.FAULT_CRITICAL_SERVICE_DOWN);
        m.put("service-up", FaultKind.FAULT_CRITICAL_SERVICE_UP);
        m.put("db-fail", FaultKind.FAULT_DATABASE_FAILURE);
        m.put("db-restore", FaultKind.FAULT_DATABASE_RESTORED);
        m.put("partition", FaultKind.FAULT_PARTITION);
        m.put("partition-heal", FaultKind.FAULT_PARTITION_HEALED);
        m.put("failover", FaultKind.FAULT_MANUAL_FAILOVER);
        m.put("fallback", FaultKind.FAULT_MANUAL_FALLBACK);
        m.put("recovery", FaultKind.FAULT_MANUAL_RECOVERY);
        m.put("ha-off", FaultKind.FAULT_HA_OFF);
        m.put("params-differ", FaultKind.FAULT_PARAMETERS_DIFFER);
        m.put("restart", FaultKind.FAULT_NODE_RESTARTED);
        return java.util.Collections.unmodifiableMap(m);
    }

    static Fault parse(String spec) {
        String s = spec.trim();
        long at = 0;
        int atSign = s.lastIndexOf('@');
        if (atSign >= 0) {
            at = millis(s.substring(atSign + 1), spec);
            s = s.substring(0, atSign);
        }
        String[] parts = s.split(":", -1);
        FaultKind kind = KINDS.get(parts[0].toLowerCase(java.util.Locale.ROOT));
        if (kind == null || parts.length > 3) {
            throw invalid("fault '" + spec + "': say KIND[:NODE[:SERVICE]][@TIME] with KIND one of "
                    + String.join(", ", KINDS.keySet()));
        }
        Fault.Builder f = Fault.newBuilder().setKind(kind).setAtMs(at);
        if (parts.length > 1) {
            f.setNode(parts[1]);
        }
        if (parts.length > 2) {
            f.setService(parts[2].toUpperCase(java.util.Locale.ROOT));
        }
        return f.build();
    }

    /** "0", "500ms", "30s", "2m", "1h" to milliseconds. */
    static long millis(String t, String spec) {
        String v = t.trim().toLowerCase(java.util.Locale.ROOT);
        long unit = 1000;
        String num = v;
        if (v.endsWith("ms")) {
            unit = 1;
            num = v.substring(0, v.length() - 2);
        } else if (v.endsWith("s")) {
            num = v.substring(0, v.length() - 1);
        } else if (v.endsWith("m")) {
            unit = 60_000;
            num = v.substring(0, v.length() - 1);
        } else if (v.endsWith("h")) {
            unit = 3_600_000;
            num = v.substring(0, v.length() - 1);
        }
        try {
            return Math.multiplyExact(Long.parseLong(num), unit);
        } catch (NumberFormatException | ArithmeticException e) {
            throw invalid("time '" + t + "' in '" + spec + "': say 0, 500ms, 30s, 2m or 1h");
        }
    }

    private static io.grpc.StatusRuntimeException invalid(String m) {
        return Status.INVALID_ARGUMENT.withDescription(m).asRuntimeException();
    }
}
