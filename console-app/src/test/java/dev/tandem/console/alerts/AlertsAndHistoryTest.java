package dev.tandem.console.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.console.testing.ConsoleFixture;
import dev.tandem.console.testing.Statuses;
import dev.tandem.proto.admin.v1.Alert;
import dev.tandem.proto.admin.v1.AlertSeverity;
import dev.tandem.proto.admin.v1.AlertType;
import dev.tandem.proto.admin.v1.EventKind;
import dev.tandem.proto.admin.v1.HaEvent;
import dev.tandem.proto.ha.v1.NodeState;
import dev.tandem.proto.ha.v1.Reason;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertsAndHistoryTest {

    private static Alert alert(long id, long agoMs, AlertType t, AlertSeverity sev, String text) {
        return Alert.newBuilder().setId(id).setNode("cup-a").setType(t).setSeverity(sev).setSentence(text)
                .setRaisedAt(Statuses.ago(agoMs)).build();
    }

    @Test
    void theAgentsAlertsAreListedNewestFirstAndAnAcknowledgementGoesToTheAgent() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture(Statuses.normalPair())) {
            // raised before the console connected: listed, not notified
            f.agent.emitAlert(alert(1, 3_600_000, AlertType.CRITICAL_SERVICE_DOWN, AlertSeverity.ALERT_SEVERITY_CRITICAL,
                    "SIP Proxy went down on cup-a"));
            List<String> notes = new ArrayList<>();
            f.vm.alerts().setNotifier((t, x) -> notes.add(t + ": " + x));
            f.connect();
            f.until(() -> f.vm.alerts().alerts().size() == 1);

            f.agent.emitAlert(alert(2, 0, AlertType.SRM_FAILOVER, AlertSeverity.ALERT_SEVERITY_WARNING,
                    "automatic failover of cup-a to cup-b"));
            f.agent.emitEvent(HaEvent.newBuilder().setAt(Statuses.ago(0)).setNode("cup-a")
                    .setKind(EventKind.STATE_CHANGE).setFromState(NodeState.NORMAL).setToState(NodeState.FAILING_OVER)
                    .setReason(Reason.ON_ADMIN_REQUEST).setSentence("Stopping services on admin request.")
                    .setTrigger("admin_failover").build());
            f.until(() -> f.vm.alerts().alerts().size() == 2 && f.vm.history().rows().size() == 1);

            AlertsViewModel a = f.vm.alerts();
            assertThat(a.alerts()).extracting(AlertItem::type).containsExactly("SRMFailover", "CriticalServiceDown");
            assertThat(a.alerts()).extracting(AlertItem::severity).containsExactly("Warning", "Critical");
            assertThat(notes).containsExactly("Failover: cup-a: automatic failover of cup-a to cup-b");
            assertThat(a.unacknowledgedCount().get()).isEqualTo(2);

            a.acknowledge(a.alerts().get(1));
            f.until(() -> a.unacknowledgedCount().get() == 1);
            assertThat(f.agent.calls()).contains("AcknowledgeAlert");
            assertThat(a.alerts().get(1).acknowledgement()).contains(f.ctx.actor());

            // the agent clears it: same id, newer fields; the list keeps one entry per alert
            f.agent.emitAlert(a.alerts().get(1).alert().toBuilder().setClearedAt(Statuses.ago(0))
                    .setClearedBecause("SIP Proxy runs again on cup-a").build());
            f.until(() -> !f.vm.alerts().alerts().get(1).active());
            assertThat(a.alerts()).hasSize(2);
            assertThat(a.alerts().get(1).state()).contains("runs again");
            a.activeOnlyProperty().set(true);
            assertThat(a.alerts()).extracting(AlertItem::type).containsExactly("SRMFailover");
            a.activeOnlyProperty().set(false);

            var newest = f.vm.history().rows().stream().filter(r -> r.kind().equals("State change")).findFirst()
                    .orElseThrow();
            assertThat(newest.change()).isEqualTo("Normal → Failing Over");
            assertThat(newest.reason()).isEqualTo("On Admin Request");
            assertThat(newest.detail()).contains("admin_failover");
        }
    }

    @Test
    void twoConsolesOfOneAgentShowTheSameListAndTheSameAcknowledgement() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture(Statuses.normalPair()).connect()) {
            f.agent.emitAlert(alert(1, 2000, AlertType.PE_PEER_NODE_FAILURE, AlertSeverity.ALERT_SEVERITY_CRITICAL,
                    "no heartbeat from the peer of cup-a"));
            f.agent.emitAlert(alert(2, 1000, AlertType.SRM_FAILOVER, AlertSeverity.ALERT_SEVERITY_WARNING,
                    "cup-a takes every user"));
            f.until(() -> f.vm.alerts().alerts().size() == 2);
            f.vm.alerts().acknowledge(f.vm.alerts().alerts().get(0));
            f.until(() -> f.vm.alerts().alerts().get(0).acknowledged());
            try (ConsoleFixture second = f.secondConsole()) {
                second.until(() -> second.vm.alerts().alerts().size() == 2
                        && second.vm.alerts().alerts().get(0).acknowledged());
                assertThat(second.vm.alerts().alerts()).extracting(AlertItem::alert)
                        .containsExactlyElementsOf(f.vm.alerts().alerts().stream().map(AlertItem::alert).toList());
            }
        }
    }
}
