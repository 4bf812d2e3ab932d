package dev.tandem.tools.campaign;

import java.util.ArrayList;
import java.util.List;

/**
 * The names, addresses and {@code ip} command lines of the campaign's network-namespace layout,
 * all derived from the base port so campaigns with different {@code --base-port} never share a
 * name or a subnet. Pure: it runs nothing ({@link NetnsNetwork} does).
 *
 * <p>Layout for base port P, prefix {@code 10.<P / 256>.<P % 256>} (33000: 10.128.232):
 * <pre>
 *   tdm-P-a                         tdm-P-b
 *   tdmPpa 10.x.y.1/30 ======== tdmPpb 10.x.y.2/30      the peer link: the only thing a PARTITION cuts
 *   tdmPca 10.x.y.6/30              tdmPcb 10.x.y.10/30
 *      |                               |
 *   tdmPra 10.x.y.5/30  (root)      tdmPrb 10.x.y.9/30   the campaign JVM: observer, operator, clients, ZooKeeper
 * </pre>
 * No routes beyond the three /30s and no forwarding: a node reaches its peer only over the peer link.
 */
record NetnsLayout(int basePort) {
    NetnsLayout {
        if (basePort < 1024 || basePort > 65_000) {
            throw new IllegalArgumentException("base port " + basePort + " is not in 1024..65000");
        }
    }

    /** "a" for the campaign's first node, "b" for its second. */
    private static String suffix(String node) {
        if (node.equals(FaultRound.NODES[0])) {
            return "a";
        }
        if (node.equals(FaultRound.NODES[1])) {
            return "b";
        }
        throw new IllegalArgumentException("not a campaign node: " + node);
    }

    private String prefix() {
        return "10." + (basePort >> 8) + "." + (basePort & 0xff) + ".";
    }

    String namespace(String node) {
        return "tdm-" + basePort + "-" + suffix(node);
    }

    /** The throwaway namespace the auto mode's probe creates and deletes. */
    String probeNamespace() {
        return "tdm-" + basePort + "-probe";
    }

    /** The node's end of the peer link (in its namespace); interface names fit IFNAMSIZ (15). */
    String peerDevice(String node) {
        return "tdm" + basePort + "p" + suffix(node);
    }

    /** The node's end of its link to the root namespace (in its namespace). */
    String innerDevice(String node) {
        return "tdm" + basePort + "c" + suffix(node);
    }

    /** The root namespace's end of the node's link. */
    String rootDevice(String node) {
        return "tdm" + basePort + "r" + suffix(node);
    }

    /** The node's address on the peer link: its peer dials the service port here. */
    String peerAddress(String node) {
        return prefix() + (suffix(node).equals("a") ? 1 : 2);
    }

    /** The node's address towards the root namespace: the campaign dials its admin and client ports here. */
    String agentAddress(String node) {
        return prefix() + (suffix(node).equals("a") ? 6 : 10);
    }

    /** The root namespace's address on the node's link: the node reaches the witness ZooKeeper here. */
    String rootAddress(String node) {
        return prefix() + (suffix(node).equals("a") ? 5 : 9);
    }

    /** The prefix a node's agent command line starts with: it runs in the node's namespace (exec keeps the PID). */
    List<String> exec(String node) {
        return List.of("ip", "netns", "exec", namespace(node));
    }

