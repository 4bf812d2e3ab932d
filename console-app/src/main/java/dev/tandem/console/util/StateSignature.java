package dev.tandem.console.util;

import dev.tandem.proto.admin.v1.CriticalServiceStatus;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.NodeReport;

/**
 * What changes when the group's state changes: node states, reasons, reachability, services,
 * databases, HA and the matched row. An outcome message ("Fallback of node-a done") is true of
 * one signature; when the signature moves on, the message is history and is cleared.
 */
public final class StateSignature {
    private StateSignature() {}

    public static String of(GroupStatus s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        b.append(s.getHaEnabled()).append('|').append(s.getMatrix().getMatched() ? s.getMatrix().getRow().getId() : "-");
        for (NodeReport r : s.getNodesList()) {
            b.append('|').append(r.getStatus().getNode()).append(':').append(r.getStatus().getState())
                    .append('/').append(r.getStatus().getReason()).append('/').append(r.getStatus().getReachable())
                    .append("/db=").append(!r.hasDatabase() || r.getDatabase().getUp());
            for (CriticalServiceStatus c : r.getServicesList()) {
                b.append(',').append(c.getId()).append('=').append(c.getRunning());
            }
        }
        return b.toString();
    }
}
