package dev.tandem.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.presence.users.UserRecord;
import dev.tandem.proto.admin.v1.AdminServiceGrpc.AdminServiceBlockingStub;
import dev.tandem.tools.campaign.LinkProxy;
import dev.tandem.tools.demo.EmbeddedPair;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A roster entry and a secret the peer never received (issue 11, convergence), with real agents:
 * node-a sets them with its peer link cut and is killed with both still queued; node-b takes its
 * users over; node-a comes back with them, node-b without. Before the store digest carried the
 * rosters and secrets the two stores then compared equal and stayed different for good (a user's
 * roster depended on the node serving it). Now the difference is seen, one resync follows, and
 * both nodes end with the same roster and secrets.
 */
class RosterConvergenceLiveTest {
    private static final int USERS = 100;

    @TempDir
    Path dir;

    @Test
    void aRosterEntryAndASecretLostWithTheQueueLeaveNoDifferenceBehind() throws Exception {
        try (EmbeddedPair pair = EmbeddedPair.start(dir, "node-a", "node-b", MaintenanceModeLiveTest.TOLERANT);
             LinkProxy toB = new LinkProxy(Fixtures.address(pair.second().serviceTarget()))) {
            GroupWatch wa = new GroupWatch(pair.first().adminTarget());
            ManagedChannel ch = Fixtures.channel(pair.first().adminTarget());
            AdminServiceBlockingStub adminA = Fixtures.admin(ch);
            LivePresence.awaitM1AndAddUsers(pair, wa, adminA, USERS);
            List<String> ids = pair.first().presence().users().all().stream().map(UserRecord::userId).sorted().toList();
            String watcher = ids.get(0);
            String target = ids.get(1);

            pair.first().connectPeer(toB.address());
            toB.cut();
            pair.first().presence().users().setRoster(watcher, target, true);
            pair.first().presence().users().setSecretHash(target,
                    new dev.tandem.agent.security.secrets.SecretHasher(1000).hash("the-lost-secret"));
            assertThat(pair.first().presence().figures().replicationQueue()).as("both are queued").isPositive();
            wa.close();
            ch.shutdownNow();
            pair.kill("node-a"); // its queue is lost
            toB.heal();

            try (GroupWatch wb = new GroupWatch(pair.second().adminTarget())) {
                wb.awaitRow("M16", Duration.ofSeconds(20));
                for (String port : List.of("service.port", "admin.port", "client.port")) {
                    pair.configure("node-a", port, "0");
                }
                pair.restart("node-a");
                pair.second().connectPeer(pair.first().serviceTarget());
                assertThat(pair.first().presence().users().rosterOf(watcher)).as("node-a restarts with the entry")
                        .contains(target);
                assertThat(pair.second().presence().users().rosterOf(watcher)).as("node-b never had it").isEmpty();

                wb.await("the stores agree, rosters and secrets included", Duration.ofSeconds(30), s ->
                        Fixtures.node(s, "node-a").getReplication().getStoreSync().isEmpty()
                                && Fixtures.node(s, "node-b").getReplication().getStoreSync().isEmpty()
                                && Fixtures.node(s, "node-a").getReplication().getReplicationQueue() == 0
                                && Fixtures.node(s, "node-b").getReplication().getReplicationQueue() == 0
                                && pair.first().presence().users().digest().equals(pair.second().presence().users().digest()));
                assertThat(pair.first().presence().users().rosterOf(watcher))
                        .isEqualTo(pair.second().presence().users().rosterOf(watcher));
                assertThat(pair.first().presence().users().secretHash(target))
                        .isEqualTo(pair.second().presence().users().secretHash(target));
                assertThat(pair.first().presence().storeResyncs() + pair.second().presence().storeResyncs())
                        .as("one resync").isEqualTo(1);
            }
        }
    }
}
