package dev.tandem.agent.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.cli.TandemCtl;
import dev.tandem.agent.e2e.Fixtures;
import dev.tandem.agent.e2e.GroupWatch;
import dev.tandem.proto.admin.v1.AcknowledgeAlertRequest;
import dev.tandem.proto.admin.v1.Alert;
import dev.tandem.proto.admin.v1.AlertSeverity;
import dev.tandem.proto.admin.v1.AlertType;
import dev.tandem.proto.admin.v1.CounterHistory;
import dev.tandem.proto.admin.v1.CounterSample;
import dev.tandem.proto.admin.v1.CriticalServiceRequest;
import dev.tandem.proto.admin.v1.GetCounterHistoryRequest;
import dev.tandem.proto.admin.v1.ListAlertsRequest;
import dev.tandem.tools.demo.EmbeddedPair;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Agent-owned alerts and counter history with two real agents (issue 13): a critical service
 * down raises a critical alert that clears when the service runs again; an acknowledgement made
 * by one client shows in a second client's stream and in tandemctl; the agent serves its last
 * seconds of counters for a console's back-fill. (Durability across a restart: AlertBookTest.)
 */
class AlertsLiveTest {
    @TempDir
    Path dir;

    private static final Duration WAIT = Duration.ofSeconds(20);

    /** FAST, with heartbeat timeouts that a loaded 2-core machine does not trip (a split is not what is tested). */
    private static java.util.Map<String, String> tolerant() {
        java.util.Map<String, String> m = new java.util.HashMap<>(Fixtures.FAST);
        m.put("heartbeat.timeout", "3000ms");
        m.put("heartbeat.init-timeout", "6000ms");
        m.put("service.down-delay", "60s"); // the alert, not a failover, is what this test watches
        return m;
    }

    private static String ctl(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String[] all = new String[args.length + 1];
        all[0] = "--insecure";
        System.arraycopy(args, 0, all, 1, args.length);
        int code = TandemCtl.run(new PrintWriter(out, true, StandardCharsets.UTF_8),
                new PrintWriter(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), all);
        assertThat(code).as("tandemctl %s", String.join(" ", args)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void raisedClearedAcknowledgedAndTheSameForEveryClient() throws Exception {
        try (EmbeddedPair pair = EmbeddedPair.start(dir, "node-a", "node-b", tolerant());
             GroupWatch w = new GroupWatch(pair.first().adminTarget());
             AlertWatch console1 = new AlertWatch(pair.first().adminTarget())) {
            w.awaitRow("M1", Duration.ofSeconds(30));
            String a = pair.first().adminTarget();
            var admin = Fixtures.admin(Fixtures.channel(a));

            admin.stopCriticalService(CriticalServiceRequest.newBuilder().setNode("node-a").setService("XCP_ROUTER")
                    .setActor("test").build());
            Alert down = console1.await("CriticalServiceDown", WAIT, x -> x.getType() == AlertType.CRITICAL_SERVICE_DOWN);
            assertThat(down.getSeverity()).isEqualTo(AlertSeverity.ALERT_SEVERITY_CRITICAL);
            assertThat(down.getNode()).isEqualTo("node-a");
            assertThat(down.getSentence()).contains("went down on node-a");
            assertThat(down.hasClearedAt()).isFalse();

            admin.startCriticalService(CriticalServiceRequest.newBuilder().setNode("node-a").setService("XCP_ROUTER")
                    .setActor("test").build());
            Alert cleared = console1.await("the alert cleared", WAIT, x -> x.getId() == down.getId() && x.hasClearedAt());
            assertThat(cleared.getClearedBecause()).contains("runs again on node-a");

            Alert acked = admin.acknowledgeAlert(AcknowledgeAlertRequest.newBuilder().setId(down.getId())
                    .setActor("alice").build());
            assertThat(acked.getAcknowledgedBy()).contains("alice");
            console1.await("the acknowledgement", WAIT, x -> x.getId() == down.getId()
                    && !x.getAcknowledgedBy().isEmpty());

            // a second console that connects now sees the same list, in the same order, with the acknowledgement
            try (AlertWatch console2 = new AlertWatch(a)) {
                console2.await("the acknowledged alert", WAIT, x -> x.getId() == down.getId()
                        && !x.getAcknowledgedBy().isEmpty());
                console2.await("every alert", WAIT, x -> console2.alerts().size() >= console1.alerts().size());
                assertThat(console2.alerts()).isEqualTo(console1.alerts());
            }
            List<Alert> listed = admin.listAlerts(ListAlertsRequest.getDefaultInstance()).getAlertsList();
            assertThat(listed).isEqualTo(console1.alerts());

            String out = ctl("--agent", a, "alerts");
            assertThat(out).contains("CriticalServiceDown").contains("CRITICAL").contains("cleared")
                    .contains("acknowledged: ").contains("alice");

            StatusRuntimeException unknown = Assertions.catchThrowableOfType(() -> admin.acknowledgeAlert(
                    AcknowledgeAlertRequest.newBuilder().setId(99_999).build()), StatusRuntimeException.class);
            assertThat(unknown.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);

            CounterHistory h = admin.getCounterHistory(GetCounterHistoryRequest.getDefaultInstance());
            assertThat(h.getNode()).isEqualTo("node-a");
            assertThat(h.getResolutionMs()).isEqualTo(1000);
            assertThat(h.getSamplesList()).isNotEmpty().allMatch(s -> s.getNode().equals("node-a"));
            List<Long> times = h.getSamplesList().stream().map(CounterSample::getAt).map(t -> t.getSeconds() * 1000
                    + t.getNanos() / 1_000_000).toList();
            assertThat(times).isSorted().doesNotHaveDuplicates();
            assertThat(h.getSamples(0).getCountersList()).anyMatch(c -> c.getName().equals("PeerRoundTripMs"));
        }
    }
}
