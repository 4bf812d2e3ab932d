package dev.tandem.console.overview;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.console.testing.ConsoleFixture;
import dev.tandem.console.testing.Statuses;
import dev.tandem.console.util.StateIcon;
import org.junit.jupiter.api.Test;

class OverviewViewModelTest {

    @Test
    void showsTheAgentsWordsForEveryNodeAndTheMatchedRow() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture(Statuses.failedOver()).connect()) {
            // the first status can be drawn a tick before the connection counts as live (seen on a cold JVM)
            f.until(() -> !f.vm.overview().groups().isEmpty() && f.vm.overview().groups().get(0).live());
            GroupCard g = f.vm.overview().groups().get(0);
            assertThat(g.group()).isEqualTo(Statuses.GROUP);
            assertThat(g.live()).isTrue();
            assertThat(g.nodes()).extracting(NodeCard::state).containsExactly("Idle", "Running in Backup Mode");
            assertThat(g.nodes()).extracting(NodeCard::reason).containsOnly("On Admin Request");
            assertThat(g.nodes()).extracting(NodeCard::icon).containsExactly(StateIcon.IDLE, StateIcon.BACKUP);
            assertThat(g.nodes().get(0).sentence()).contains("serving nobody");
            assertThat(g.nodes().get(0).since()).startsWith("since ").contains("2 min");
            assertThat(g.matrixId()).isEqualTo("M3");
            assertThat(g.cause()).isEqualTo("manual failover 1→2 complete");
            assertThat(g.steps()).containsExactly("1. fallback when ready");
        }
    }

    @Test
    void numbersTheRecommendedStepsAndShowsUnreachableNodes() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture(Statuses.peerDown()).connect()) {
            f.until(() -> !f.vm.overview().groups().isEmpty());
            GroupCard g = f.vm.overview().groups().get(0);
            assertThat(g.matrixId()).isEqualTo("M16");
            assertThat(g.steps()).hasSize(4);
            assertThat(g.steps().get(1)).startsWith("2. start SRM on node 1");
            assertThat(g.nodes().get(0).icon()).isEqualTo(StateIcon.UNKNOWN);
            assertThat(g.nodes().get(0).state()).contains("unreachable");
            assertThat(g.heartbeat()).contains("peer not seen").contains("missed 5");
        }
    }

    @Test
    void followsStatusChangesAndWarnsOnSlowRoundTrip() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture(Statuses.normalPair()).connect()) {
            f.until(() -> !f.vm.overview().groups().isEmpty());
            assertThat(f.vm.overview().groups().get(0).steps()).containsExactly("No action needed.");
            var slow = Statuses.normalPair().toBuilder();
            slow.getHeartbeatBuilder().setRoundTripMs(95);
            f.agent.setStatus(slow.build());
            f.until(() -> f.vm.overview().groups().get(0).roundTripWarning());
            assertThat(f.vm.overview().groups().get(0).heartbeat()).contains("over 80 ms");
            // the alert is the agent's own (PeerRoundTrip, on a sustained breach): listed as it sends it
            f.agent.emitAlert(dev.tandem.proto.admin.v1.Alert.newBuilder().setId(7).setNode(Statuses.B)
                    .setType(dev.tandem.proto.admin.v1.AlertType.PEER_ROUND_TRIP)
                    .setSeverity(dev.tandem.proto.admin.v1.AlertSeverity.ALERT_SEVERITY_WARNING)
                    .setSentence("Peer round trip of " + Statuses.B + " over 80 ms in 3 of its last 5 samples")
                    .setRaisedAt(Statuses.ago(0)).build());
            f.until(() -> f.vm.alerts().alerts().stream().anyMatch(a -> a.type().equals("PeerRoundTrip")
                    && a.node().equals(Statuses.B)));
        }
    }
}
