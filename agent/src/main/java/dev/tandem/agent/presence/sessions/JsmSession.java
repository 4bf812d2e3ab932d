package dev.tandem.agent.presence.sessions;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One user's session in this node's session manager. ACTIVE when this node serves the user
 * (its client connections are active); STANDBY when the peer serves the user and this node
 * holds the user's inactive connections, ready to take over. Temporary subscriptions live
 * only here, so they end with the session (ha-behaviour.md §9). Guarded by the lock of the
 * {@link Shard} that holds it.
 */
final class JsmSession {
    final String userId;
    boolean active;
    final Set<ClientLink> links = new LinkedHashSet<>();
    final Set<String> temporarySubscriptions = new HashSet<>();

    JsmSession(String userId, boolean active) {
        this.userId = userId;
        this.active = active;
    }
}
