package dev.tandem.agent.presence.users;

import java.util.List;

/**
 * What taking the peer's store did: how many user records changed (added, replaced or
 * removed), and what this store kept because it is newer than the snapshot (its records, its
 * removals), to send back to the peer as replicated changes so both stores end equal.
 */
public record SnapshotTaken(int changed, List<UserChange> sendBack) {
    public SnapshotTaken {
        sendBack = List.copyOf(sendBack);
    }
}
