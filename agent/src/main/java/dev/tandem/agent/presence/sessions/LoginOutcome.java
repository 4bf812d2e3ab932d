package dev.tandem.agent.presence.sessions;

import dev.tandem.proto.presence.v1.ConnectionMode;
import dev.tandem.proto.presence.v1.Redirect;

/** The answer to a login: accepted here, or use another node. */
public sealed interface LoginOutcome {
    record Accepted(ConnectionMode mode) implements LoginOutcome {
    }

    record Redirected(Redirect redirect) implements LoginOutcome {
    }
}
