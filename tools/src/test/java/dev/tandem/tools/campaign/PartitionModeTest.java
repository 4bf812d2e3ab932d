package dev.tandem.tools.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The fault campaign's two ways to cut the peer link, as far as they can be checked without
 * root: the mode chosen, the netns layout's names, addresses and {@code ip} command lines, and
 * the agents' command lines in each mode. The namespaces themselves were checked by hand
 * (docs/split-brain.md "The fault campaign").
 */
class PartitionModeTest {
    private static final String A = FaultRound.NODES[0];
    private static final String B = FaultRound.NODES[1];

    @Test
    void autoProbesOnceAndFallsBackToTheRelayWithTheReason() {
        AtomicInteger probes = new AtomicInteger();
        PartitionMode.Choice no = PartitionMode.AUTO.choose(() -> {
            probes.incrementAndGet();
            return Optional.of("ip netns add tdm-33000-probe failed (exit 1): Operation not permitted");
        });
        assertThat(no.mode()).isEqualTo(PartitionMode.RELAY);
        assertThat(no.why()).contains("relay").contains("Operation not permitted");
        PartitionMode.Choice yes = PartitionMode.AUTO.choose(() -> {
            probes.incrementAndGet();
            return Optional.empty();
        });
        assertThat(yes.mode()).isEqualTo(PartitionMode.NETNS);
        assertThat(probes).hasValue(2);
    }

    @Test
    void anExplicitModeIsTakenWithoutProbing() {
        assertThat(PartitionMode.RELAY.choose(() -> {
            throw new AssertionError("probed");
        }).mode()).isEqualTo(PartitionMode.RELAY);
        assertThat(PartitionMode.NETNS.choose(() -> {
            throw new AssertionError("probed");
        }).mode()).isEqualTo(PartitionMode.NETNS);
    }

    @Test
    void namesAndSubnetsComeFromTheBasePortAndDoNotCollide() {
        NetnsLayout l = new NetnsLayout(33000); // 33000 = 128 * 256 + 232
        assertThat(l.namespace(A)).isEqualTo("tdm-33000-a");
        assertThat(l.namespace(B)).isEqualTo("tdm-33000-b");
        assertThat(l.peerAddress(A)).isEqualTo("10.128.232.1");
        assertThat(l.peerAddress(B)).isEqualTo("10.128.232.2");
        assertThat(l.rootAddress(A)).isEqualTo("10.128.232.5");
        assertThat(l.agentAddress(A)).isEqualTo("10.128.232.6");
        assertThat(l.rootAddress(B)).isEqualTo("10.128.232.9");
        assertThat(l.agentAddress(B)).isEqualTo("10.128.232.10");
        Set<String> names = new HashSet<>();
        Set<String> addresses = new HashSet<>();
        for (int port : new int[] {1024, 33000, 33001, 33256, 65000}) {
            NetnsLayout x = new NetnsLayout(port);
            for (String n : FaultRound.NODES) {
                for (String dev : List.of(x.peerDevice(n), x.innerDevice(n), x.rootDevice(n))) {
                    assertThat(dev.length()).as("interface name %s fits IFNAMSIZ", dev).isLessThanOrEqualTo(15);
                    assertThat(names.add(dev)).as("unique %s", dev).isTrue();
                }
                assertThat(names.add(x.namespace(n))).isTrue();
                for (String ip : List.of(x.peerAddress(n), x.agentAddress(n), x.rootAddress(n))) {
                    assertThat(addresses.add(ip)).as("unique %s", ip).isTrue();
                }
            }
        }
    }

