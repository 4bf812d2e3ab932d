package dev.tandem.agent.presence.sessions;

import dev.tandem.proto.presence.v1.Redirect;
import dev.tandem.proto.presence.v1.ServerMessage;

/** One client connection as the session manager sees it. Sending never blocks: a link
 * buffers a bounded number of messages and drops a client that cannot keep up. */
public interface ClientLink {
    void send(ServerMessage message);

    /** Sends the redirect, then ends the stream. */
    void closeWithRedirect(Redirect redirect);

    /** Ends the stream with an error status. */
    void closeWithError(Refusal refusal, String message);
}
