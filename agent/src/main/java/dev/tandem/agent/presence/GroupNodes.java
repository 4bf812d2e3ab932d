package dev.tandem.agent.presence;

import java.util.Objects;

/** The two nodes of a presence redundancy group, in order: the first node is where
 * ACTIVE_STANDBY places every user. */
public record GroupNodes(String first, String second) {
    public GroupNodes {
        Objects.requireNonNull(first, "first node");
        Objects.requireNonNull(second, "second node");
        if (first.isBlank() || second.isBlank()) {
            throw new IllegalArgumentException("node names must not be blank");
        }
        if (first.equals(second)) {
            throw new IllegalArgumentException("a group needs two different nodes, got " + first + " twice");
        }
    }

    public boolean contains(String node) {
        return first.equals(node) || second.equals(node);
    }

    /** The other node of the group. */
    public String peerOf(String node) {
        if (first.equals(node)) {
            return second;
        }
        if (second.equals(node)) {
            return first;
        }
        throw new IllegalArgumentException("node " + node + " is not in the group " + first + "/" + second);
    }
}
