package dev.tandem.agent.e2e;

import static dev.tandem.agent.e2e.Fixtures.SOON;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.service.Agent;
import dev.tandem.proto.admin.v1.AddUsersRequest;
import dev.tandem.proto.admin.v1.AdminServiceGrpc.AdminServiceBlockingStub;
import dev.tandem.proto.admin.v1.GetGroupStatusRequest;
import dev.tandem.proto.admin.v1.NodeActionRequest;
import dev.tandem.proto.ha.v1.NodeState;
import dev.tandem.tools.demo.EmbeddedPair;
import io.grpc.ManagedChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11: a node whose database was restored from an older, non-empty backup is compared with
 * its peer's store, and re-synchronised from it, before it leaves Initializing (so before it serves
 * anyone or takes anything over). Before, only an empty store waited: the restored node settled at
 * its first heartbeat and served from the old store until the stores were compared, a second or
 * more later.
 */
class RestoredBackupLiveTest {
    static final int FIRST = 200;
    static final int LATER = 100;

    @TempDir
    Path dir;

    @Test
    void aNodeRestoredFromAnOldBackupTakesItsPeersStoreBeforeItLeavesInitializing() throws Exception {
        try (EmbeddedPair pair = EmbeddedPair.start(dir, "node-a", "node-b", MaintenanceModeLiveTest.TOLERANT);
             GroupWatch wa = new GroupWatch(pair.first().adminTarget())) {
            ManagedChannel ch = Fixtures.channel(pair.first().adminTarget());
            AdminServiceBlockingStub adminA = Fixtures.admin(ch);
            LivePresence.awaitM1AndAddUsers(pair, wa, adminA, FIRST);

            // the backup: node-b's data directory, copied while node-b is stopped
            pair.stop("node-b");
            Path backup = dir.resolve("backup-node-b");
            copy(dir.resolve("node-b"), backup);
            pair.restart("node-b");
            fallBackTo(pair, adminA, "node-b");

            adminA.addUsers(AddUsersRequest.newBuilder().setActor("test").addAllUsers(IntStream.range(FIRST, FIRST + LATER)
                    .mapToObj(i -> String.format("user%05d", i)).toList()).build());
            wa.await("node-b has every user", SOON, s -> pair.second().presence().users().size() == FIRST + LATER
                    && Fixtures.node(s, "node-a").getReplication().getReplicationQueue() == 0);

            // node-b's database restored from the backup: an older store, not an empty one
            pair.stop("node-b");
            delete(dir.resolve("node-b"));
            copy(backup, dir.resolve("node-b"));
            Agent b = pair.restart("node-b");
            assertThat(b.presence().users().size()).as("the restored store").isEqualTo(FIRST);

            // node-b's own reports against its store: it never leaves Initializing with the old store
            ManagedChannel chB = Fixtures.channel(b.adminTarget());
            List<String> early = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            long settledAt = 0;
            try {
                while (System.nanoTime() < deadline && (settledAt == 0 || System.nanoTime() - settledAt < 500_000_000L)) {
                    NodeState state;
                    try {
                        state = Fixtures.node(Fixtures.admin(chB).withDeadlineAfter(1, TimeUnit.SECONDS)
                                .getGroupStatus(GetGroupStatusRequest.getDefaultInstance()), "node-b").getStatus().getState();
                    } catch (RuntimeException busy) {
                        continue;
                    }
                    int size = b.presence().users().size(); // read after the state: the store only grows here
                    if (state != NodeState.INITIALIZING && size != FIRST + LATER) {
                        early.add(state + " with " + size + " users");
                    }
                    if (state != NodeState.INITIALIZING && settledAt == 0) {
                        settledAt = System.nanoTime();
                    }
                }
            } finally {
                chB.shutdownNow();
            }
            assertThat(settledAt).as("node-b left Initializing within 30 s").isPositive();
            assertThat(early).as("node-b out of Initializing before it had its peer's store").isEmpty();
            assertThat(b.presence().storeResyncs()).isEqualTo(1);
            ch.shutdownNow();
        }
    }

    /** Waits until a fallback to {@code node} is offered, asks for it and waits for M1. */
    private static void fallBackTo(EmbeddedPair pair, AdminServiceBlockingStub admin, String node) throws Exception {
        try (GroupWatch w = new GroupWatch(pair.first().adminTarget())) {
            w.await("a fallback offered to " + node, Duration.ofSeconds(20), s -> s.getOfferedActionsList().stream()
                    .anyMatch(o -> o.getNode().equals(node) && o.getAction().name().equals("FALLBACK")));
            admin.fallback(NodeActionRequest.newBuilder().setNode(node).setActor("test").build());
            w.awaitRow("M1", Duration.ofSeconds(20));
        }
    }

    private static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Files.copy(p, to.resolve(from.relativize(p).toString()));
            }
        }
    }

    private static void delete(Path root) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
