package dev.tandem.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.e2e.Fixtures;
import dev.tandem.agent.e2e.GroupWatch;
import dev.tandem.proto.admin.v1.Action;
import dev.tandem.proto.admin.v1.CheckActionRequest;
import dev.tandem.proto.admin.v1.NodeActionRequest;
import dev.tandem.proto.admin.v1.Precondition;
import dev.tandem.proto.admin.v1.PreflightReport;
import dev.tandem.proto.admin.v1.SetMaintenanceModeRequest;
import dev.tandem.tools.demo.EmbeddedPair;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pre-flight checks with two real agents (issue 15): a refused failover names its failing precondition. */
class PreflightLiveTest {
    @TempDir
    Path dir;

    /** FAST, with heartbeat timeouts that a loaded 2-core machine does not trip (a split is not what is tested). */
    static final java.util.Map<String, String> TOLERANT = tolerant();

    private static java.util.Map<String, String> tolerant() {
        java.util.Map<String, String> m = new java.util.HashMap<>(Fixtures.FAST);
        m.put("heartbeat.timeout", "3000ms");
        m.put("heartbeat.init-timeout", "6000ms");
        return m;
    }

    private static String ctl(int[] code, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // the pair runs --insecure (EmbeddedPair.start), so the CLI says so explicitly, as TandemCtlTest does
        String[] all = new String[args.length + 1];
        all[0] = "--insecure";
        System.arraycopy(args, 0, all, 1, args.length);
        code[0] = TandemCtl.run(new PrintWriter(out, true, StandardCharsets.UTF_8),
                new PrintWriter(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), all);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void refusedFailoverListsTheFailingPrecondition() throws Exception {
        try (EmbeddedPair pair = EmbeddedPair.start(dir, "node-a", "node-b", TOLERANT);
             GroupWatch w = new GroupWatch(pair.first().adminTarget())) {
            w.awaitRow("M1", Duration.ofSeconds(30));
            ManagedChannel ch = Fixtures.channel(pair.first().adminTarget());
            var admin = Fixtures.admin(ch);
            String a = pair.first().adminTarget();

            PreflightReport ok = admin.checkAction(CheckActionRequest.newBuilder().setAction(Action.FAILOVER)
                    .setNode("node-a").build());
            assertThat(ok.getWouldBeAccepted()).as(ok.toString()).isTrue();
            assertThat(ok.getChecksList()).extracting(Precondition::getName).containsExactly("node-state",
                    "high-availability", "peer-state", "critical-services", "database", "replication", "round-trip",
                    "users-moved", "maintenance-mode");

            // the peer's database fails; maintenance holds its own failover, so node-b stays Normal but unfit
            admin.setMaintenanceMode(SetMaintenanceModeRequest.newBuilder().setOn(true).build());
            admin.failDatabase(NodeActionRequest.newBuilder().setNode("node-b").build());
            w.await("node-b database down", Fixtures.SOON, s -> !Fixtures.node(s, "node-b").getDatabase().getUp());

            PreflightReport refused = admin.checkAction(CheckActionRequest.newBuilder().setAction(Action.FAILOVER)
                    .setNode("node-a").build());
            assertThat(refused.getWouldBeAccepted()).isFalse();
            assertThat(refused.getRefusal()).contains("database");
            assertThat(refused.getChecksList()).filteredOn(c -> !c.getPassed() && c.getBlocking())
                    .extracting(Precondition::getName).containsExactly("database");
            assertThat(refused.getChecksList()).anyMatch(c -> c.getName().equals("maintenance-mode")
                    && c.getSentence().contains("maintenance mode is on"));
            // the action itself is refused the same way
            assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(() -> admin.failover(
                    NodeActionRequest.newBuilder().setNode("node-a").build()), StatusRuntimeException.class)
                    .getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);

            int[] code = new int[1];
            String out = ctl(code, "--agent", a, "failover", "--check", "node-a");
            assertThat(code[0]).isEqualTo(TandemCtl.REFUSED);
            assertThat(out).contains("Pre-flight checks: Failover node-a").contains("[FAIL] database")
                    .contains("database of peer node-b is down").contains("Would be refused");
            // checks for the peer's node and bad input
            assertThat(admin.checkAction(CheckActionRequest.newBuilder().setAction(Action.FALLBACK)
                    .setNode("node-b").build()).getWouldBeAccepted()).isFalse();
            assertThat(catchCode(() -> admin.checkAction(CheckActionRequest.newBuilder().setAction(Action.FAILOVER)
                    .setNode("node-x").build()))).isEqualTo(Status.Code.NOT_FOUND);
            assertThat(catchCode(() -> admin.checkAction(CheckActionRequest.getDefaultInstance())))
                    .isEqualTo(Status.Code.INVALID_ARGUMENT);
            ch.shutdownNow();
        }
    }

    private static Status.Code catchCode(Runnable r) {
        try {
            r.run();
            return Status.Code.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
    }
}
