package dev.tandem.console.connection;

import dev.tandem.proto.admin.v1.HaEvent;

/** An event and the agent it came from. */
public record ReceivedEvent(AgentAddress from, HaEvent event) {
}
