package dev.tandem.agent.witness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.agent.presence.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The witness lease against a real ZooKeeper running in-process (curator-test). */
class WitnessLeaseTest {
    private static final Duration SESSION = Duration.ofSeconds(4);
    private static final Duration BOUND = Duration.ofSeconds(20);

    private TestingServer zk;
    private final List<WitnessLease> leases = new ArrayList<>();

    @BeforeEach
    void startZooKeeper() throws Exception {
        zk = new TestingServer(true);
    }

    @AfterEach
    void stop() throws Exception {
        leases.forEach(WitnessLease::close);
        zk.close();
    }

    private WitnessLease lease(String node) throws InterruptedException {
        WitnessLease l = new WitnessLease(zk.getConnectString(), "g1", node, SESSION).start();
        leases.add(l);
        assertThat(l.awaitConnected(BOUND)).isTrue();
        return l;
    }

    /**
     * The race behind a once-failing first tryAcquire: Curator reports "connected" before its
     * CONNECTED event has reached the lease on Curator's event thread. awaitConnected must
     * wait for the lease's own view, or a lease taken right after it is refused.
     */
    @Test
    void awaitConnectedWaitsUntilTheLeaseHasSeenTheConnection() throws Exception {
        List<Runnable> heldBack = new java.util.concurrent.CopyOnWriteArrayList<>();
        WitnessLease a = new WitnessLease(zk.getConnectString(), "g1", "node-a", SESSION, heldBack::add).start();
        leases.add(a);
        Await.until(() -> heldBack.size(), n -> n > 0, BOUND); // Curator is connected; the lease not told yet

        assertThat(a.awaitConnected(Duration.ofMillis(200))).isFalse();
        assertThat(a.tryAcquire("node-a")).isFalse();

        heldBack.forEach(Runnable::run);
        assertThat(a.awaitConnected(BOUND)).isTrue();
        assertThat(a.tryAcquire("node-a")).isTrue();
    }

    @Test
    void onlyOneNodeHoldsTheLeaseOfAHomeNode() throws Exception {
        WitnessLease a = lease("node-a");
        WitnessLease b = lease("node-b");

        assertThat(a.tryAcquire("node-a")).isTrue();
        assertThat(a.tryAcquire("node-a")).as("taking it again is idempotent").isTrue();
        assertThat(b.tryAcquire("node-a")).isFalse();
        assertThat(b.holds("node-a")).isFalse();
        assertThat(b.holder("node-a")).isEqualTo("node-a");
        assertThat(b.tryAcquire("node-b")).isTrue();
        assertThat(a.held()).containsExactly("node-a");
        assertThat(b.held()).containsExactly("node-b");
    }

    @Test
    void aReleasedLeaseCanBeTakenByThePeer() throws Exception {
        WitnessLease a = lease("node-a");
        WitnessLease b = lease("node-b");
        assertThat(a.tryAcquire("node-a")).isTrue();

        a.release("node-a");

        assertThat(a.holds("node-a")).isFalse();
        assertThat(b.tryAcquire("node-a")).isTrue();
        assertThat(a.tryAcquire("node-a")).isFalse();
    }

    @Test
    void whenTheHoldersSessionExpiresThePeerTakesTheLeaseAndTheHolderIsTold() throws Exception {
        WitnessLease a = lease("node-a");
        WitnessLease b = lease("node-b");
        List<Set<String>> seenByA = new java.util.concurrent.CopyOnWriteArrayList<>();
        a.addListener((held, connected) -> seenByA.add(held));
        assertThat(a.tryAcquire("node-a")).isTrue();

        // a dead or cut-off holder: the server ends its session, its ephemeral znode goes
        a.expireSessionForTests();

        Await.until(() -> b.tryAcquire("node-a"), ok -> ok, BOUND);
        // the injected expiry reaches the holder as events on Curator's threads, in no fixed order
        // with the server dropping the znode (seen: SUSPENDED 1.7 s after the peer could take it).
        // A real expiry comes the other way round: the holder's client is SUSPENDED after 2/3 of
        // the session timeout without an answer, the server expires the session at 3/3.
        Await.until(() -> a.holds("node-a"), held -> !held, BOUND);
        assertThat(seenByA).contains(Set.of());
    }

    @Test
    void losingTheWitnessCountsAsLosingTheLeaseAtOnceAndAReconnectInTimeKeepsIt() throws Exception {
        WitnessLease a = lease("node-a");
        assertThat(a.tryAcquire("node-a")).isTrue();

        zk.stop(); // SUSPENDED: the holder cannot confirm its session

        Await.until(() -> a.holds("node-a"), held -> !held, BOUND);
        assertThat(a.held()).isEmpty();
        assertThat(a.tryAcquire("node-b")).as("nothing can be taken without the witness").isFalse();

        zk.restart(); // back within the session timeout: the znode still belongs to this session
        Await.until(() -> a.holds("node-a"), held -> held, BOUND);
    }

    @Test
    void badArgumentsAreRefusedClearly() {
        assertThatThrownBy(() -> new WitnessLease("", "g1", "node-a", SESSION))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("witness.zookeeper");
        assertThatThrownBy(() -> new WitnessLease("127.0.0.1:1", "g/1", "node-a", SESSION))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'/'");
        assertThatThrownBy(() -> new WitnessLease("127.0.0.1:1", "g1", "node-a", Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1 s");
    }
}
