package dev.tandem.agent.srm;

import static dev.tandem.agent.srm.NodeState.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.matrix.MatrixMatch;
import dev.tandem.agent.whatif.VirtualPair;
import dev.tandem.agent.whatif.VirtualNode;
import org.junit.jupiter.api.Test;

/**
 * One test per row of the guide's state matrix (ha-behaviour.md §7): each drives a pair
 * from a healthy start (or a restart) through the events the guide describes and checks
 * both nodes' state and reason and the matched row. Runs on a virtual clock.
 */
class StateMatrixScenarioTest {
    private static final long BOUND = 60_000;

    private final VirtualPair h = VirtualPair.healthy(VirtualPair.shortTimers());
    private final VirtualNode n1 = h.n1();
    private final VirtualNode n2 = h.n2();

    private void expect(VirtualNode node, NodeState state, Reason reason) {
        assertThat(node.srm().state()).as(node.name() + " state; " + h.describe()).isEqualTo(state);
        assertThat(node.srm().reason()).as(node.name() + " reason; " + h.describe()).isEqualTo(reason);
    }

    private void expectRow(String id, VirtualNode node1) {
        MatrixMatch m = h.row().orElseThrow(() -> new AssertionError("no matrix row matches; " + h.describe()));
        assertThat(m.row().id()).as(h.describe()).isEqualTo(id);
        if (!m.row().node1().equals(m.row().node2())) {
            // in symmetric rows (M1, M14, M15, M19-M21, M24) both sides look alike: node 1 is not told by states
            assertThat(m.node1()).as("node 1 of " + id).isEqualTo(node1.name());
        }
    }

    private void settle(VirtualNode node, NodeState state) {
        h.runUntil(() -> node.alive() && node.srm().state() == state, BOUND);
    }

    /** M3: manual failover of n1 complete. */
    private void failOverN1ByAdmin() {
        assertThat(h.admin(n1, AdminAction.FAILOVER).refusal()).isNull();
        settle(n1, IDLE);
        expectRow("M3", n1);
    }

    /** M12 then M11: a critical service of n1 down past the delay, then up again. */
    private void failOverN1ByServiceThenRepair() {
        h.serviceDown(n1, CriticalService.SIP_PROXY);
        settle(n1, FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING);
        h.runUntil(() -> n2.srm().state() == RUNNING_IN_BACKUP_MODE, BOUND);
        h.serviceUp(n1, CriticalService.SIP_PROXY);
        settle(n1, FAILED_OVER);
        h.runUntil(() -> n2.srm().peer() != null && n2.srm().peer().state() == FAILED_OVER, BOUND);
    }

    @Test
    void m01_normalOperation() {
        expect(n1, NORMAL, Reason.NORMAL);
        expect(n2, NORMAL, Reason.NORMAL);
        expectRow("M1", n1);
        assertThat(n1.serving()).containsExactly("n1");
        assertThat(n2.serving()).containsExactly("n2");
    }

    @Test
    void m02_manualFailoverInProgress() {
        n2.holdMoves(true);
        h.admin(n1, AdminAction.FAILOVER);
        h.runFor(50);
        expect(n1, FAILING_OVER, Reason.ON_ADMIN_REQUEST);
        expect(n2, TAKING_OVER, Reason.ON_ADMIN_REQUEST);
        expectRow("M2", n1);
    }

    @Test
    void m03_manualFailoverComplete() {
        failOverN1ByAdmin();
        expect(n1, IDLE, Reason.ON_ADMIN_REQUEST);
        expect(n2, RUNNING_IN_BACKUP_MODE, Reason.ON_ADMIN_REQUEST);
        assertThat(n2.serving()).containsExactlyInAnyOrder("n1", "n2");
        assertThat(n1.serving()).isEmpty();
        assertThat(n1.srm().servicesStoppedBySrm()).as("critical services stay down until a fallback").isTrue();
    }

    @Test
    void m04_manualFallbackInProgressThenNormal() {
        failOverN1ByAdmin();
        n1.holdMoves(true);
        h.admin(n1, AdminAction.FALLBACK);
        h.runFor(50);
        expect(n1, TAKING_BACK, Reason.ON_ADMIN_REQUEST);
        expect(n2, FALLING_BACK, Reason.ON_ADMIN_REQUEST);
        expectRow("M4", n1);
        n1.releaseHeldMoves();
        h.runUntil(() -> n1.srm().state() == NORMAL && n2.srm().state() == NORMAL, BOUND);
        expectRow("M1", n1);
        assertThat(n1.serving()).containsExactly("n1");
        assertThat(n2.serving()).containsExactly("n2");
    }

