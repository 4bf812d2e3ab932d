package dev.tandem.agent.presence.users;

import dev.tandem.agent.presence.store.RosterEntry;
import java.util.List;
import java.util.Map;

/**
 * A whole user store at one moment: what the peer takes when its store lost the comparison.
 * {@code tombstones}: the removals it keeps (user id to version; empty from an older peer).
 */
public record StoreSnapshot(UserAssignmentMode mode, List<UserRecord> users, List<RosterEntry> roster,
                            Map<String, String> secrets, StoreDigest digest, Map<String, Long> tombstones) {
    public StoreSnapshot {
        tombstones = Map.copyOf(tombstones);
    }
}
