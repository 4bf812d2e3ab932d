package dev.tandem.agent.srm;

import static dev.tandem.agent.srm.NodeState.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.whatif.VirtualPair;
import dev.tandem.agent.whatif.VirtualNode;
import org.junit.jupiter.api.Test;

/**
 * Maintenance mode (issue 15) on the virtual clock: automatic failover, recovery, takeover and
 * fallback are held and said; manual actions stay possible; leaving it lets the due action run.
 */
class MaintenanceModeTest {
    private static final long BOUND = 60_000;
    private static final String HELD = "automatic action held by maintenance mode";

    private final VirtualPair h = VirtualPair.healthy(VirtualPair.shortTimers());
    private final VirtualNode n1 = h.n1();
    private final VirtualNode n2 = h.n2();

    private void maintenance(boolean on) {
        n1.handle(new SrmEvent.MaintenanceChanged(on));
        n2.handle(new SrmEvent.MaintenanceChanged(on));
    }

    @Test
    void criticalServiceDownPastDelayIsDetectedButNotFailedOver() {
        maintenance(true);
        assertThat(n1.srm().maintenance()).isTrue();
        assertThat(n1.alerts()).anyMatch(a -> a.type() == AlertType.MAINTENANCE_MODE && a.text().contains("held"));

        h.serviceDown(n1, CriticalService.SIP_PROXY);
        h.runFor(10 * VirtualPair.shortTimers().criticalServiceDownDelayMs());

        assertThat(n1.srm().state()).as(h.describe()).isEqualTo(NORMAL);
        assertThat(n2.srm().state()).isEqualTo(NORMAL);
        assertThat(n1.srm().healthy()).isFalse(); // detected
        assertThat(n1.srm().sentence()).contains(HELD).contains("stayed down");
        assertThat(n1.alerts()).anyMatch(a -> a.type() == AlertType.CRITICAL_SERVICE_DOWN && a.text().contains(HELD));
        // one held-action alert while it stays held, not one per timer
        assertThat(n1.alerts().stream().filter(a -> a.type() == AlertType.MAINTENANCE_MODE
                && a.text().contains("stayed down"))).hasSize(1);
        assertThat(h.row().orElseThrow().row().id()).isEqualTo("M1");
    }

    @Test
    void leavingMaintenanceRunsTheHeldFailover() {
        maintenance(true);
        h.serviceDown(n1, CriticalService.SIP_PROXY);
        h.runFor(2_000);
        assertThat(n1.srm().state()).isEqualTo(NORMAL);
        maintenance(false);
        h.runUntil(() -> n1.srm().state() == FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING
                && n2.srm().state() == RUNNING_IN_BACKUP_MODE, BOUND);
        assertThat(h.row().orElseThrow().row().id()).isEqualTo("M12");
    }

    @Test
    void manualFailoverStaysPossible() {
        maintenance(true);
        assertThat(h.admin(n1, AdminAction.FAILOVER).refusal()).isNull();
        h.runUntil(() -> n1.srm().state() == IDLE && n2.srm().state() == RUNNING_IN_BACKUP_MODE, BOUND);
        assertThat(h.admin(n1, AdminAction.FALLBACK).refusal()).isNull();
        h.runUntil(() -> h.settledIn(NORMAL), BOUND);
    }

    @Test
    void peerLostIsShownButNotTakenOver() {
        maintenance(true);
        h.kill(n1);
        h.runFor(5_000);
        assertThat(n2.srm().state()).as(h.describe()).isEqualTo(NORMAL);
        assertThat(n2.srm().peerReachable()).isFalse();
        assertThat(n2.srm().sentence()).contains("no heartbeat").contains(HELD);
        assertThat(n2.alerts()).anyMatch(a -> a.type() == AlertType.PE_PEER_NODE_FAILURE);
    }

    @Test
    void automaticFallbackIsHeldAndRunsWhenMaintenanceEnds() {
        VirtualPair auto = VirtualPair.healthy(VirtualPair.shortTimers().withAutomaticFallback(true, 1_000));
        VirtualNode a1 = auto.n1();
        VirtualNode a2 = auto.n2();
        auto.serviceDown(a1, CriticalService.SIP_PROXY);
        auto.runUntil(() -> a2.srm().state() == RUNNING_IN_BACKUP_MODE, BOUND);
        a1.handle(new SrmEvent.MaintenanceChanged(true));
        a2.handle(new SrmEvent.MaintenanceChanged(true));
        auto.serviceUp(a1, CriticalService.SIP_PROXY);
        auto.runUntil(() -> a1.srm().state() == FAILED_OVER, BOUND);
        auto.runFor(10_000); // ten times the automatic fallback delay
        assertThat(a1.srm().state()).as(auto.describe()).isEqualTo(FAILED_OVER);
        assertThat(a1.srm().sentence()).contains("automatic fallback is due").contains(HELD);
        a1.handle(new SrmEvent.MaintenanceChanged(false));
        a2.handle(new SrmEvent.MaintenanceChanged(false));
        auto.runUntil(() -> auto.settledIn(NORMAL), BOUND);
    }

    @Test
    void settingTheSameValueAgainRaisesNoAlert() {
        maintenance(false);
        assertThat(n1.alerts()).noneMatch(a -> a.type() == AlertType.MAINTENANCE_MODE);
    }
}