    @Test
    void m05_srmOfIdleNodeRestarted() {
        failOverN1ByAdmin();
        h.restart(n1);
        settle(n1, IDLE);
        expect(n1, IDLE, Reason.INITIALIZATION);
        expect(n2, RUNNING_IN_BACKUP_MODE, Reason.ON_ADMIN_REQUEST);
        expectRow("M5", n1);
        assertThat(n1.srm().servicesStoppedBySrm()).isTrue();
    }

    @Test
    void m06_bothRestartedDuringManualFailover() {
        failOverN1ByAdmin();
        h.kill(n1);
        h.kill(n2);
        h.start(n2);
        h.start(n1);
        h.runUntil(() -> n1.srm().state() == IDLE && n2.srm().state() == RUNNING_IN_BACKUP_MODE, BOUND);
        expect(n1, IDLE, Reason.INITIALIZATION);
        expect(n2, RUNNING_IN_BACKUP_MODE, Reason.INITIALIZATION);
        expectRow("M6", n1);
        assertThat(n2.serving()).containsExactlyInAnyOrder("n1", "n2");
    }

    @Test
    void m07_backupSrmRestartedBeforeTimeout() {
        failOverN1ByAdmin();
        h.restart(n2);
        settle(n2, RUNNING_IN_BACKUP_MODE);
        expect(n1, IDLE, Reason.ON_ADMIN_REQUEST);
        expect(n2, RUNNING_IN_BACKUP_MODE, Reason.INITIALIZATION);
        expectRow("M7", n1);
    }

    @Test
    void m08_takingOverSrmRestarted() {
        n2.holdMoves(true);
        h.admin(n1, AdminAction.FAILOVER);
        h.runFor(50);
        expectRow("M2", n1);
        h.restart(n2);
        settle(n2, TAKING_OVER);
        expect(n1, FAILING_OVER, Reason.ON_ADMIN_REQUEST);
        expect(n2, TAKING_OVER, Reason.INITIALIZATION);
        expectRow("M8", n1);
        n2.releaseHeldMoves();
        settle(n1, IDLE);
        expectRow("M7", n1); // the takeover finishes in backup mode, reason Initialization
    }

    @Test
    void m09_takingBackSrmRestartedThenBothNormal() {
        failOverN1ByAdmin();
        n1.holdMoves(true);
        h.admin(n1, AdminAction.FALLBACK);
        h.runFor(50);
        expectRow("M4", n1);
        h.restart(n1);
        h.runUntil(() -> n1.srm().state() == TAKING_BACK, BOUND);
        h.runFor(50);
        expect(n1, TAKING_BACK, Reason.INITIALIZATION);
        expect(n2, FALLING_BACK, Reason.ON_ADMIN_REQUEST);
        expectRow("M9", n1);
        n1.releaseHeldMoves();
        h.runUntil(() -> n1.srm().state() == NORMAL && n2.srm().state() == NORMAL, BOUND);
        expectRow("M1", n1);
    }

    @Test
    void m10_automaticFallbackInProgress() {
        VirtualPair auto = VirtualPair.healthy(VirtualPair.shortTimers().withAutomaticFallback(true, 2_000));
        VirtualNode a1 = auto.n1();
        VirtualNode a2 = auto.n2();
        auto.serviceDown(a1, CriticalService.XCP_ROUTER);
        auto.runUntil(() -> a1.srm().state() == FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING, BOUND);
        auto.serviceUp(a1, CriticalService.XCP_ROUTER);
        auto.runUntil(() -> a1.srm().state() == FAILED_OVER, BOUND);
        a1.holdMoves(true);
        auto.runUntil(() -> a1.srm().state() == TAKING_BACK, BOUND);
        auto.runFor(50);
        assertThat(a1.srm().reason()).isEqualTo(Reason.AUTOMATIC_FALLBACK);
        assertThat(a2.srm().state()).isEqualTo(FALLING_BACK);
        assertThat(a2.srm().reason()).isEqualTo(Reason.AUTOMATIC_FALLBACK);
        assertThat(auto.row().orElseThrow().row().id()).isEqualTo("M10");
        a1.releaseHeldMoves();
        auto.runUntil(() -> a1.srm().state() == NORMAL && a2.srm().state() == NORMAL, BOUND);
    }

    @Test
    void m11_criticalServicesUpAgainAfterAutomaticFailover() {
        failOverN1ByServiceThenRepair();
        expect(n1, FAILED_OVER, Reason.CRITICAL_SERVICES_DOWN);
        expect(n2, RUNNING_IN_BACKUP_MODE, Reason.CRITICAL_SERVICES_DOWN);
        expectRow("M11", n1);
        assertThat(n1.srm().refusal(AdminAction.FALLBACK)).isEmpty();
    }

