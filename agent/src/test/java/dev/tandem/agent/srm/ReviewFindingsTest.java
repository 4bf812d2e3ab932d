package dev.tandem.agent.srm;

import static dev.tandem.agent.srm.NodeState.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.whatif.VirtualPair;
import dev.tandem.agent.whatif.VirtualNode;
import org.junit.jupiter.api.Test;

/**
 * Scenarios from an independent review of the SRM against the guide; each once showed a
 * defect (a pair stuck, users served twice or by nobody, an action offered that fails).
 */
class ReviewFindingsTest {
    private static final long BOUND = 60_000;

    /** The guide's remedy for M24 (fix the configuration, restart the SRM on both) must settle. */
    @Test
    void restartingBothAfterM24Settles() {
        VirtualPair h = new VirtualPair(VirtualPair.shortTimers());
        h.n2().setHaEnabled(false);
        h.start(h.n1());
        h.start(h.n2());
        h.runUntil(() -> h.n1().srm().state() == UNKNOWN && h.n2().srm().state() == UNKNOWN, BOUND);
        assertThat(h.n1().disk().state()).as("Unknown is about configuration, not persisted").isNotEqualTo(UNKNOWN);
        h.n2().setHaEnabled(true);
        h.kill(h.n1());
        h.kill(h.n2());
        h.start(h.n1());
        h.start(h.n2());
        h.runUntil(() -> h.settledIn(NORMAL), BOUND);
        assertThat(h.row().orElseThrow().row().id()).isEqualTo("M1");
    }

    /** Recovery clicked on a node failed alone while its peer serves its users: never serve twice. */
    @Test
    void recoveryOfALoneFailedNodeDoesNotServeTwice() {
        VirtualPair h = VirtualPair.healthy(VirtualPair.shortTimers());
        VirtualNode n1 = h.n1();
        VirtualNode n2 = h.n2();
        h.serviceDown(n1, CriticalService.SIP_PROXY);
        h.runUntil(() -> n1.srm().state() == FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING
                && n2.srm().state() == RUNNING_IN_BACKUP_MODE, BOUND);
        h.partition(true);
        h.restart(n1);
        h.runUntil(() -> n1.srm().state() == RUNNING_IN_FAILED_MODE, BOUND);
        h.partition(false);
        h.runUntil(() -> !n1.serving().contains("n1"), BOUND); // the failed node lets go once it hears its peer
        assertThat(n2.serving()).contains("n1");
        assertThat(h.admin(n1, AdminAction.RECOVERY).isRefused()).isFalse();
        h.runUntil(() -> n1.srm().state() != INITIALIZING, BOUND);
        assertThat(n1.serving().contains("n1") && n2.serving().contains("n1")).as(h.describe()).isFalse();
        assertThat(n1.srm().state()).as("the peer still serves its users: failed over, fallback offered")
                .isEqualTo(FAILED_OVER);
        assertThat(h.admin(n1, AdminAction.FALLBACK).isRefused()).isFalse();
        h.runUntil(() -> h.settledIn(NORMAL), BOUND);
        assertThat(n1.serving()).containsExactly("n1");
        assertThat(n2.serving()).containsExactly("n2");
    }

    /** A healthy node whose SRM restarts while its peer alone is failed keeps serving its own users. */
    @Test
    void restartOfAHealthyNodeBesideAFailedPeerKeepsItsUsers() {
        VirtualPair h = VirtualPair.healthy(VirtualPair.shortTimers());
        VirtualNode n1 = h.n1();
        VirtualNode n2 = h.n2();
        h.serviceDown(n2, CriticalService.SIP_PROXY);
        h.runFor(50);
        h.serviceDown(n1, CriticalService.SYNC_AGENT); // n1 briefly unhealthy, so n2 fails alone
        h.runUntil(() -> n2.srm().state() == RUNNING_IN_FAILED_MODE, BOUND);
        h.serviceUp(n1, CriticalService.SYNC_AGENT);
        h.runFor(1_000);
        assertThat(n1.srm().state()).isEqualTo(NORMAL);
        h.restart(n1);
        h.runUntil(() -> n1.srm().state() != INITIALIZING, BOUND);
        h.runFor(1_000);
        assertThat(n1.serving()).as(h.describe()).contains("n1");
        assertThat(n2.serving()).doesNotContain("n1");
    }

