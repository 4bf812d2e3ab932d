package dev.tandem.tools.demo;

import dev.tandem.agent.service.Agent;
import dev.tandem.agent.service.AgentConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Two agents of one group in this JVM, on free loopback ports: the console's embedded demo
 * and the end-to-end tests use it. A node can be stopped in an orderly way, killed, and
 * started again on the same ports and data directory (as a rebooted node would).
 */
public final class EmbeddedPair implements AutoCloseable {
    private final Map<String, AgentConfig.Builder> configs = new LinkedHashMap<>();
    private final Map<String, Agent> agents = new LinkedHashMap<>();

    private EmbeddedPair() {
    }

    /**
     * Starts {@code node1} and {@code node2} (group order), data under {@code dataRoot/<node>}.
     *
     * @param overrides any configuration keys (e.g. {@code heartbeat.interval=100ms}) for both
     */
    public static EmbeddedPair start(Path dataRoot, String node1, String node2, Map<String, String> overrides)
            throws IOException {
        EmbeddedPair p = new EmbeddedPair();
        for (String[] n : List.of(new String[] {node1, node2}, new String[] {node2, node1})) {
            AgentConfig.Builder b = AgentConfig.builder().set("node.name", n[0]).set("peer.name", n[1])
                    .set("bind.address", "127.0.0.1").set("service.port", 0).set("admin.port", 0)
                    .set("client.port", 0).set("group.nodes", node1 + "," + node2).set("data.dir", dataRoot.resolve(n[0]));
            if (!overrides.containsKey("tls.dir") && !overrides.containsKey("insecure")) {
                // explicit --insecure for the tests of HA behaviour; startSecured is the secure variant
                b.set("insecure", "true");
            }
            overrides.forEach(b::set);
            p.configs.put(n[0], b);
        }
        Agent a = new Agent(p.configs.get(node1).build()).start();
        p.agents.put(node1, a);
        p.configs.get(node2).set("peer.address", a.serviceTarget());
        Agent b = new Agent(p.configs.get(node2).build()).start();
        p.agents.put(node2, b);
        a.connectPeer(b.serviceTarget());
        // from now on each node keeps its ports across restarts
        for (Agent x : List.of(a, b)) {
            p.configs.get(x.name()).set("service.port", x.servicePort()).set("admin.port", x.adminPort())
                    .set("client.port", x.clientPort());
        }
        p.configs.get(node1).set("peer.address", b.serviceTarget());
        return p;
    }

    /**
     * As {@link #start}, secured as agents are by default: a throwaway PKI for the two nodes and
     * one client per role (admin, operator, viewer) is written to {@code dataRoot/pki} first.
     */
    public static EmbeddedPair startSecured(Path dataRoot, String node1, String node2, Map<String, String> overrides)
            throws IOException {
        dev.tandem.agent.security.pki.PkiDirectory pki =
                dev.tandem.agent.security.pki.PkiGenerator.throwaway(dataRoot.resolve("pki"), "tandem", node1, node2);
        Map<String, String> all = new java.util.LinkedHashMap<>(overrides);
        all.put("tls.dir", pki.dir().toString());
        return start(dataRoot, node1, node2, all);
    }

    public Agent agent(String node) {
        Agent a = agents.get(node);
        if (a == null) {
            throw new IllegalArgumentException("no node " + node + " in this pair: " + agents.keySet());
        }
        return a;
    }

    public Agent first() {
        return agents.values().iterator().next();
    }

    public Agent second() {
        return agents.values().stream().skip(1).findFirst().orElseThrow();
    }

    /** Orderly stop of one node (its peer sees Peer Reboot). */
    public void stop(String node) {
        agent(node).stop();
    }

    /** Abrupt stop of one node (its peer sees Peer Down after the heartbeat timeout). */
    public void kill(String node) {
        agent(node).kill();
    }

    /**
     * Changes one configuration key of {@code node} for its next {@link #restart} (e.g. its
     * {@code peer.address}, to reach its peer through a relay a test can cut).
     */
    public void configure(String node, String key, String value) {
        AgentConfig.Builder b = configs.get(node);
        if (b == null) {
            throw new IllegalArgumentException("no node " + node + " in this pair: " + configs.keySet());
        }
        b.set(key, value);
    }

    /** Starts a stopped node again on its ports and data directory; it resumes from what it wrote. */
    public Agent restart(String node) throws IOException {
        Agent old = agent(node);
        if (old.isRunning()) {
            old.stop();
        }
        Agent a = new Agent(configs.get(node).build()).start();
        agents.put(node, a);
        return a;
    }

    @Override
    public void close() {
        for (Agent a : agents.values()) {
            a.kill();
        }
    }
}
