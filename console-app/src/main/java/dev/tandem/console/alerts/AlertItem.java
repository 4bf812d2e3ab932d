package dev.tandem.console.alerts;

import dev.tandem.console.connection.AgentAddress;
import dev.tandem.console.util.Ages;
import dev.tandem.console.util.Names;
import dev.tandem.contract.Labels;
import dev.tandem.proto.admin.v1.Alert;

/**
 * One of an agent's alerts as the console shows it, and the agent that owns it (which takes
 * its acknowledgement). An alert is named by its node and id.
 */
public record AlertItem(AgentAddress source, Alert alert) {

    public String key() {
        return alert.getNode() + "#" + alert.getId();
    }

    public long at() {
        return Ages.millis(alert.getRaisedAt());
    }

    public String node() {
        return alert.getNode();
    }

    /** The vendor's name, e.g. SRMFailover. */
    public String type() {
        return Names.alert(alert.getType());
    }

    public String severity() {
        return Labels.severity(alert.getSeverity());
    }

    public String text() {
        return alert.getSentence();
    }

    public boolean active() {
        return !alert.hasClearedAt();
    }

    public boolean acknowledged() {
        return !alert.getAcknowledgedBy().isEmpty();
    }

    /** "active", or "cleared 12:01:02: Cisco Sync Agent runs again on node-a". */
    public String state() {
        return active() ? "active" : "cleared " + Ages.clock(Ages.millis(alert.getClearedAt()))
                + (alert.getClearedBecause().isEmpty() ? "" : ": " + alert.getClearedBecause());
    }

    /** "alice[operator]@10.0.0.5:5100 at 12:00:03", or "" while not acknowledged. */
    public String acknowledgement() {
        return acknowledged() ? alert.getAcknowledgedBy() + " at " + Ages.clock(Ages.millis(alert.getAcknowledgedAt()))
                : "";
    }
}
