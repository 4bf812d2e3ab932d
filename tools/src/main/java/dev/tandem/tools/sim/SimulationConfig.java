package dev.tandem.tools.sim;

import dev.tandem.agent.presence.NodeEndpoint;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What the client simulator runs.
 *
 * @param nodes            the two nodes; a client logs in to the first and follows redirects
 * @param userIds          one simulated client per user
 * @param dualConnections  open an inactive connection to the backup node (§8)
 * @param channelsPerNode  gRPC channels (TCP connections) per node that the streams share
 * @param publishInterval  how often each served client publishes presence (zero: never)
 * @param timeScale        multiplies every re-login wait (0.001: 120 s become 120 ms)
 */
public record SimulationConfig(List<NodeEndpoint> nodes, List<String> userIds, boolean dualConnections,
                               int channelsPerNode, Duration publishInterval, double timeScale) {
    public SimulationConfig {
        nodes = List.copyOf(nodes);
        userIds = List.copyOf(userIds);
        Objects.requireNonNull(publishInterval, "publishInterval");
        if (nodes.size() != 2) {
            throw new IllegalArgumentException("the simulator needs the two nodes of a group, got " + nodes.size());
        }
        if (userIds.isEmpty()) {
            throw new IllegalArgumentException("at least one client is needed");
        }
        if (channelsPerNode < 1) {
            throw new IllegalArgumentException("channels per node must be >= 1, got " + channelsPerNode);
        }
        if (!(timeScale > 0)) {
            throw new IllegalArgumentException("time scale must be > 0, got " + timeScale);
        }
        if (publishInterval.isNegative()) {
            throw new IllegalArgumentException("publish interval must not be negative");
        }
    }
}
