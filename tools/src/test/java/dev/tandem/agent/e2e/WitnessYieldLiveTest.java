package dev.tandem.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.presence.testkit.Await;
import dev.tandem.agent.service.Agent;
import dev.tandem.agent.service.AgentConfig;
import dev.tandem.agent.witness.WitnessLease;
import dev.tandem.proto.admin.v1.AddUsersRequest;
import dev.tandem.proto.admin.v1.AdminServiceGrpc.AdminServiceBlockingStub;
import dev.tandem.proto.admin.v1.GetGroupStatusRequest;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.NodeActionRequest;
import dev.tandem.proto.admin.v1.NodeReport;
import dev.tandem.proto.ha.v1.NodeState;
import dev.tandem.tools.campaign.LinkProxy;
import io.grpc.ManagedChannel;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 with the witness (BENCHMARKS, witness seed 12): node-b is cut from both its peer and
 * the witness for longer than the lease timeout, so node-a takes node-b's lease and its users.
 * node-b reaches the witness again first (its lease is node-a's now), then the peer link heals.
 * Before: node-b, Normal, met node-a serving its users and both went Running in Failed Mode (M21,
 * a manual recovery). Now node-b yields (initializes against node-a and ends failed over) and a
 * fallback returns the pair to M1. Real agents, a real ZooKeeper in-process (curator-test),
 * node-b's ZooKeeper connection and the peer link through the campaign's cuttable relays.
 */
class WitnessYieldLiveTest {
    private static final int USERS = 20;
    private static final long LEASE_MS = 4000;
    private static final Duration BOUND = Duration.ofSeconds(40);

    @TempDir
    Path dir;
    private TestingServer zk;
    private final Map<String, Agent> agents = new HashMap<>();
    private final List<AutoCloseable> closing = new ArrayList<>();
    private final Map<String, AdminServiceBlockingStub> stubs = new HashMap<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        agents.values().forEach(Agent::kill);
        zk.close();
    }

    private Agent start(String node, String peer, String zookeeper) throws Exception {
        AgentConfig.Builder b = AgentConfig.builder().set("node.name", node).set("peer.name", peer)
                .set("bind.address", "127.0.0.1").set("service.port", 0).set("admin.port", 0).set("client.port", 0)
                .set("group.nodes", "node-a,node-b").set("data.dir", dir.resolve(node)).set("insecure", "true")
                // tolerant timers: a false peer loss under load is not what this test is about
                .set("heartbeat.interval", "200ms").set("heartbeat.timeout", "1500ms")
                .set("heartbeat.init-timeout", "20s").set("service.poll", "50ms")
                .set("witness.zookeeper", zookeeper).set("witness.lease-timeout", LEASE_MS + "ms");
        Agent a = new Agent(b.build()).start();
        agents.put(node, a);
        return a;
    }

    private LinkProxy proxy(String hostPort) throws Exception {
        String[] hp = hostPort.split(":");
        LinkProxy p = new LinkProxy(new InetSocketAddress(hp[0], Integer.parseInt(hp[1])));
        closing.add(p);
        return p;
    }

    @Test
    void aNodeWhosePeerTookItsLeaseYieldsWhenTheLinkHealsInsteadOfM21() throws Exception {
        zk = new TestingServer(true);
        LinkProxy zkOfB = proxy(zk.getConnectString());
        Agent a = start("node-a", "node-b", zk.getConnectString());
        Agent b = start("node-b", "node-a", zkOfB.address());
        LinkProxy toA = proxy(a.serviceTarget());
        LinkProxy toB = proxy(b.serviceTarget());
        a.connectPeer(toB.address());
        b.connectPeer(toA.address());
        WitnessLease observer = new WitnessLease(zk.getConnectString(), "prg1", "observer", Duration.ofMillis(LEASE_MS)).start();
        closing.add(0, observer);
        assertThat(observer.awaitConnected(BOUND)).isTrue();
        await("both Normal", () -> state("node-a") == NodeState.NORMAL && state("node-b") == NodeState.NORMAL
                && Fixtures.node(status("node-a"), "node-b").getStatus().getState() == NodeState.NORMAL);
        admin("node-a").addUsers(AddUsersRequest.newBuilder()
                .addAllUsers(IntStream.range(0, USERS).mapToObj(i -> "user" + i).toList()).setActor("test").build());
        await("every user served once, both own leases held", () -> served("node-a") + served("node-b") == USERS
                && own("node-a").getHomeUsers() + own("node-b").getHomeUsers() == USERS
                && observer.holder("node-a").equals("node-a") && observer.holder("node-b").equals("node-b"));
        int homeA = own("node-a").getHomeUsers();

        // node-b cut from its peer and from the witness, past the lease timeout
        toA.cut();
        toB.cut();
        zkOfB.cut();
        await("node-a took node-b's lease and its users", () -> state("node-a") == NodeState.RUNNING_IN_BACKUP_MODE
                && served("node-a") == USERS && observer.holder("node-b").equals("node-a"));
        await("node-b, without lease or peer, serves nobody", () -> served("node-b") == 0);

        zkOfB.heal(); // node-b reaches the witness again: its lease is node-a's
        await("node-b hears that node-a holds its lease", b::witnessSaysPeerHoldsOwnLease);
        assertThat(state("node-b")).isEqualTo(NodeState.NORMAL);

        Set<String> seen = new LinkedHashSet<>();
        toA.heal();
        toB.heal();
        await("node-b yielded to node-a", () -> {
            seen.add("node-a " + state("node-a"));
            seen.add("node-b " + state("node-b"));
            return (state("node-b") == NodeState.FAILED_OVER
                    || state("node-b") == NodeState.FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING)
                    && state("node-a") == NodeState.RUNNING_IN_BACKUP_MODE
                    && Fixtures.node(status("node-a"), "node-b").getStatus().getReachable();
        });
        assertThat(seen).as("states seen after the heal").noneMatch(s -> s.endsWith("RUNNING_IN_FAILED_MODE"));
        assertThat(served("node-a")).isEqualTo(USERS);
        assertThat(served("node-b")).isZero();

        admin("node-a").fallback(NodeActionRequest.newBuilder().setNode("node-b").setActor("test").build());
        await("M1 after the fallback", () -> state("node-a") == NodeState.NORMAL && state("node-b") == NodeState.NORMAL
                && served("node-a") == homeA && served("node-a") + served("node-b") == USERS
                && observer.holder("node-b").equals("node-b"));
    }

    // ------------------------------------------------------------------ helpers

    private AdminServiceBlockingStub admin(String node) {
        ManagedChannel ch = Fixtures.channel(agents.get(node).adminTarget());
        closing.add(ch::shutdownNow);
        return Fixtures.admin(ch).withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private GroupStatus status(String node) {
        return stubs.computeIfAbsent(node, n -> {
            ManagedChannel ch = Fixtures.channel(agents.get(n).adminTarget());
            closing.add(ch::shutdownNow);
            return Fixtures.admin(ch);
        }).withDeadlineAfter(5, TimeUnit.SECONDS).getGroupStatus(GetGroupStatusRequest.getDefaultInstance());
    }

    private NodeReport own(String node) {
        return Fixtures.node(status(node), node);
    }

    private NodeState state(String node) {
        return own(node).getStatus().getState();
    }

    private int served(String node) {
        return own(node).getServedUsers();
    }

    private void await(String what, BooleanSupplier ok) {
        try {
            Await.until(ok::getAsBoolean, Boolean::booleanValue, BOUND);
        } catch (AssertionError e) {
            throw new AssertionError("not within " + BOUND + ": " + what + "; node-a: " + safe("node-a")
                    + "; node-b: " + safe("node-b"), e);
        }
    }

    private String safe(String node) {
        try {
            NodeReport r = own(node);
            return r.getStatus().getState() + " serving " + r.getServedUsers() + " (" + r.getStatus().getSentence() + ")";
        } catch (RuntimeException e) {
            return e.toString();
        }
    }
}