    @Test
    void m11_failedOverNodeRebootedComesBackWithInitialization() {
        h.serviceDown(n1, CriticalService.SIP_PROXY);
        settle(n1, FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING);
        h.restart(n1); // a reboot starts its services again
        settle(n1, FAILED_OVER);
        expect(n1, FAILED_OVER, Reason.INITIALIZATION);
        expectRow("M11", n1);
    }

    @Test
    void m12_criticalServiceDownPastDelayFailsOver() {
        h.serviceDown(n1, CriticalService.PRESENCE_ENGINE);
        h.runUntil(() -> n2.srm().state() == RUNNING_IN_BACKUP_MODE
                && n1.srm().state() == FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING, BOUND);
        expect(n1, FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING, Reason.CRITICAL_SERVICES_DOWN);
        expect(n2, RUNNING_IN_BACKUP_MODE, Reason.CRITICAL_SERVICES_DOWN);
        expectRow("M12", n1);
        assertThat(n1.srm().refusal(AdminAction.FALLBACK)).get().asString().contains("start its critical services");
    }

    @Test
    void m13_databaseFailureFailsOver() {
        h.databaseDown(n1);
        h.runUntil(() -> n2.srm().state() == RUNNING_IN_BACKUP_MODE
                && n1.srm().state() == FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING, BOUND);
        expect(n1, FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING, Reason.DATABASE_FAILURE);
        expect(n2, RUNNING_IN_BACKUP_MODE, Reason.DATABASE_FAILURE);
        expectRow("M13", n1);
    }

    @Test
    void m14_criticalServicesFailToStartDuringFallback() {
        failOverN1ByAdmin();
        n1.failNextServiceStart();
        h.admin(n1, AdminAction.FALLBACK);
        h.runUntil(() -> n1.srm().state() == RUNNING_IN_FAILED_MODE && n2.srm().state() == RUNNING_IN_FAILED_MODE, BOUND);
        expect(n1, RUNNING_IN_FAILED_MODE, Reason.CRITICAL_SERVICE_START_FAILED);
        expect(n2, RUNNING_IN_FAILED_MODE, Reason.CRITICAL_SERVICE_START_FAILED);
        expectRow("M14", n1);
        recoverToNormal();
    }

    @Test
    void m15_backupNodeLosesCriticalServiceWhileHomeIsIdle() {
        failOverN1ByAdmin();
        h.serviceDown(n2, CriticalService.CLIENT_PROFILE_AGENT);
        h.runUntil(() -> n1.srm().state() == RUNNING_IN_FAILED_MODE && n2.srm().state() == RUNNING_IN_FAILED_MODE, BOUND);
        expect(n1, RUNNING_IN_FAILED_MODE, Reason.CRITICAL_SERVICES_DOWN);
        expect(n2, RUNNING_IN_FAILED_MODE, Reason.CRITICAL_SERVICES_DOWN);
        expectRow("M15", n1);
        assertThat(n2.alerts()).anyMatch(a -> a.type() == AlertType.SRM_FAILED);
        h.serviceUp(n2, CriticalService.CLIENT_PROFILE_AGENT);
        recoverToNormal();
    }

    @Test
    void m16_peerKilledAbruptly() {
        h.kill(n1);
        h.runUntil(() -> n2.srm().state() == RUNNING_IN_BACKUP_MODE, BOUND);
        expect(n2, RUNNING_IN_BACKUP_MODE, Reason.PEER_DOWN);
        expectRow("M16", n1);
        assertThat(n2.serving()).containsExactlyInAnyOrder("n1", "n2");
        assertThat(n2.alerts()).anyMatch(a -> a.type() == AlertType.PE_PEER_NODE_FAILURE);
    }

    @Test
    void m16_networkLostEachSideReportsM16() {
        h.partition(true);
        h.runUntil(() -> n1.srm().state() == RUNNING_IN_BACKUP_MODE && n2.srm().state() == RUNNING_IN_BACKUP_MODE, BOUND);
        assertThat(h.rowSeenBy(n2).orElseThrow().row().id()).isEqualTo("M16");
        assertThat(h.rowSeenBy(n1).orElseThrow().row().id()).isEqualTo("M16");
        // the guide: once the network is repaired the nodes may enter a failed state; recovery fixes it
        h.partition(false);
        h.runUntil(() -> n1.srm().state() == RUNNING_IN_FAILED_MODE && n2.srm().state() == RUNNING_IN_FAILED_MODE, BOUND);
        expectRow("M21", n1);
        assertThat(n1.serving()).containsExactly("n1");
        assertThat(n2.serving()).containsExactly("n2");
        recoverToNormal();
    }

