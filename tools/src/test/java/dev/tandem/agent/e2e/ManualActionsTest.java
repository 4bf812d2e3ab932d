package dev.tandem.agent.e2e;

import static dev.tandem.agent.e2e.Fixtures.SOON;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.tools.demo.EmbeddedPair;
import dev.tandem.proto.admin.v1.ActionReply;
import dev.tandem.proto.admin.v1.AddUsersRequest;
import dev.tandem.proto.admin.v1.AdminServiceGrpc.AdminServiceBlockingStub;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.NodeActionRequest;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Manual failover M1 → M2 → M3 and fallback M3 → M4 → M1, with the users really moving. */
class ManualActionsTest {
    @TempDir
    Path dir;

    @Test
    void manualFailoverThenFallbackWalksM2M3M4M1() throws Exception {
        Map<String, String> cfg = new HashMap<>(Fixtures.FAST);
        cfg.put("users.move-delay", "300ms"); // moves last long enough for M2 and M4 to be seen
        try (EmbeddedPair pair = EmbeddedPair.start(dir, "node-a", "node-b", cfg);
             GroupWatch watch = new GroupWatch(pair.second().adminTarget())) {
            ManagedChannel ch = Fixtures.channel(pair.first().adminTarget());
            AdminServiceBlockingStub admin = Fixtures.admin(ch);
            LivePresence.awaitM1OnBoth(pair, SOON);
            admin.addUsers(AddUsersRequest.newBuilder().setActor("test")
                    .addAllUsers(IntStream.range(0, 10).mapToObj(i -> "user" + i).toList()).build());
            GroupStatus m1 = watch.await("users on both", SOON, s -> Fixtures.node(s, "node-a").getServedUsers() == 5
                    && Fixtures.node(s, "node-b").getServedUsers() == 5);
            assertThat(m1.getOfferedActionsList()).extracting(o -> o.getAction().name() + " " + o.getNode())
                    .contains("FAILOVER node-a", "FAILOVER node-b");

            ActionReply r = admin.failover(NodeActionRequest.newBuilder().setNode("node-a").setActor("alice").build());
            assertThat(r.getAccepted()).isTrue();
            watch.awaitRow("M3", SOON);
            // node-a stops its critical services as it goes Idle, once node-b serves its users (make
            // before break): the status that shows them stopped may follow the first M3 one
            GroupStatus m3 = watch.await("M3 with node-a's services stopped", SOON, s -> GroupWatch.row(s).equals("M3")
                    && Fixtures.node(s, "node-a").getServicesList().stream().noneMatch(c -> c.getRunning()));
            assertThat(watch.rows()).containsSubsequence("M1", "M2", "M3");
            assertThat(m3.getMatrix().getNode1()).isEqualTo("node-a");
            assertThat(Fixtures.node(m3, "node-b").getServedUsers()).isEqualTo(10);
            assertThat(Fixtures.node(m3, "node-a").getServedUsers()).isZero();
            assertThat(Fixtures.node(m3, "node-a").getServicesList()).noneMatch(s -> s.getRunning());

            // fallback asked through the other agent: forwarded over the peer link
            ManagedChannel chB = Fixtures.channel(pair.second().adminTarget());
            Fixtures.admin(chB).fallback(NodeActionRequest.newBuilder().setNode("node-a").setActor("bob").build());
            GroupStatus back = watch.await("M1 with users home", SOON, s -> GroupWatch.row(s).equals("M1")
                    && Fixtures.node(s, "node-a").getServedUsers() == 5);
            assertThat(watch.rows()).containsSubsequence("M1", "M2", "M3", "M4", "M1");
            assertThat(Fixtures.node(back, "node-a").getServicesList()).allMatch(s -> s.getRunning());
            // the audit names the proven caller and address first, then the caller's own note in quotes (docs/security.md)
            assertThat(pair.first().database().auditLog()).anyMatch(l -> l.contains(" \"alice\" Failover node-a: accepted"))
                    .anyMatch(l -> l.contains(" \"bob\" Fallback node-a: accepted"));
            ch.shutdownNow();
            chB.shutdownNow();
        }
    }
}
