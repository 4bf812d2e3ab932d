package dev.tandem.console.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.console.testing.ConsoleFixture;
import dev.tandem.console.testing.Statuses;
import dev.tandem.proto.admin.v1.AlertType;
import dev.tandem.proto.admin.v1.EventKind;
import dev.tandem.proto.admin.v1.HaEvent;
import dev.tandem.proto.ha.v1.NodeState;
import dev.tandem.proto.ha.v1.Reason;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertsAndHistoryTest {

    @Test
    void alertsFromEventsCanBeAcknowledgedAndClearedAndAFailoverNotifies() throws Exception {
        try (ConsoleFixture f = new ConsoleFixture(Statuses.normalPair())) {
            // history from before the console connected: listed, not notified
            f.agent.emitEvent(HaEvent.newBuilder().setAt(Statuses.ago(3_600_000)).setNode("cup-a")
                    .setKind(EventKind.ALERT).setAlert(AlertType.CRITICAL_SERVICE_DOWN)
                    .setSentence("SIP Proxy stopped on cup-a.").build());
            List<String> notes = new ArrayList<>();
            f.vm.alerts().setNotifier((t, x) -> notes.add(t + ": " + x));
            f.connect();
            f.until(() -> f.vm.alerts().alerts().size() == 1);

            f.agent.emitEvent(HaEvent.newBuilder().setAt(Statuses.ago(0)).setNode("cup-a").setKind(EventKind.ALERT)
                    .setAlert(AlertType.SRM_FAILOVER).setSentence("cup-a failed over to cup-b on admin request.").build());
            f.agent.emitEvent(HaEvent.newBuilder().setAt(Statuses.ago(0)).setNode("cup-a")
                    .setKind(EventKind.STATE_CHANGE).setFromState(NodeState.NORMAL).setToState(NodeState.FAILING_OVER)
                    .setReason(Reason.ON_ADMIN_REQUEST).setSentence("Stopping services on admin request.")
                    .setTrigger("admin_failover").build());
            f.until(() -> f.vm.alerts().alerts().size() == 2 && f.vm.history().rows().size() == 3);

            AlertsViewModel a = f.vm.alerts();
            assertThat(a.alerts()).extracting(AlertItem::type).containsExactly("SRMFailover", "CriticalServiceDown");
            assertThat(notes).containsExactly("Failover: cup-a: cup-a failed over to cup-b on admin request.");
            assertThat(a.unacknowledgedCount().get()).isEqualTo(2);
            a.acknowledge(a.alerts().get(1));
            assertThat(a.unacknowledgedCount().get()).isEqualTo(1);
            a.clearAcknowledged();
            assertThat(a.alerts()).extracting(AlertItem::type).containsExactly("SRMFailover");
            a.clear(a.alerts().get(0));
            assertThat(a.alerts()).isEmpty();

            var newest = f.vm.history().rows().stream().filter(r -> r.kind().equals("State change")).findFirst()
                    .orElseThrow();
            assertThat(newest.change()).isEqualTo("Normal → Failing Over");
            assertThat(newest.reason()).isEqualTo("On Admin Request");
            assertThat(newest.detail()).contains("admin_failover");
            f.vm.history().filterProperty().set("SIP proxy");
            assertThat(f.vm.history().rows()).hasSize(1);
        }
    }
}
