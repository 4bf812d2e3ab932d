package dev.tandem.agent.presence.sessions;

import dev.tandem.proto.presence.v1.PresenceUpdate;

/** Carries presence published on this node to the peer node, whose session manager applies
 * it with {@link SessionManager#applyPeerPresence(PresenceUpdate)} (watchers may be served
 * by either node). The agent's peer link implements it. */
@FunctionalInterface
public interface PresenceRelay {
    PresenceRelay NONE = update -> { };

    void relay(PresenceUpdate update);
}