    @Test
    void aBasePortOutsideTheCampaignsRangeIsRefused() {
        assertThatThrownBy(() -> new NetnsLayout(80)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NetnsLayout(65_001)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void setupWiresThePeerLinkBetweenTheNamespacesAndEachNamespaceToTheRoot() {
        List<String> setup = new NetnsLayout(33000).setup().stream().map(c -> String.join(" ", c)).toList();
        assertThat(setup).contains(
                "ip netns add tdm-33000-a", "ip netns add tdm-33000-b",
                "ip -n tdm-33000-a link set lo up", "ip -n tdm-33000-b link set lo up",
                "ip link add tdm33000pa type veth peer name tdm33000pb",
                "ip link set tdm33000pa netns tdm-33000-a", "ip link set tdm33000pb netns tdm-33000-b",
                "ip -n tdm-33000-a addr add 10.128.232.1/30 dev tdm33000pa",
                "ip -n tdm-33000-b addr add 10.128.232.2/30 dev tdm33000pb",
                "ip link add tdm33000ra type veth peer name tdm33000ca",
                "ip addr add 10.128.232.5/30 dev tdm33000ra",
                "ip -n tdm-33000-a addr add 10.128.232.6/30 dev tdm33000ca",
                "ip -n tdm-33000-b addr add 10.128.232.10/30 dev tdm33000cb");
        assertThat(setup.indexOf("ip netns add tdm-33000-a"))
                .isLessThan(setup.indexOf("ip link set tdm33000pa netns tdm-33000-a"));
        assertThat(setup).allMatch(c -> !c.contains(" del "), "setup deletes nothing");
    }

    @Test
    void aPartitionSetsOnlyThePeerLinkDownAtBothEnds() {
        NetnsLayout l = new NetnsLayout(33000);
        assertThat(l.cut()).containsExactly(
                List.of("ip", "-n", "tdm-33000-a", "link", "set", "tdm33000pa", "down"),
                List.of("ip", "-n", "tdm-33000-b", "link", "set", "tdm33000pb", "down"));
        assertThat(l.heal()).containsExactly(
                List.of("ip", "-n", "tdm-33000-a", "link", "set", "tdm33000pa", "up"),
                List.of("ip", "-n", "tdm-33000-b", "link", "set", "tdm33000pb", "up"));
    }

    @Test
    void teardownRemovesOnlyThisLayoutsDevicesAndNamespacesRootEndsFirst() {
        NetnsLayout l = new NetnsLayout(33000);
        List<String> down = l.teardown().stream().map(c -> String.join(" ", c)).toList();
        assertThat(down).allMatch(c -> c.contains("tdm33000") || c.contains("tdm-33000-"), "names of this layout");
        assertThat(down.indexOf("ip link del tdm33000ra")).isLessThan(down.indexOf("ip netns del tdm-33000-a"));
        assertThat(down).contains("ip netns del tdm-33000-a", "ip netns del tdm-33000-b",
                "ip -n tdm-33000-a link del tdm33000pa", "ip link del tdm33000rb");
        List<String> probe = l.probe().stream().map(c -> String.join(" ", c)).toList();
        assertThat(probe.get(0)).isEqualTo("ip netns add tdm-33000-probe");
        assertThat(probe.get(probe.size() - 1)).isEqualTo("ip netns del tdm-33000-probe");
        assertThat(probe.get(1)).startsWith("ip -n tdm-33000-probe link add ").contains("type veth");
    }

    @Test
    void theWitnessIsDialledAtTheRootAddressOfEachNodesLink() {
        NetnsLayout l = new NetnsLayout(33000);
        assertThat(l.settingFor(A, "witness.zookeeper=127.0.0.1:43789"))
                .isEqualTo("witness.zookeeper=10.128.232.5:43789");
        assertThat(l.settingFor(B, "witness.zookeeper=localhost:1,zk.example:2"))
                .isEqualTo("witness.zookeeper=10.128.232.9:1,zk.example:2");
        assertThat(l.settingFor(A, "heartbeat.timeout=2s")).isEqualTo("heartbeat.timeout=2s");
    }

    @Test
    void inNetnsModeAnAgentRunsInItsNamespaceAndDialsItsPeerOverThePeerLink() {
        NetnsRound net = new NetnsRound(new NetnsLayout(33000), 33000, 33003);
        AgentProcess a = agent(A, B, 33000, net);
        List<String> cmd = a.command();
        assertThat(cmd.subList(0, 4)).containsExactly("ip", "netns", "exec", "tdm-33000-a");
        assertThat(cmd.get(4)).endsWith("java");
        assertThat(after(cmd, "--peer-address")).isEqualTo("10.128.232.2:33003");
        assertThat(after(cmd, "--bind")).isEqualTo("0.0.0.0");
        assertThat(cmd).contains("witness.zookeeper=10.128.232.5:2181");
        assertThat(a.adminTarget()).isEqualTo("10.128.232.6:33001");
        assertThat(a.clientTarget()).isEqualTo("10.128.232.6:33002");
        AgentProcess b = agent(B, A, 33003, net);
        assertThat(after(b.command(), "--peer-address")).isEqualTo("10.128.232.1:33000");
        assertThat(b.adminTarget()).isEqualTo("10.128.232.10:33004");
    }

    @Test
    void inRelayModeTheCommandLineIsTheLoopbackOneAsBefore() throws Exception {
        try (RelayNetwork net = new RelayNetwork(33000, 33003)) {
            AgentProcess a = agent(A, B, 33000, net);
            List<String> cmd = a.command();
            assertThat(cmd.get(0)).endsWith("java");
            assertThat(after(cmd, "--bind")).isEqualTo("127.0.0.1");
            assertThat(after(cmd, "--peer-address")).startsWith("127.0.0.1:").isNotEqualTo("127.0.0.1:33003");
            assertThat(cmd).contains("witness.zookeeper=127.0.0.1:2181");
            assertThat(a.adminTarget()).isEqualTo("127.0.0.1:33001");
        }
    }

    private static AgentProcess agent(String name, String peer, int port, PairNetwork net) {
        AgentProcess p = new AgentProcess(name, peer, port, port + 1, port + 2, Path.of("/tmp/x", name),
                new ArrayList<>(List.of("heartbeat.timeout=2s", "witness.zookeeper=127.0.0.1:2181")));
        p.network(net);
        return p;
    }

    private static String after(List<String> cmd, String option) {
        return cmd.get(cmd.indexOf(option) + 1);
    }
}
