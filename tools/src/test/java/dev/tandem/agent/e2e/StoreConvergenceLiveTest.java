package dev.tandem.agent.e2e;

import static dev.tandem.agent.e2e.Fixtures.SOON;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.presence.users.UserRecord;
import dev.tandem.proto.admin.v1.AdminServiceGrpc.AdminServiceBlockingStub;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.NodeActionRequest;
import dev.tandem.tools.demo.EmbeddedPair;
import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deleted database on one node of a live pair (issue 11). Before: node-b started empty,
 * received only the queued move of its own users, showed M1, and after node-a was killed it
 * served none of node-a's users. Now node-b, whose store is empty at start, takes node-a's whole
 * store at the first heartbeat (node-a's store wins: node-b's is fresh), before the pair can show
 * M1; after node-a is killed node-b serves every user.
 */
class StoreConvergenceLiveTest {
    private static final int USERS = 2000;

    @TempDir
    Path dir;

    @Test
    void aNodeWhoseDatabaseWasDeletedTakesItsPeersStoreAndCanServeEveryUser() throws Exception {
        try (EmbeddedPair pair = EmbeddedPair.start(dir, "node-a", "node-b", MaintenanceModeLiveTest.TOLERANT);
             GroupWatch wa = new GroupWatch(pair.first().adminTarget())) {
            ManagedChannel ch = Fixtures.channel(pair.first().adminTarget());
            AdminServiceBlockingStub adminA = Fixtures.admin(ch);
            LivePresence.awaitM1AndAddUsers(pair, wa, adminA, USERS);

            pair.stop("node-b"); // orderly: node-a takes node-b's users over (M17)
            wa.awaitRow("M17", SOON);
            for (String f : List.of("tandem-agent.db", "tandem-agent.db-wal", "tandem-agent.db-shm")) {
                Files.deleteIfExists(dir.resolve("node-b").resolve(f));
            }
            pair.restart("node-b");
            assertThat(pair.second().presence().users().size()).as("node-b starts with an empty store").isZero();

            GroupStatus agreed = wa.await("node-b has node-a's whole store", SOON,
                    s -> pair.second().presence().users().size() == USERS
                            && Fixtures.node(s, "node-a").getReplication().getStoreSync().isEmpty()
                            && Fixtures.node(s, "node-b").getReplication().getStoreSync().isEmpty());
            assertThat(sorted(pair.second())).as("node-b's store").isEqualTo(sorted(pair.first()));
            assertThat(pair.second().presence().storeResyncs()).isEqualTo(1);
            assertThat(GroupWatch.row(agreed)).isNotEqualTo("M1"); // node-a still serves node-b's users

            // node-b came back as a node whose users node-a serves: fall back, then lose node-a
            try (GroupWatch wb = new GroupWatch(pair.second().adminTarget())) {
                wb.await("a fallback offered to node-b", SOON, s -> s.getOfferedActionsList().stream()
                        .anyMatch(o -> o.getNode().equals("node-b") && o.getAction().name().equals("FALLBACK")));
                adminA.fallback(NodeActionRequest.newBuilder().setNode("node-b").setActor("test").build());
                wb.awaitRow("M1", SOON);
                pair.kill("node-a");
                GroupStatus alone = wb.awaitRow("M16", Duration.ofSeconds(20));
                assertThat(Fixtures.node(alone, "node-b").getServedUsers()).as("users node-b serves alone").isEqualTo(USERS);
            }
            ch.shutdownNow();
        }
    }

    private static List<String> sorted(dev.tandem.agent.service.Agent a) {
        return a.presence().users().all().stream().sorted(Comparator.comparing(UserRecord::userId))
                .map(u -> u.userId() + " " + u.homeNode() + " " + u.servingNode()).toList();
    }
}
