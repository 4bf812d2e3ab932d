package dev.tandem.agent.presence.sessions;

import dev.tandem.proto.presence.v1.ConnectionMode;
import dev.tandem.proto.presence.v1.Redirect;

/** The answer to a login: accepted here (the session manager has queued LoginAccepted on the
 * connection), or use another node (the caller sends the Redirect). */
public sealed interface LoginOutcome {
    record Accepted(ConnectionMode mode) implements LoginOutcome {
    }

    record Redirected(Redirect redirect) implements LoginOutcome {
    }
}
