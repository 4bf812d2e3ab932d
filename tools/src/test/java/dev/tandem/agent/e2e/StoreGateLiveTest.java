package dev.tandem.agent.e2e;

import static dev.tandem.agent.e2e.Fixtures.SOON;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.presence.users.UserRecord;
import dev.tandem.proto.admin.v1.ActionReply;
import dev.tandem.proto.admin.v1.AdminServiceGrpc.AdminServiceBlockingStub;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.NodeActionRequest;
import dev.tandem.proto.ha.v1.NodeState;
import dev.tandem.proto.ha.v1.Reason;
import dev.tandem.tools.campaign.LinkProxy;
import dev.tandem.tools.demo.EmbeddedPair;
import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store gate with real agents (issue 11). node-b's database is deleted while node-a serves
 * every user; node-b starts again and reaches node-a only through a relay that is cut, so node-a's
 * heartbeats (and their store digest) and replication arrive but node-b's FetchStore cannot: its
 * store is empty, or holds only the queued move of its own users. node-a is killed
 * before the resync could finish. Before the gate node-b initialized alone and took every user over
 * from that store (serving none of node-a's users). Now it stays Failed Over with the reason
 * Store Resync Pending (row X8) and serves nobody; when node-a comes back node-b takes its store,
 * and a fallback ends in M1 with every user in both stores.
 */
class StoreGateLiveTest {
    private static final int USERS = 1500;
    private static final Set<NodeState> TAKEOVER = EnumSet.of(NodeState.TAKING_OVER, NodeState.RUNNING_IN_BACKUP_MODE,
            NodeState.BACKUP_ACTIVATED);

    /**
     * TOLERANT, with an initialization timeout a loaded machine does not trip while the pair first
     * starts (node-a alone for seconds would take every user, M18, and the test would never see M1).
     */
    private static final java.util.Map<String, String> TIMERS = timers();

    @TempDir
    Path dir;

    private static java.util.Map<String, String> timers() {
        java.util.Map<String, String> m = new java.util.HashMap<>(MaintenanceModeLiveTest.TOLERANT);
        m.put("heartbeat.init-timeout", "15000ms");
        return m;
    }

    @Test
    void aNodeWhoseStoreIsBehindTakesNothingOverWhenItsPeerDiesBeforeTheResyncAndConvergesWhenItReturns()
            throws Exception {
        try (EmbeddedPair pair = EmbeddedPair.start(dir, "node-a", "node-b", TIMERS);
             GroupWatch wa = new GroupWatch(pair.first().adminTarget());
             LinkProxy toA = new LinkProxy(Fixtures.address(pair.first().serviceTarget()))) {
            ManagedChannel ch = Fixtures.channel(pair.first().adminTarget());
            AdminServiceBlockingStub adminA = Fixtures.admin(ch);
            LivePresence.awaitM1AndAddUsers(pair, wa, adminA, USERS);
            List<String> before = sorted(pair.first());

            pair.stop("node-b"); // orderly: node-a takes node-b's users over (M17)
            wa.awaitRow("M17", SOON);
            for (String f : List.of("tandem-agent.db", "tandem-agent.db-wal", "tandem-agent.db-shm")) {
                Files.deleteIfExists(dir.resolve("node-b").resolve(f));
            }
            // node-b reaches node-a only through the relay, cut: node-a's heartbeats arrive, FetchStore cannot
            toA.cut();
            pair.configure("node-b", "peer.address", toA.address());
            pair.restart("node-b");
            Set<NodeState> seenB = ConcurrentHashMap.newKeySet();
            try (GroupWatch wb = new GroupWatch(pair.second().adminTarget())) {
                wb.await("node-b sees node-a's store and starts its resync", SOON, s -> {
                    seenB.add(Fixtures.node(s, "node-b").getStatus().getState());
                    return !Fixtures.node(s, "node-b").getReplication().getStoreSync().isEmpty();
                });
                // node-a's replication queue (its takeover of node-b's users) may have arrived: still not every user
                assertThat(pair.second().presence().users().size()).as("node-b's store is incomplete").isLessThan(USERS);

                pair.kill("node-a"); // before node-b could take its store
                GroupStatus held = wb.await("node-b held, Failed Over / Store Resync Pending", Duration.ofSeconds(45),
                        s -> {
                            seenB.add(Fixtures.node(s, "node-b").getStatus().getState());
                            return Fixtures.node(s, "node-b").getStatus().getState() == NodeState.FAILED_OVER
                                    && Fixtures.node(s, "node-b").getStatus().getReason() == Reason.STORE_RESYNC_PENDING
                                    && !Fixtures.node(s, "node-a").getStatus().getReachable();
                        });
                assertThat(GroupWatch.row(held)).isEqualTo("X8");
                assertThat(held.getMatrix().getRow().getRecommendedActionsList()).isNotEmpty();
                assertThat(Fixtures.node(held, "node-b").getStatus().getSentence()).contains("behind its peer's");
                assertThat(Fixtures.node(held, "node-b").getServedUsers()).as("node-b serves nobody").isZero();
                assertThat(seenB).as("node-b's states").doesNotContainAnyElementsOf(TAKEOVER);
                assertThat(wb.rows()).as("rows node-b reported").doesNotContain("M16", "M17", "M18", "X3");
                assertThat(pair.second().presence().users().size()).isLessThan(USERS);
                assertThat(pair.second().presence().storeResyncs()).isZero();

                // node-a returns and the link heals: node-b takes node-a's store, then a fallback ends in M1
                toA.heal();
                pair.restart("node-a");
                // which node then serves everyone depends on who settled first (node-a, restarted, against
                // node-b's hold; node-b, its store whole, against node-a): either way one is Failed Over
                // beside the other in backup mode, with a fallback offered (a loaded machine showed both)
                GroupStatus settled = wb.await("node-b took node-a's store and the pair settled", Duration.ofSeconds(30),
                        s -> pair.second().presence().users().size() == USERS
                                && Fixtures.node(s, "node-b").getStatus().getReason() != Reason.STORE_RESYNC_PENDING
                                && Fixtures.node(s, "node-b").getReplication().getStoreSync().isEmpty()
                                && s.getOfferedActionsList().stream().anyMatch(o -> o.getAction().name().equals("FALLBACK")));
                assertThat(pair.second().presence().storeResyncs()).isEqualTo(1);
                assertThat(settled.getNodesList()).extracting(n -> n.getStatus().getState())
                        .containsExactlyInAnyOrder(NodeState.FAILED_OVER, NodeState.RUNNING_IN_BACKUP_MODE);
                String back = settled.getOfferedActionsList().stream().filter(o -> o.getAction().name().equals("FALLBACK"))
                        .map(o -> o.getNode()).findFirst().orElseThrow();
                ManagedChannel chA = Fixtures.channel(pair.first().adminTarget());
                ActionReply fallback = Fixtures.admin(chA).fallback(
                        NodeActionRequest.newBuilder().setNode(back).setActor("test").build());
                assertThat(fallback.getAccepted()).as("fallback: %s", fallback.getMessage()).isTrue();
                GroupStatus m1 = wb.awaitRow("M1", Duration.ofSeconds(20));
                assertThat(Fixtures.node(m1, "node-a").getServedUsers() + Fixtures.node(m1, "node-b").getServedUsers())
                        .as("every user served once").isEqualTo(USERS);
                wb.await("both stores agree", SOON, s -> Fixtures.node(s, "node-a").getReplication().getStoreSync().isEmpty()
                        && Fixtures.node(s, "node-b").getReplication().getStoreSync().isEmpty()
                        && Fixtures.node(s, "node-a").getReplication().getReplicationQueue() == 0
                        && Fixtures.node(s, "node-b").getReplication().getReplicationQueue() == 0);
                assertThat(sorted(pair.second())).as("nothing lost: node-b's users").isEqualTo(sorted(pair.first()))
                        .isEqualTo(before);
                chA.shutdownNow();
            }
            ch.shutdownNow();
        }
    }

    private static List<String> sorted(dev.tandem.agent.service.Agent a) {
        return a.presence().users().all().stream().sorted(Comparator.comparing(UserRecord::userId))
                .map(UserRecord::userId).toList();
    }
}