    /** Creates both namespaces and the three veth pairs, addressed and up. */
    List<List<String>> setup() {
        String a = FaultRound.NODES[0];
        String b = FaultRound.NODES[1];
        List<List<String>> c = new ArrayList<>();
        for (String n : FaultRound.NODES) {
            c.add(List.of("ip", "netns", "add", namespace(n)));
            c.add(List.of("ip", "-n", namespace(n), "link", "set", "lo", "up"));
        }
        c.add(List.of("ip", "link", "add", peerDevice(a), "type", "veth", "peer", "name", peerDevice(b)));
        for (String n : FaultRound.NODES) {
            c.add(List.of("ip", "link", "set", peerDevice(n), "netns", namespace(n)));
            c.add(List.of("ip", "-n", namespace(n), "addr", "add", peerAddress(n) + "/30", "dev", peerDevice(n)));
            c.add(List.of("ip", "-n", namespace(n), "link", "set", peerDevice(n), "up"));
        }
        for (String n : FaultRound.NODES) {
            c.add(List.of("ip", "link", "add", rootDevice(n), "type", "veth", "peer", "name", innerDevice(n)));
            c.add(List.of("ip", "link", "set", innerDevice(n), "netns", namespace(n)));
            c.add(List.of("ip", "addr", "add", rootAddress(n) + "/30", "dev", rootDevice(n)));
            c.add(List.of("ip", "link", "set", rootDevice(n), "up"));
            c.add(List.of("ip", "-n", namespace(n), "addr", "add", agentAddress(n) + "/30", "dev", innerDevice(n)));
            c.add(List.of("ip", "-n", namespace(n), "link", "set", innerDevice(n), "up"));
        }
        return c;
    }

    /** The peer link down at both ends (carrier lost both ways); the links to the root namespace stay up. */
    List<List<String>> cut() {
        return peerLink("down");
    }

    List<List<String>> heal() {
        return peerLink("up");
    }

    private List<List<String>> peerLink(String state) {
        return List.of(FaultRound.NODES).stream()
                .map(n -> List.of("ip", "-n", namespace(n), "link", "set", peerDevice(n), state)).toList();
    }

    /**
     * Removes whatever of this layout exists, each step allowed to fail (nothing there): the root
     * ends first (deleting a veth end deletes its peer at once, while a deleted namespace's
     * devices go away later), the peer link from either side or from the root namespace (a run
     * killed half-way through {@link #setup}), then the namespaces. The processes still in a
     * namespace are ended before these run ({@link NetnsNetwork}): a namespace with a process
     * in it outlives {@code ip netns del}.
     */
    List<List<String>> teardown() {
        List<List<String>> c = new ArrayList<>();
        for (String n : FaultRound.NODES) {
            c.add(List.of("ip", "link", "del", rootDevice(n)));
            c.add(List.of("ip", "link", "del", innerDevice(n)));
        }
        for (String n : FaultRound.NODES) {
            c.add(List.of("ip", "-n", namespace(n), "link", "del", peerDevice(n)));
            c.add(List.of("ip", "link", "del", peerDevice(n)));
        }
        for (String n : FaultRound.NODES) {
            c.add(List.of("ip", "netns", "del", namespace(n)));
        }
        return c;
    }

    /** The auto mode's probe: a namespace with a veth pair inside it, deleted again; nothing touches the root namespace. */
    List<List<String>> probe() {
        String ns = probeNamespace();
        return List.of(List.of("ip", "netns", "add", ns),
                List.of("ip", "-n", ns, "link", "add", "tdm" + basePort + "x0", "type", "veth", "peer", "name",
                        "tdm" + basePort + "x1"),
                List.of("ip", "netns", "del", ns));
    }

    /**
     * An agent setting as the node must see it: the witness ZooKeeper runs in the campaign's JVM
     * (root namespace), so a loopback host in {@code witness.zookeeper} becomes the root
     * namespace's address on the node's link. Every other setting is returned as it is.
     */
    String settingFor(String node, String setting) {
        String key = "witness.zookeeper=";
        if (!setting.startsWith(key)) {
            return setting;
        }
        List<String> hosts = new ArrayList<>();
        for (String hp : setting.substring(key.length()).split(",")) {
            int colon = hp.lastIndexOf(':');
            String host = colon < 0 ? hp : hp.substring(0, colon);
            String rest = colon < 0 ? "" : hp.substring(colon);
            boolean loopback = host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]");
            hosts.add((loopback ? rootAddress(node) : host) + rest);
        }
        return key + String.join(",", hosts);
    }
}