    @Test
    void m17_peerShutDownInOrder() {
        long stoppedAt = h.now();
        h.stopOrderly(n1);
        h.runUntil(() -> n2.srm().state() == RUNNING_IN_BACKUP_MODE, BOUND);
        expect(n2, RUNNING_IN_BACKUP_MODE, Reason.PEER_REBOOT);
        expectRow("M17", n1);
        long tookOverAt = n2.transitions().stream().filter(t -> t.to() == TAKING_OVER && t.atMs() >= stoppedAt)
                .mapToLong(Transition::atMs).findFirst().orElseThrow();
        assertThat(tookOverAt - stoppedAt).as("an announced shutdown is acted on at once, not after the timeout")
                .isLessThan(VirtualPair.shortTimers().heartbeatIntervalMs());
    }

    @Test
    void m18_nodeStartedAloneThenPeerArrives() {
        VirtualPair lone = new VirtualPair(VirtualPair.shortTimers());
        VirtualNode a1 = lone.n1();
        VirtualNode a2 = lone.n2();
        lone.start(a2);
        lone.runUntil(() -> a2.srm().state() == RUNNING_IN_BACKUP_MODE, BOUND);
        assertThat(a2.srm().reason()).isEqualTo(Reason.PEER_DOWN_DURING_INITIALIZATION);
        lone.start(a1);
        lone.runUntil(() -> a1.srm().state() != INITIALIZING, BOUND);
        assertThat(a1.srm().state()).isEqualTo(FAILED_OVER);
        assertThat(a1.srm().reason()).isEqualTo(Reason.INITIALIZATION);
        assertThat(lone.row().orElseThrow().row().id()).isEqualTo("M18");
        assertThat(lone.row().orElseThrow().node1()).isEqualTo("n1");
    }

    @Test
    void m18_peerArrivesWithServicesDown() {
        VirtualPair lone = new VirtualPair(VirtualPair.shortTimers());
        lone.start(lone.n2());
        lone.runUntil(() -> lone.n2().srm().state() == RUNNING_IN_BACKUP_MODE, BOUND);
        lone.start(lone.n1());
        lone.serviceDown(lone.n1(), CriticalService.SYNC_AGENT);
        lone.runUntil(() -> lone.n1().srm().state() != INITIALIZING, BOUND);
        assertThat(lone.n1().srm().state()).isEqualTo(FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING);
        assertThat(lone.row().orElseThrow().row().id()).isEqualTo("M18");
    }

    @Test
    void m19_takeOverUsersFails() {
        n2.failNextMove(MoveKind.TAKE_OVER);
        h.admin(n1, AdminAction.FAILOVER);
        h.runUntil(() -> n1.srm().state() == RUNNING_IN_FAILED_MODE && n2.srm().state() == RUNNING_IN_FAILED_MODE, BOUND);
        expect(n1, RUNNING_IN_FAILED_MODE, Reason.TAKE_OVER_USERS_FAILED);
        expect(n2, RUNNING_IN_FAILED_MODE, Reason.TAKE_OVER_USERS_FAILED);
        expectRow("M19", n1);
        recoverToNormal();
    }

    @Test
    void m20_takeBackUsersFails() {
        failOverN1ByAdmin();
        n1.failNextMove(MoveKind.TAKE_BACK);
        h.admin(n1, AdminAction.FALLBACK);
        h.runUntil(() -> n1.srm().state() == RUNNING_IN_FAILED_MODE && n2.srm().state() == RUNNING_IN_FAILED_MODE, BOUND);
        expect(n1, RUNNING_IN_FAILED_MODE, Reason.TAKE_BACK_USERS_FAILED);
        expect(n2, RUNNING_IN_FAILED_MODE, Reason.TAKE_BACK_USERS_FAILED);
        expectRow("M20", n1);
        recoverToNormal();
    }

    @Test
    void m21_srmRestartedWhilePeerFailed() {
        failOverN1ByAdmin();
        h.serviceDown(n2, CriticalService.CLIENT_PROFILE_AGENT);
        h.runUntil(() -> n1.srm().state() == RUNNING_IN_FAILED_MODE && n2.srm().state() == RUNNING_IN_FAILED_MODE, BOUND);
        h.serviceUp(n2, CriticalService.CLIENT_PROFILE_AGENT);
        h.restart(n1);
        h.runUntil(() -> VirtualPair.is(n1, RUNNING_IN_FAILED_MODE, Reason.UNKNOWN)
                && VirtualPair.is(n2, RUNNING_IN_FAILED_MODE, Reason.UNKNOWN), BOUND);
        expectRow("M21", n1);
        recoverToNormal();
    }

