package dev.tandem.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.presence.testkit.Await;
import dev.tandem.agent.service.Agent;
import dev.tandem.agent.witness.WitnessLease;
import dev.tandem.proto.admin.v1.AddUsersRequest;
import dev.tandem.proto.admin.v1.AdminServiceGrpc.AdminServiceBlockingStub;
import dev.tandem.proto.admin.v1.GetGroupStatusRequest;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.NodeReport;
import dev.tandem.proto.ha.v1.NodeState;
import dev.tandem.tools.campaign.LinkProxy;
import dev.tandem.tools.demo.EmbeddedPair;
import io.grpc.ManagedChannel;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 with two real agents and a real ZooKeeper (curator-test, in-process) as witness
 * ({@code witness.zookeeper}): a cut peer link lets neither node take the other's users, and a
 * node that loses the witness lets go of its peer's users at once.
 */
class WitnessLiveTest {
    private static final int USERS = 20;
    private static final long LEASE_MS = 4000;
    private static final Duration BOUND = Duration.ofSeconds(40);

    @TempDir
    Path dir;
    TestingServer zk;
    EmbeddedPair pair;
    final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void startWitnessAndPair() throws Exception {
        zk = new TestingServer(true);
        Map<String, String> cfg = new HashMap<>(Map.of(
                // tolerant timers: a false peer loss under load is not what this test is about
                "heartbeat.interval", "200ms", "heartbeat.timeout", "1500ms", "heartbeat.init-timeout", "20s",
                "service.poll", "50ms", "service.down-delay", "300ms",
                "witness.zookeeper", zk.getConnectString(), "witness.lease-timeout", LEASE_MS + "ms"));
        pair = EmbeddedPair.start(dir, "node-a", "node-b", cfg);
        await("both Normal, each holding its own users' lease, every user served", () -> {
            NodeReport a = own("node-a");
            NodeReport b = own("node-b");
            // and node-a has heard node-b Normal: it refuses an add until then
            return a.getStatus().getState() == NodeState.NORMAL && b.getStatus().getState() == NodeState.NORMAL
                    && Fixtures.node(status("node-a"), "node-b").getStatus().getState() == NodeState.NORMAL;
        });
        admin("node-a").withDeadlineAfter(10, TimeUnit.SECONDS).addUsers(AddUsersRequest.newBuilder()
                .addAllUsers(IntStream.range(0, USERS).mapToObj(i -> "user" + i).toList()).setActor("test").build());
        WitnessLease observer = observer();
        await("every user served once and both own leases held", () ->
                own("node-a").getHomeUsers() + own("node-b").getHomeUsers() == USERS
                        && served("node-a") + served("node-b") == USERS
                        && observer.holder("node-a").equals("node-a") && observer.holder("node-b").equals("node-b"));
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        if (pair != null) {
            pair.close();
        }
        zk.close();
    }

    @Test
    void aCutPeerLinkLetsNeitherNodeTakeTheOthersUsers() throws Exception {
        Agent a = pair.agent("node-a");
        Agent b = pair.agent("node-b");
        LinkProxy toA = proxy(a.serviceTarget());
        LinkProxy toB = proxy(b.serviceTarget());
        a.connectPeer(toB.address());
        b.connectPeer(toA.address());
        await("M1 through the relays", () -> own("node-a").getStatus().getState() == NodeState.NORMAL
                && own("node-b").getStatus().getState() == NodeState.NORMAL);
        int homeA = own("node-a").getHomeUsers();
        int homeB = own("node-b").getHomeUsers();

        toA.cut();
        toB.cut();
        // watch from outside for longer than the heartbeat timeout plus twice the lease timeout
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500 + 2 * LEASE_MS);
        List<String> doubled = new ArrayList<>();
        boolean bothLost = false;
        while (System.nanoTime() < end) {
            GroupStatus sa = status("node-a");
            GroupStatus sb = status("node-b");
            int servedA = Fixtures.node(sa, "node-a").getServedUsers();
            int servedB = Fixtures.node(sb, "node-b").getServedUsers();
            if (servedA + servedB > USERS) {
                doubled.add("node-a " + servedA + " + node-b " + servedB);
            }
            bothLost |= !sa.getHeartbeat().getPeerSeen() || !Fixtures.node(sa, "node-b").getStatus().getReachable();
        }
        assertThat(doubled).as("samples where the two nodes served more users than exist").isEmpty();
        assertThat(bothLost).as("node-a saw its peer unreachable").isTrue();
        assertThat(own("node-a").getStatus().getState()).isEqualTo(NodeState.NORMAL);
        assertThat(own("node-b").getStatus().getState()).isEqualTo(NodeState.NORMAL);
        assertThat(served("node-a")).isEqualTo(homeA);
        assertThat(served("node-b")).isEqualTo(homeB);

