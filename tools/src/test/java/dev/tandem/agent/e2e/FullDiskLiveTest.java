package dev.tandem.agent.e2e;

import static dev.tandem.agent.e2e.Fixtures.SOON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.proto.admin.v1.AddUsersRequest;
import dev.tandem.proto.admin.v1.AdminServiceGrpc.AdminServiceBlockingStub;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.NodeActionRequest;
import dev.tandem.tools.demo.EmbeddedPair;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk under one agent of a live pair (issue 11), made by real SQLite: node-a's store at
 * its page limit, so every growing write fails with SQLITE_FULL. Before: Database Failure was
 * never raised, an add of 3,000 users reported failed was partly committed, and the connection
 * stayed broken until a restart. Now the failed add commits nothing, node-a goes Database Failure
 * and fails over (M13), and when the space returns its store works again by itself: the database
 * is up without a restart (X1) and a fallback returns the pair to M1.
 */
class FullDiskLiveTest {
    @TempDir
    Path dir;

    @Test
    void aFullStoreIsADatabaseFailureThatClearsByItselfWhenSpaceReturns() throws Exception {
        try (EmbeddedPair pair = EmbeddedPair.start(dir, "node-a", "node-b", MaintenanceModeLiveTest.TOLERANT);
             GroupWatch w = new GroupWatch(pair.second().adminTarget())) {
            LivePresence.awaitM1OnBoth(pair, Duration.ofSeconds(30));
            ManagedChannel ch = Fixtures.channel(pair.first().adminTarget());
            AdminServiceBlockingStub adminA = Fixtures.admin(ch);
            adminA.addUsers(AddUsersRequest.newBuilder().addUsers("alice").addUsers("bob").build());
            int usersBefore = pair.first().presence().node().users().all().size();

            var db = pair.first().database();
            db.limitPagesForTest(db.limitPagesForTest(0)); // the disk is full from now on

            AddUsersRequest many = AddUsersRequest.newBuilder()
                    .addAllUsers(IntStream.range(0, 3000).mapToObj(i -> String.format("user%05d", i)).toList()).build();
            assertThatThrownBy(() -> adminA.addUsers(many)).isInstanceOfSatisfying(StatusRuntimeException.class,
                    e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
            assertThat(pair.first().presence().node().users().all()).as("the failed add committed nothing").hasSize(usersBefore);

            GroupStatus failed = w.awaitRow("M13", SOON);
            assertThat(Fixtures.node(failed, "node-a").getDatabase().getUp()).isFalse();
            assertThat(Fixtures.node(failed, "node-a").getStatus().getReason().name()).isEqualTo("DATABASE_FAILURE");

            db.limitPagesForTest(0); // space again: no restart
            GroupStatus repaired = w.await("node-a's database up again", SOON,
                    s -> Fixtures.node(s, "node-a").getDatabase().getUp());
            assertThat(GroupWatch.row(repaired)).isEqualTo("X1");
            // what a restart would resume is the state the SRM is in: a state whose write failed while
            // the store was full is written again once it works (issue 11)
            assertThat(pair.first().database().loadState()).hasValueSatisfying(p -> assertThat(p.state().name())
                    .isEqualTo(Fixtures.node(repaired, "node-a").getStatus().getState().name()));
            adminA.fallback(NodeActionRequest.newBuilder().setNode("node-a").setActor("operator").build());
            w.awaitRow("M1", SOON);
            try (GroupWatch wa = new GroupWatch(pair.first().adminTarget())) {
                wa.awaitRow("M1", SOON); // users change only while both nodes are Normal as node-a sees them too
            }
            adminA.addUsers(AddUsersRequest.newBuilder().addUsers("carol").build()); // the store takes writes again
            assertThat(pair.first().presence().node().users().find("carol")).isPresent();
            ch.shutdownNow();
        }
    }
}
