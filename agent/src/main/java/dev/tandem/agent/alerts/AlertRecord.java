package dev.tandem.agent.alerts;

import dev.tandem.proto.admin.v1.AlertSeverity;
import dev.tandem.proto.admin.v1.AlertType;

/**
 * One alert of this node as the agent keeps it.
 *
 * @param subject     what it is about when the node can have several of the type at once (a critical
 *                    service id, "database"); else empty
 * @param clearedAtMs when the condition ended; -1 while active
 * @param ackBy       the audit form of who acknowledged it; empty while not acknowledged
 * @param ackAtMs     when; -1 while not acknowledged
 */
public record AlertRecord(long id, String node, AlertType type, String subject, AlertSeverity severity,
                          String sentence, long raisedAtMs, long clearedAtMs, String clearedBecause, String ackBy,
                          long ackAtMs) {

    public boolean active() {
        return clearedAtMs < 0;
    }

    public boolean acknowledged() {
        return ackAtMs >= 0;
    }

    AlertRecord withId(long newId) {
        return new AlertRecord(newId, node, type, subject, severity, sentence, raisedAtMs, clearedAtMs, clearedBecause,
                ackBy, ackAtMs);
    }

    AlertRecord cleared(long atMs, String because) {
        return new AlertRecord(id, node, type, subject, severity, sentence, raisedAtMs, atMs, because, ackBy, ackAtMs);
    }

    AlertRecord acknowledgedBy(String who, long atMs) {
        return new AlertRecord(id, node, type, subject, severity, sentence, raisedAtMs, clearedAtMs, clearedBecause,
                who, atMs);
    }
}