    /** After a manual failover the backup dies: nobody serves, so the operator is told, and fallback works. */
    @Test
    void idleNodeWhoseBackupDiesAlertsAndCanFallBackAlone() {
        VirtualPair h = VirtualPair.healthy(VirtualPair.shortTimers());
        h.admin(h.n1(), AdminAction.FAILOVER);
        h.runUntil(() -> h.n1().srm().state() == IDLE && h.n2().srm().state() == RUNNING_IN_BACKUP_MODE, BOUND);
        h.kill(h.n2());
        h.runUntil(() -> h.n1().srm().peer() == null, BOUND);
        h.runFor(5_000);
        assertThat(h.n1().alerts()).filteredOn(a -> a.type() == AlertType.PE_AUTO_RECOVERY_FAILED)
                .hasSize(1).first().extracting(SrmCommand.RaiseAlert::text).asString().contains("fall back to n1");
        assertThat(h.admin(h.n1(), AdminAction.FALLBACK).isRefused()).isFalse();
        h.runUntil(() -> h.n1().srm().state() == RUNNING_IN_BACKUP_MODE, BOUND);
        assertThat(h.n1().serving()).containsExactlyInAnyOrder("n1", "n2");
    }

    /** A failed-over node whose backup dies serves everyone (Backup Activated), rather than nobody. */
    @Test
    void failedOverNodeWhoseBackupDiesServesEveryone() {
        VirtualPair h = VirtualPair.healthy(VirtualPair.shortTimers());
        h.serviceDown(h.n1(), CriticalService.SIP_PROXY);
        h.runUntil(() -> h.n1().srm().state() == FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING, BOUND);
        h.serviceUp(h.n1(), CriticalService.SIP_PROXY);
        h.runUntil(() -> h.n1().srm().state() == FAILED_OVER, BOUND);
        h.kill(h.n2());
        h.runUntil(() -> h.n1().srm().state() == BACKUP_ACTIVATED, BOUND);
        assertThat(h.n1().srm().reason()).isEqualTo(Reason.PEER_DOWN);
        assertThat(h.n1().serving()).containsExactlyInAnyOrder("n1", "n2");
    }

    /** With automatic fallback on, node 2's users come home after M23 once it is repaired. */
    @Test
    void automaticFallbackAlsoAfterAutomaticRecovery() {
        VirtualPair h = VirtualPair.healthy(VirtualPair.shortTimers().withAutomaticFallback(true, 2_000));
        VirtualNode n1 = h.n1();
        VirtualNode n2 = h.n2();
        h.serviceDown(n1, CriticalService.SIP_PROXY);
        h.runUntil(() -> n1.srm().state() == FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING, BOUND);
        h.serviceUp(n1, CriticalService.SIP_PROXY);
        h.runUntil(() -> n1.srm().state() == FAILED_OVER, BOUND);
        h.serviceDown(n2, CriticalService.XCP_ROUTER);
        h.runUntil(() -> n1.srm().state() == BACKUP_ACTIVATED, BOUND);
        h.serviceUp(n2, CriticalService.XCP_ROUTER);
        h.runUntil(() -> h.settledIn(NORMAL), BOUND);
        assertThat(n2.transitions()).anyMatch(t -> t.to() == TAKING_BACK && t.reason() == Reason.AUTOMATIC_FALLBACK);
        assertThat(n1.serving()).containsExactly("n1");
        assertThat(n2.serving()).containsExactly("n2");
    }

    /** Manual failover onto a peer that could not serve is refused, and the peer hears health changes at once. */
    @Test
    void noManualFailoverOntoAnUnhealthyPeer() {
        VirtualPair h = VirtualPair.healthy(VirtualPair.shortTimers());
        h.serviceDown(h.n2(), CriticalService.PRESENCE_ENGINE);
        h.runFor(10); // one link delay, far less than a heartbeat interval
        assertThat(h.n1().srm().refusal(AdminAction.FAILOVER)).get().asString()
                .contains("peer n2 has critical services down");
        assertThat(h.admin(h.n1(), AdminAction.FAILOVER).isRefused()).isTrue();
        h.serviceUp(h.n2(), CriticalService.PRESENCE_ENGINE);
        h.runFor(10);
        assertThat(h.n1().srm().refusal(AdminAction.FAILOVER)).isEmpty();
    }

    /** Fallback brings users home even with high availability switched off (on both nodes). */
    @Test
    void fallbackWorksWithHighAvailabilityOff() {
        VirtualPair h = VirtualPair.healthy(VirtualPair.shortTimers());
        h.admin(h.n1(), AdminAction.FAILOVER);
        h.runUntil(() -> h.n1().srm().state() == IDLE && h.n2().srm().state() == RUNNING_IN_BACKUP_MODE, BOUND);
        h.n1().handle(new SrmEvent.HaEnabledChanged(false));
        h.n2().handle(new SrmEvent.HaEnabledChanged(false));
        h.runFor(1_000);
        assertThat(h.n1().srm().state()).isEqualTo(IDLE);
        assertThat(h.admin(h.n1(), AdminAction.FALLBACK).isRefused()).isFalse();
        h.runUntil(() -> h.settledIn(NORMAL), BOUND);
        assertThat(h.n1().serving()).containsExactly("n1");
    }
}
