package dev.tandem.console.connection;

import dev.tandem.proto.admin.v1.GroupStatus;

/** A group as one agent last reported it: the status, the connection to act through, and how fresh it is. */
public record GroupSource(String group, GroupStatus status, AgentConnection via, boolean live, long lastDataAtMs) {
}
