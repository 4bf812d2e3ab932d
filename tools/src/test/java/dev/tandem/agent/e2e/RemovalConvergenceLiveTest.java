package dev.tandem.agent.e2e;

import static dev.tandem.agent.e2e.Fixtures.SOON;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.presence.users.UserRecord;
import dev.tandem.proto.admin.v1.AdminServiceGrpc.AdminServiceBlockingStub;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.NodeActionRequest;
import dev.tandem.proto.admin.v1.RemoveUsersRequest;
import dev.tandem.tools.campaign.LinkProxy;
import dev.tandem.tools.demo.EmbeddedPair;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A removal the peer never received (issue 11, convergence), with real agents. node-a reaches
 * node-b through a relay; the relay is cut, node-a removes a user (both nodes still Normal as
 * node-a sees them) and is killed with the removal still queued: node-b never hears of it, and
 * takes node-a's users over. node-a comes back without the user, node-b with it.
 *
 * <p>Before, a removal carried no version: node-b's store (its takeover's versions, more users)
 * won the comparison, node-a took it and the removed user came back on both nodes. Now the
 * removal is versioned and kept as a tombstone: whichever store wins, the user stays removed on
 * both (node-a keeps its newer removal and sends it back), and the pair returns to M1.
 */
class RemovalConvergenceLiveTest {
    private static final int USERS = 200;

    @TempDir
    Path dir;

    @Test
    void aRemovalThePeerMissedIsNotUndoneWhenTheStoresConverge() throws Exception {
        try (EmbeddedPair pair = EmbeddedPair.start(dir, "node-a", "node-b", MaintenanceModeLiveTest.TOLERANT);
             LinkProxy toB = new LinkProxy(Fixtures.address(pair.second().serviceTarget()))) {
            GroupWatch wa = new GroupWatch(pair.first().adminTarget());
            ManagedChannel ch = Fixtures.channel(pair.first().adminTarget());
            AdminServiceBlockingStub adminA = Fixtures.admin(ch);
            LivePresence.awaitM1AndAddUsers(pair, wa, adminA, USERS);

            // a user node-b's takeover will not write (it is node-b's own): nothing but the removal decides its fate
            String removed = pair.first().presence().users().all().stream().filter(u -> u.isHomedOn("node-b"))
                    .map(UserRecord::userId).sorted().findFirst().orElseThrow();

            // node-a reaches node-b through the relay from now on; cut it: node-b's heartbeats still reach node-a
            pair.first().connectPeer(toB.address());
            toB.cut();
            adminA.removeUsers(RemoveUsersRequest.newBuilder().setActor("test").addUsers(removed).build());
            assertThat(pair.first().presence().users().find(removed)).as("removed on node-a").isEmpty();
            assertThat(pair.first().presence().figures().replicationQueue()).as("the removal is queued").isPositive();
            // nothing of the test dials node-a while it is down (see the restart below)
            wa.close();
            ch.shutdownNow();
            pair.kill("node-a"); // its queue, with the removal, is lost
            assertThat(pair.second().presence().users().find(removed)).as("node-b never heard of it").isPresent();
            toB.heal();

            Set<String> seenWithUser = ConcurrentHashMap.newKeySet();
            try (GroupWatch wb = new GroupWatch(pair.second().adminTarget())) {
                wb.awaitRow("M16", Duration.ofSeconds(20)); // node-b serves every user, node-a's too
                // on new ports: node-b redials node-a's service port every 100 ms while it is down, and one
                // such dial took the port on a loaded machine (the restart could not bind it)
                for (String port : List.of("service.port", "admin.port", "client.port")) {
                    pair.configure("node-a", port, "0");
                }
                pair.restart("node-a"); // its peer address is node-b's own again
                pair.second().connectPeer(pair.first().serviceTarget());
                assertThat(pair.first().presence().users().find(removed)).as("node-a restarts without the user").isEmpty();

                GroupStatus agreed = wb.await("the stores agree", Duration.ofSeconds(30), s -> {
                    if (pair.first().presence().users().find(removed).isPresent()) {
                        seenWithUser.add("node-a");
                    }
                    return Fixtures.node(s, "node-a").getReplication().getStoreSync().isEmpty()
                            && Fixtures.node(s, "node-b").getReplication().getStoreSync().isEmpty()
                            && Fixtures.node(s, "node-a").getReplication().getReplicationQueue() == 0
                            && Fixtures.node(s, "node-b").getReplication().getReplicationQueue() == 0
                            && sorted(pair.first()).equals(sorted(pair.second()));
                });
                assertThat(pair.first().presence().users().find(removed)).as("node-a").isEmpty();
                assertThat(pair.second().presence().users().find(removed)).as("node-b").isEmpty();
                assertThat(seenWithUser).as("nodes where the removed user came back").isEmpty();
                assertThat(pair.second().presence().users().size()).isEqualTo(USERS - 1);
                assertThat(pair.first().presence().storeResyncs() + pair.second().presence().storeResyncs())
                        .as("one resync, then replication").isEqualTo(1);
                assertThat(pair.first().presence().users().tombstones()).containsKey(removed);
                assertThat(pair.second().presence().users().tombstones()).containsKey(removed);

                // node-a came back as a node whose users node-b serves: a fallback ends in M1, every user served once
                wb.await("a fallback offered to node-a", SOON, s -> s.getOfferedActionsList().stream()
                        .anyMatch(o -> o.getNode().equals("node-a") && o.getAction().name().equals("FALLBACK")));
                ManagedChannel chB = Fixtures.channel(pair.second().adminTarget());
                Fixtures.admin(chB).fallback(NodeActionRequest.newBuilder().setNode("node-a").setActor("test").build());
                GroupStatus m1 = wb.awaitRow("M1", Duration.ofSeconds(20));
                assertThat(Fixtures.node(m1, "node-a").getServedUsers() + Fixtures.node(m1, "node-b").getServedUsers())
                        .as("every user served once").isEqualTo(USERS - 1);
                assertThat(GroupWatch.row(agreed)).isNotEqualTo("M1");
                chB.shutdownNow();
            }
        }
    }

    private static List<String> sorted(dev.tandem.agent.service.Agent a) {
        return a.presence().users().all().stream().sorted(Comparator.comparing(UserRecord::userId))
                .map(u -> u.userId() + " " + u.homeNode() + " " + u.servingNode()).toList();
    }
}