        toA.heal();
        toB.heal();
        await("M1 again after the heal", () -> own("node-a").getStatus().getState() == NodeState.NORMAL
                && Fixtures.node(status("node-a"), "node-b").getStatus().getReachable()
                && served("node-a") + served("node-b") == USERS);
    }

    @Test
    void aNodeThatLosesTheLeaseLetsGoOfItsPeersUsersAtOnce() throws Exception {
        int homeB = own("node-b").getHomeUsers();
        WitnessLease observer = observer();

        pair.kill("node-a"); // its witness session is left to expire, as a killed process's would
        await("node-b took node-a's users with their lease", () ->
                own("node-b").getStatus().getState() == NodeState.RUNNING_IN_BACKUP_MODE && served("node-b") == USERS
                        && observer.holder("node-a").equals("node-b"));

        long t0 = System.nanoTime();
        zk.stop(); // node-b can no longer confirm its session: every lease counts as lost
        await("node-b let go of node-a's users", () -> served("node-b") <= homeB
                && own("node-b").getStatus().getState() == NodeState.RUNNING_IN_FAILED_MODE);
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        // before the server could expire its session and hand the lease to anyone else
        assertThat(tookMs).as("ms from losing the witness to letting go").isLessThan(LEASE_MS);
        // cut off from its peer and the witness, it serves nobody: the peer may hold its lease
        assertThat(served("node-b")).isZero();
    }

    // ------------------------------------------------------------------ helpers

    private LinkProxy proxy(String target) throws Exception {
        String[] hp = target.split(":");
        LinkProxy p = new LinkProxy(new InetSocketAddress(hp[0], Integer.parseInt(hp[1])));
        closing.add(p);
        return p;
    }

    private WitnessLease observer() throws InterruptedException {
        WitnessLease o = new WitnessLease(zk.getConnectString(), "prg1", "observer", Duration.ofMillis(LEASE_MS)).start();
        closing.add(0, o);
        assertThat(o.awaitConnected(BOUND)).isTrue();
        return o;
    }

    private AdminServiceBlockingStub admin(String node) {
        ManagedChannel ch = Fixtures.channel(pair.agent(node).adminTarget());
        closing.add(ch::shutdownNow);
        return Fixtures.admin(ch).withDeadlineAfter(5, TimeUnit.SECONDS);
    }

    private final Map<String, AdminServiceBlockingStub> stubs = new HashMap<>();

    private GroupStatus status(String node) {
        return stubs.computeIfAbsent(node, n -> {
            ManagedChannel ch = Fixtures.channel(pair.agent(n).adminTarget());
            closing.add(ch::shutdownNow);
            return Fixtures.admin(ch);
        }).withDeadlineAfter(5, TimeUnit.SECONDS).getGroupStatus(GetGroupStatusRequest.getDefaultInstance());
    }

    /** The node's report of itself (its own view is current; its view of the peer may be stale). */
    private NodeReport own(String node) {
        return Fixtures.node(status(node), node);
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
            return "unreachable (" + e.getMessage() + ")";
        }
    }
}
