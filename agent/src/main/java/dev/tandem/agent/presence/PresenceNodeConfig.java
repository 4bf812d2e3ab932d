package dev.tandem.agent.presence;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * How to run one presence node.
 *
 * @param nodeName     this node's name (one of {@code group})
 * @param group        the two nodes of the presence redundancy group
 * @param clientPort   where the client port listens (port 0: a free one)
 * @param relogin      this node's Client Re-Login Lower/Upper Limit
 * @param secureMode   secure mode for clients; off means no dual connections (§8)
 */
public record PresenceNodeConfig(String nodeName, GroupNodes group, InetSocketAddress clientPort,
                                 ReloginLimits relogin, boolean secureMode) {
    public PresenceNodeConfig {
        Objects.requireNonNull(nodeName, "nodeName");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(clientPort, "clientPort");
        Objects.requireNonNull(relogin, "relogin");
        if (!group.contains(nodeName)) {
            throw new IllegalArgumentException("node " + nodeName + " is not in the group " + group);
        }
    }

    /** Loopback, a free port, default re-login limits, secure mode on. */
    public static PresenceNodeConfig loopback(String nodeName, GroupNodes group) {
        return new PresenceNodeConfig(nodeName, group, new InetSocketAddress("127.0.0.1", 0), ReloginLimits.DEFAULT, true);
    }

    public PresenceNodeConfig withRelogin(ReloginLimits limits) {
        return new PresenceNodeConfig(nodeName, group, clientPort, limits, secureMode);
    }

    public PresenceNodeConfig withSecureMode(boolean on) {
        return new PresenceNodeConfig(nodeName, group, clientPort, relogin, on);
    }
}
