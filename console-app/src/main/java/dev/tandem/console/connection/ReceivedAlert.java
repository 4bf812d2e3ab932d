package dev.tandem.console.connection;

import dev.tandem.proto.admin.v1.Alert;

/** An alert (new or changed) and the agent it came from, which owns it and takes its acknowledgement. */
public record ReceivedAlert(AgentAddress from, Alert alert) {
}
