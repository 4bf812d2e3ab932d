package dev.tandem.agent.e2e;

import static dev.tandem.agent.e2e.Fixtures.SOON;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.proto.admin.v1.AdminServiceGrpc.AdminServiceBlockingStub;
import dev.tandem.proto.admin.v1.CriticalServiceRequest;
import dev.tandem.proto.admin.v1.GetConfigurationRequest;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.HaEvent;
import dev.tandem.proto.admin.v1.NodeActionRequest;
import dev.tandem.proto.admin.v1.SetParametersRequest;
import dev.tandem.proto.admin.v1.WatchEventsRequest;
import dev.tandem.tools.demo.EmbeddedPair;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flapping critical service with two real agents and automatic fallback on (issue 11: 6
 * failovers and 6 automatic fallbacks in 56 s, no backoff). With flap.max-failovers=2 the second
 * automatic failover holds the automatic fallback, says so and raises SRMFlapping; the operator's
 * manual fallback brings the group back to M1.
 */
class FlappingServiceLiveTest {
    @TempDir
    Path dir;

    private static Map<String, String> settings() {
        Map<String, String> m = new java.util.HashMap<>(MaintenanceModeLiveTest.TOLERANT);
        m.remove("metrics.port");
        m.put("flap.max-failovers", "2");
        m.put("flap.window", "10min");
        return m;
    }

    private static void flap(AdminServiceBlockingStub admin, GroupWatch w) throws InterruptedException {
        admin.stopCriticalService(CriticalServiceRequest.newBuilder().setNode("node-a").setService("XCP_ROUTER").build());
        w.awaitRow("M12", SOON); // automatic failover after the 300 ms service-down delay
        admin.startCriticalService(CriticalServiceRequest.newBuilder().setNode("node-a").setService("XCP_ROUTER").build());
        w.awaitRow("M11", SOON);
    }

    @Test
    void theSecondAutomaticFailoverHoldsTheAutomaticFallbackUntilAnOperatorFallsBack() throws Exception {
        try (EmbeddedPair pair = EmbeddedPair.start(dir, "node-a", "node-b", settings());
             GroupWatch w = new GroupWatch(pair.second().adminTarget())) {
            ManagedChannel ch = Fixtures.channel(pair.second().adminTarget());
            AdminServiceBlockingStub admin = Fixtures.admin(ch);
            w.awaitRow("M1", Duration.ofSeconds(30));
            var params = admin.getConfiguration(GetConfigurationRequest.getDefaultInstance()).getParameters().toBuilder()
                    .setAutomaticFallbackEnabled(true).setAutomaticFallbackDelayMs(500).build();
            admin.setParameters(SetParametersRequest.newBuilder().setParameters(params).setActor("test").build());

            flap(admin, w);
            w.awaitRow("M1", SOON); // the first automatic fallback runs, as the guide says

            flap(admin, w);
            GroupStatus held = w.await("fallback held", SOON, s -> Fixtures.node(s, "node-a").getStatus().getSentence()
                    .contains("automatic fallback held: 2 automatic failovers within 10 min (flapping)"));
            // the sentence is written when the fallback falls due (500 ms healthy): at that moment node-a stays failed over
            assertThat(GroupWatch.row(held)).isEqualTo("M11");
            assertThat(Fixtures.node(held, "node-a").getStatus().getSentence()).contains("automatic fallback is due");
            // the alert is node-a's own, in its event history
            List<HaEvent> events = new ArrayList<>();
            ManagedChannel chA = Fixtures.channel(pair.first().adminTarget());
            Fixtures.admin(chA).watchEvents(WatchEventsRequest.newBuilder().setHistoryOnly(true).build())
                    .forEachRemaining(events::add);
            chA.shutdownNow();
            assertThat(events).filteredOn(e -> e.getAlert().name().equals("FLAPPING")).hasSize(1)
                    .allMatch(e -> e.getNode().equals("node-a"));

            // the operator falls back by hand once the cause is fixed
            admin.fallback(NodeActionRequest.newBuilder().setNode("node-a").setActor("operator").build());
            w.awaitRow("M1", SOON);
            ch.shutdownNow();
        }
    }
}