    @Test
    void m22_backupDatabaseFailsWhileHomeFailedOver() {
        failOverN1ByServiceThenRepair();
        h.databaseDown(n2);
        h.runUntil(() -> n1.srm().state() == BACKUP_ACTIVATED, BOUND);
        expect(n1, BACKUP_ACTIVATED, Reason.AUTO_RECOVER_DATABASE_FAILURE);
        expect(n2, FAILOVER_AFFECTED_SERVICES, Reason.AUTO_RECOVER_DATABASE_FAILURE);
        expectRow("M22", n1);
        h.runFor(100);
        assertThat(n1.serving()).containsExactlyInAnyOrder("n1", "n2");
        assertThat(n2.serving()).isEmpty();
    }

    @Test
    void m23_backupCriticalServiceFailsWhileHomeFailedOver() {
        failOverN1ByServiceThenRepair();
        h.serviceDown(n2, CriticalService.XCP_ROUTER);
        h.runUntil(() -> n1.srm().state() == BACKUP_ACTIVATED, BOUND);
        expect(n1, BACKUP_ACTIVATED, Reason.AUTO_RECOVER_CRITICAL_SERVICE_DOWN);
        expect(n2, FAILOVER_AFFECTED_SERVICES, Reason.AUTO_RECOVER_CRITICAL_SERVICE_DOWN);
        expectRow("M23", n1);
        // once repaired, node 2 takes its users back by a manual fallback
        h.serviceUp(n2, CriticalService.XCP_ROUTER);
        assertThat(h.admin(n2, AdminAction.FALLBACK).isRefused()).isFalse();
        h.runUntil(() -> n1.srm().state() == NORMAL && n2.srm().state() == NORMAL, BOUND);
        assertThat(n1.serving()).containsExactly("n1");
        assertThat(n2.serving()).containsExactly("n2");
    }

    /**
     * M24: what makes a state Unknown here is a configuration the peers disagree on: high
     * availability enabled on one node only, or cluster-wide SRM parameters that differ.
     */
    @Test
    void m24_haEnabledOnOneNodeOnly() {
        VirtualPair odd = new VirtualPair(VirtualPair.shortTimers());
        odd.n2().setHaEnabled(false);
        odd.start(odd.n1());
        odd.start(odd.n2());
        odd.runUntil(() -> odd.n1().srm().state() == UNKNOWN && odd.n2().srm().state() == UNKNOWN, BOUND);
        assertThat(odd.n1().srm().reason()).isEqualTo(Reason.UNKNOWN);
        assertThat(odd.row().orElseThrow().row().id()).isEqualTo("M24");
        assertThat(odd.n1().srm().configProblem()).contains("enabled on n1").contains("disabled on n2");
        // enabling HA on the second node brings both back to Normal
        odd.n2().handle(new SrmEvent.HaEnabledChanged(true));
        odd.runUntil(() -> odd.n1().srm().state() == NORMAL && odd.n2().srm().state() == NORMAL, BOUND);
    }

    @Test
    void m24_parametersDifferBetweenPeers() {
        VirtualPair odd = new VirtualPair(VirtualPair.shortTimers());
        odd.n2().setParameters(VirtualPair.shortTimers().withCriticalServiceDownDelay(400));
        odd.start(odd.n1());
        odd.start(odd.n2());
        odd.runUntil(() -> odd.n1().srm().state() == UNKNOWN && odd.n2().srm().state() == UNKNOWN, BOUND);
        assertThat(odd.row().orElseThrow().row().id()).isEqualTo("M24");
        assertThat(odd.n2().srm().configProblem()).contains("parameters differ");
    }

    /** Recovery on one node restarts both SRMs; with healthy nodes the pair returns to M1. */
    private void recoverToNormal() {
        VirtualNode failed = n1.srm().state() == RUNNING_IN_FAILED_MODE || n1.srm().state() == UNKNOWN ? n1 : n2;
        assertThat(h.admin(failed, AdminAction.RECOVERY).isRefused()).as(h.describe()).isFalse();
        h.runUntil(() -> n1.srm().state() == NORMAL && n2.srm().state() == NORMAL, BOUND);
        expectRow("M1", n1);
        assertThat(n1.serving()).containsExactly("n1");
        assertThat(n2.serving()).containsExactly("n2");
        assertThat(n1.srm().healthy()).as("n1 healthy after recovery; " + h.describe()).isTrue();
        assertThat(n2.srm().healthy()).as("n2 healthy after recovery").isTrue();
    }
}
