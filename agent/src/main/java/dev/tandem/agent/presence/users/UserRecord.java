package dev.tandem.agent.presence.users;

import java.util.Objects;

/** One user of the cluster: its home (primary) node and the node that serves it now
 * (the assignment). Both are null when the assignment mode is NONE. */
public record UserRecord(String userId, String homeNode, String servingNode) {
    public UserRecord {
        Objects.requireNonNull(userId, "userId");
    }

    public UserRecord servedBy(String node) {
        return new UserRecord(userId, homeNode, node);
    }

    public boolean isServedBy(String node) {
        return node.equals(servingNode);
    }

    public boolean isHomedOn(String node) {
        return node.equals(homeNode);
    }
}
