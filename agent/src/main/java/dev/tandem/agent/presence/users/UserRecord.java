package dev.tandem.agent.presence.users;

import java.util.Objects;

/**
 * One user of the cluster: its home (primary) node and the node that serves it now (the
 * assignment). Both are null when the assignment mode is NONE.
 *
 * <p>{@code version} orders the writes of one user's record across the two nodes (a Lamport
 * clock, see {@link UserStore}): a replicated record replaces the local one only when its
 * version is higher, so two moves of the same user made at the same time on both nodes end in
 * the same record on both. 0 = not versioned (written before versions existed, or by an older
 * peer).
 */
public record UserRecord(String userId, String homeNode, String servingNode, long version) {
    public UserRecord {
        Objects.requireNonNull(userId, "userId");
        if (version < 0) {
            throw new IllegalArgumentException("a user record's version is never negative: " + version);
        }
    }

    /** A record not versioned yet (the store stamps it when it writes it). */
    public UserRecord(String userId, String homeNode, String servingNode) {
        this(userId, homeNode, servingNode, 0);
    }

    public UserRecord servedBy(String node) {
        return new UserRecord(userId, homeNode, node, version);
    }

    public UserRecord withVersion(long v) {
        return new UserRecord(userId, homeNode, servingNode, v);
    }

    /** Same user, home and serving node, whatever the versions. */
    public boolean samePlacement(UserRecord o) {
        return o != null && userId.equals(o.userId) && Objects.equals(homeNode, o.homeNode)
                && Objects.equals(servingNode, o.servingNode);
    }

    public boolean isServedBy(String node) {
        return node.equals(servingNode);
    }

    public boolean isHomedOn(String node) {
        return node.equals(homeNode);
    }
}
