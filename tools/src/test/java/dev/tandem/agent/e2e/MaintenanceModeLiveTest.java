package dev.tandem.agent.e2e;

import static dev.tandem.agent.e2e.Fixtures.SOON;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.proto.admin.v1.AdminServiceGrpc.AdminServiceBlockingStub;
import dev.tandem.proto.admin.v1.CriticalServiceRequest;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.HaEvent;
import dev.tandem.proto.admin.v1.SetMaintenanceModeRequest;
import dev.tandem.proto.admin.v1.WatchEventsRequest;
import dev.tandem.tools.demo.EmbeddedPair;
import io.grpc.ManagedChannel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Maintenance mode with two real agents (issue 15): it holds an automatic failover that would
 * otherwise happen (a critical service down past the delay), it reaches the peer, survives a
 * restart, shows in status, events and metrics; leaving it lets the failover run.
 */
class MaintenanceModeLiveTest {
    @TempDir
    Path dir;

    /** FAST, with heartbeat timeouts that a loaded 2-core machine does not trip (a split is not what is tested). */
    static final java.util.Map<String, String> TOLERANT = tolerant();

    private static java.util.Map<String, String> tolerant() {
        java.util.Map<String, String> m = new java.util.HashMap<>(Fixtures.FAST);
        m.put("heartbeat.timeout", "3000ms");
        m.put("heartbeat.init-timeout", "6000ms");
        m.put("metrics.port", "0"); // any free port, for the tandem_maintenance_mode gauge
        return m;
    }

    private static final String HELD = "automatic action held by maintenance mode";

    @Test
    void maintenanceHoldsTheAutomaticFailoverOfACriticalServiceDown() throws Exception {
        try (EmbeddedPair pair = EmbeddedPair.start(dir, "node-a", "node-b", TOLERANT)) {
            ManagedChannel ch = Fixtures.channel(pair.second().adminTarget());
            try (GroupWatch watchB = new GroupWatch(pair.second().adminTarget())) {
                AdminServiceBlockingStub adminB = Fixtures.admin(ch);
                watchB.awaitRow("M1", java.time.Duration.ofSeconds(30)); // first start in this JVM, on a loaded machine

                // asked on node-b, replicated to node-a
                assertThat(adminB.setMaintenanceMode(SetMaintenanceModeRequest.newBuilder().setOn(true)
                        .setActor("carol").build()).getMaintenanceMode()).isTrue();
                try (GroupWatch watchA = new GroupWatch(pair.first().adminTarget())) {
                    watchA.await("maintenance on node-a", SOON, GroupStatus::getMaintenanceMode);
                }

                adminB.stopCriticalService(CriticalServiceRequest.newBuilder().setNode("node-a")
                        .setService("XCP_ROUTER").build());
                // past the 300 ms delay the failover is due: node-a says it holds it
                GroupStatus held = watchB.await("held failover", SOON, s -> Fixtures.node(s, "node-a").getStatus()
                        .getSentence().contains(HELD));
                assertThat(GroupWatch.row(held)).isEqualTo("M1");
                assertThat(held.getMaintenanceMode()).isTrue();
                assertThat(Fixtures.node(held, "node-a").getServicesList())
                        .anyMatch(s -> s.getId().equals("XCP_ROUTER") && !s.getRunning());
                assertThat(watchB.rows()).as("no failover row while held").doesNotContain("M2", "M12");

                String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + pair.second().metricsPort() + "/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                assertThat(metrics).contains("tandem_maintenance_mode{node=\"node-b\"} 1");

                List<HaEvent> events = new ArrayList<>();
                Fixtures.admin(Fixtures.channel(pair.first().adminTarget())).watchEvents(
                        WatchEventsRequest.newBuilder().setHistoryOnly(true).build()).forEachRemaining(events::add);
                assertThat(events).anyMatch(e -> e.getAlert().name().equals("MAINTENANCE_MODE"));

                assertThat(adminB.setMaintenanceMode(SetMaintenanceModeRequest.newBuilder().setOn(false)
                        .setActor("carol").build()).getMaintenanceMode()).isFalse();
                watchB.awaitRow("M12", SOON);
            }
            List<HaEvent> audit = new ArrayList<>();
            Fixtures.admin(ch).watchEvents(WatchEventsRequest.newBuilder().setHistoryOnly(true).build())
                    .forEachRemaining(audit::add);
            assertThat(audit).anyMatch(e -> e.getSentence().contains("EnterMaintenanceMode")
                    || e.getTrigger().contains("EnterMaintenanceMode"));
            ch.shutdownNow();
        }
    }

    @Test
    void maintenanceSurvivesARestart() throws Exception {
        try (EmbeddedPair pair = EmbeddedPair.start(dir, "node-a", "node-b", TOLERANT)) {
            try (GroupWatch w = new GroupWatch(pair.first().adminTarget())) {
                w.awaitRow("M1", SOON);
            }
            ManagedChannel ch = Fixtures.channel(pair.first().adminTarget());
            Fixtures.admin(ch).setMaintenanceMode(SetMaintenanceModeRequest.newBuilder().setOn(true).build());
            ch.shutdownNow();
            pair.stop("node-a");
            pair.stop("node-b");
            pair.restart("node-a");
            pair.restart("node-b");
            try (GroupWatch w = new GroupWatch(pair.first().adminTarget())) {
                GroupStatus s = w.awaitRow("M1", SOON);
                assertThat(s.getMaintenanceMode()).isTrue();
            }
        }
    }
}
