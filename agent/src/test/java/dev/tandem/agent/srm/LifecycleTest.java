package dev.tandem.agent.srm;

import static dev.tandem.agent.srm.NodeState.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Start, restart, HA enabled, recovery (§6) and the configuration agreement of M24. */
class LifecycleTest {
    private static final Reason ADMIN = Reason.ON_ADMIN_REQUEST;

    @Test
    void aRestartAfterAManualFailoverKeepsTheServicesStoppedAndSaysWhereItWas() {
        Solo s = Solo.started(new PersistedState(IDLE, ADMIN, 0, true), false, false);
        assertThat(s.state()).isEqualTo(INITIALIZING);
        assertThat(s.srm.servicesStoppedBySrm()).isTrue();
        assertThat(s.commands).contains(new SrmCommand.StopCriticalServices());
        assertThat(s.commands).anyMatch(c -> c instanceof SrmCommand.SendStatusToPeer);
        assertThat(s.srm.sentence()).contains("restarted; it was Idle (On Admin Request)");
        assertThat(s.srm.status().resumeState()).as("told to the peer (M6)").isEqualTo(IDLE);
        s.peer(RUNNING_IN_BACKUP_MODE, ADMIN);
        assertThat(s.state()).as("M5").isEqualTo(IDLE);
        assertThat(s.srm.status().resumeState()).isNull();
    }

    @Test
    void aNodeRestartedInTheMiddleOfAManualFailoverEndsIdleWithFallbackOffered() {
        // fault campaign seed 6 with the witness: node 1 killed while handing its users over
        // (Failing Over, On Admin Request, services stopped by its SRM), restarted; its peer, also
        // restarted, goes on taking the users over. It used to end Failed Over with Critical
        // Services Not Running (Initialization) with nothing offered, even after an operator
        // started the services: the SRM still counted them as stopped on purpose.
        Solo s = Solo.started(new PersistedState(FAILING_OVER, ADMIN, 0, true), false, false);
        assertThat(s.commands).contains(new SrmCommand.StopCriticalServices());
        s.peer(TAKING_OVER, Reason.INITIALIZATION);
        assertThat(s.state()).isEqualTo(FAILING_OVER);
        s.peer(RUNNING_IN_BACKUP_MODE, Reason.INITIALIZATION);
        assertThat(s.state()).as("what a manual failover ends in: its services stay stopped on purpose").isEqualTo(IDLE);
        assertThat(s.srm.refusal(AdminAction.FALLBACK)).as("the way back is offered").isEmpty();
    }

    @Test
    void aFirstStartStopsNothing() {
        Solo s = Solo.started(null, true, false);
        assertThat(s.srm.servicesStoppedBySrm()).isFalse();
        assertThat(s.commands).doesNotContain(new SrmCommand.StopCriticalServices());
        assertThat(s.srm.sentence()).contains("started; waiting for its peer");
        assertThat(s.srm.status().resumeState()).isNull();
        assertThat(s.srm.node()).isEqualTo("n1");
        assertThat(s.srm.haEnabled()).isTrue();
        assertThat(s.srm.peerReachable()).isFalse();
    }

    @Test
    void settlingIdleStopsTheCriticalServices() {
        Solo s = Solo.started(new PersistedState(IDLE, ADMIN, 0, false), false, false);
        assertThat(s.commands).doesNotContain(new SrmCommand.StopCriticalServices());
        Decision d = s.peer(RUNNING_IN_BACKUP_MODE, ADMIN);
        assertThat(s.state()).isEqualTo(IDLE);
        assertThat(d.commands()).contains(new SrmCommand.StopCriticalServices());
        assertThat(s.srm.servicesStoppedBySrm()).isTrue();
        assertThat(Solo.moves(d)).as("it serves nobody already").isEmpty();
    }

    @Test
    void aResumedStateSkipsAMoveThatChangesNothingButTakingOverAlwaysMoves() {
        Solo backup = Solo.settled(RUNNING_IN_BACKUP_MODE, false, true, true, IDLE, ADMIN);
        assertThat(backup.state()).isEqualTo(RUNNING_IN_BACKUP_MODE);
        assertThat(backup.moves()).isEmpty();
        Solo taking = Solo.settled(null, false, true, true, IDLE, ADMIN);
        assertThat(taking.state()).isEqualTo(TAKING_OVER);
        assertThat(taking.moves()).as("Taking Over waits for its move's result").containsExactly(MoveKind.TAKE_ALL);
        Solo fresh = Solo.settled(RUNNING_IN_BACKUP_MODE, false, true, false, IDLE, ADMIN);
        assertThat(fresh.moves()).containsExactly(MoveKind.TAKE_ALL);
    }

    @Test
    void withoutHaAndWithoutAPeerANodeServesItsOwnUsers() {
        Solo s = new Solo(false);
        s.on(new SrmEvent.Started(null, Solo.INCARNATION, false, true));
        s.advance(Solo.P.initializationHeartbeatTimeoutMs());
        assertThat(s.state()).isEqualTo(NORMAL);
        assertThat(s.reason()).isEqualTo(Reason.NORMAL);
        assertThat(s.moves()).containsExactly(MoveKind.RESET_TO_HOME);
        assertThat(s.srm.haEnabled()).isFalse();
    }

    @Test
    void enablingHaReinitializesUnderANewIncarnationAndWatchesThePeerAfresh() {
        Solo s = new Solo(false);
        s.on(new SrmEvent.Started(null, Solo.INCARNATION, true, false));
        s.advance(Solo.P.initializationHeartbeatTimeoutMs());
        assertThat(s.state()).isEqualTo(NORMAL);
        s.clear();
        s.on(new SrmEvent.HaEnabledChanged(true));
        assertThat(s.state()).as("the lost peer is forgotten: it gets a new initialization timeout")
                .isEqualTo(INITIALIZING);
        assertThat(s.srm.status().incarnation()).isEqualTo(Solo.INCARNATION + 1);
        assertThat(s.commands).anyMatch(c -> c instanceof SrmCommand.SendStatusToPeer);
        s.on(new SrmEvent.HaEnabledChanged(true));
        assertThat(s.srm.status().incarnation()).as("no change: nothing happens").isEqualTo(Solo.INCARNATION + 1);
        s.peer(NORMAL, Reason.NORMAL);
        assertThat(s.state()).isEqualTo(NORMAL);
    }

    @Test
    void enablingHaWhileInitializingRestartsTheHandshake() {
        Solo s = new Solo(false);
        s.on(new SrmEvent.Started(null, Solo.INCARNATION, true, false));
        s.on(new SrmEvent.HaEnabledChanged(true));
        assertThat(s.state()).isEqualTo(INITIALIZING);
        assertThat(s.srm.status().incarnation()).isEqualTo(Solo.INCARNATION + 1);
        s.on(new SrmEvent.HaEnabledChanged(false));
        assertThat(s.srm.haEnabled()).isFalse();
        assertThat(s.state()).as("disabling HA changes no state").isEqualTo(INITIALIZING);
    }

    /** A failed backup node (M15) that still holds both nodes' users, its SIP proxy down. */
    private static Solo failedBackupWithServiceDown() {
        Solo s = Solo.settled(RUNNING_IN_BACKUP_MODE, false, true, true, IDLE, ADMIN);
        s.on(new SrmEvent.CriticalServiceDown(CriticalService.SIP_PROXY));
        s.advance(Solo.P.criticalServiceDownDelayMs());
        assertThat(s.state()).isEqualTo(RUNNING_IN_FAILED_MODE);
        s.clear();
        return s;
    }

    @Test
    void recoveryRestartsTheServicesAndSettlesOnlyOnceTheyRun() {
        Solo s = failedBackupWithServiceDown();
        s.peer(RUNNING_IN_FAILED_MODE, Reason.CRITICAL_SERVICES_DOWN);
        s.clear();
        Decision d = s.on(new SrmEvent.AdminRequest(AdminAction.RECOVERY, "ops"));
        assertThat(d.commands()).contains(new SrmCommand.RequestPeerRecovery(), new SrmCommand.StartCriticalServices());
        assertThat(s.state()).isEqualTo(INITIALIZING);
        assertThat(s.srm.peer()).as("watched afresh").isNull();
        s.peer(NORMAL, Reason.NORMAL);
        assertThat(s.state()).as("services still starting").isEqualTo(INITIALIZING);
        s.on(new SrmEvent.CriticalServiceUp(CriticalService.SIP_PROXY));
        s.on(new SrmEvent.CriticalServicesStarted());
        assertThat(s.state()).isEqualTo(NORMAL);
        assertThat(s.srm.servicesDown()).isEmpty();
    }

    @Test
    void recoveryLetsGoOfEveryUserWhenThePeerServesThem() {
        Solo s = failedBackupWithServiceDown();
        s.peer(RUNNING_IN_BACKUP_MODE, Reason.PEER_DOWN);
        s.clear();
        Decision d = s.on(new SrmEvent.AdminRequest(AdminAction.RECOVERY, "ops"));
        assertThat(Solo.moves(d)).containsExactly(MoveKind.GIVE_ALL);
    }

    @Test
    void recoveryOfANodeThatStoppedItsServicesNoLongerHoldsThemDown() {
        Solo s = Solo.settled(IDLE, true, false, false, RUNNING_IN_BACKUP_MODE, ADMIN);
        s.peer(FAILOVER_AFFECTED_SERVICES, Reason.AUTO_RECOVER_CRITICAL_SERVICE_DOWN);
        assertThat(s.state()).isEqualTo(RUNNING_IN_FAILED_MODE);
        assertThat(s.srm.servicesStoppedBySrm()).isTrue();
        s.on(new SrmEvent.PeerRecoveryRequested());
        assertThat(s.state()).as("the peer asked: a failed node joins in").isEqualTo(INITIALIZING);
        assertThat(s.srm.servicesStoppedBySrm()).isFalse();
        assertThat(s.srm.healthy()).isTrue();
    }

    // ------------------------------------------------------------------ M24

    private static PeerStatus otherParameters(Solo s, NodeState st, boolean servesUs) {
        return new PeerStatus("n2", st, Reason.NORMAL, true, Solo.P.withCriticalServiceDownDelay(400).fingerprint(),
                true, true, null, 22, s.srm.status().incarnation(), servesUs);
    }

    @Test
    void disagreeingPeersLetGoOfEveryUserThenServeTheirOwnAndResumeOnceTheyAgree() {
        Solo s = Solo.settled(RUNNING_IN_BACKUP_MODE, false, true, true, IDLE, ADMIN);
        s.clear();
        Decision d = s.peer(otherParameters(s, IDLE, false));
        assertThat(s.state()).as("M24").isEqualTo(UNKNOWN);
        assertThat(s.srm.configProblem()).contains("criticalServiceDownDelayMs 300 here, 400 there");
        assertThat(Solo.moves(d)).containsExactly(MoveKind.GIVE_ALL);
        assertThat(d.commands()).as("a restart resumes the state before Unknown")
                .anyMatch(c -> c instanceof SrmCommand.PersistState p && p.state() == RUNNING_IN_BACKUP_MODE
                        && p.reason() == Reason.UNKNOWN);
        s.clear();
        s.peer(otherParameters(s, UNKNOWN, true));
        s.peer(otherParameters(s, RUNNING_IN_BACKUP_MODE, false));
        s.peer(otherParameters(s, INITIALIZING, false));
        assertThat(s.moves()).as("the peer may still serve this node's users").isEmpty();
        s.peer(otherParameters(s, UNKNOWN, false));
        assertThat(s.moves()).containsExactly(MoveKind.TAKE_BACK);
        s.peer(otherParameters(s, UNKNOWN, false));
        assertThat(s.moves()).as("once").containsExactly(MoveKind.TAKE_BACK);
        s.peer(s.status(UNKNOWN, Reason.UNKNOWN));
        assertThat(s.srm.configProblem()).isNull();
        assertThat(s.state()).isEqualTo(INITIALIZING);
        assertThat(s.srm.status().resumeState()).isEqualTo(RUNNING_IN_BACKUP_MODE);
    }

    @Test
    void aNormalNodeThatDisagreesPersistsNormalAndAnIdleOneMovesNothing() {
        Solo s = Solo.settled(null, false, true, false, NORMAL, Reason.NORMAL);
        s.clear();
        Decision d = s.peer(otherParameters(s, NORMAL, false));
        assertThat(d.commands()).anyMatch(c -> c instanceof SrmCommand.PersistState p && p.state() == NORMAL);
        assertThat(Solo.moves(d)).containsExactly(MoveKind.GIVE_ALL);
        Solo idle = Solo.settled(IDLE, true, false, false, RUNNING_IN_BACKUP_MODE, ADMIN);
        idle.clear();
        Decision i = idle.peer(otherParameters(idle, RUNNING_IN_BACKUP_MODE, true));
        assertThat(idle.state()).isEqualTo(UNKNOWN);
        assertThat(Solo.moves(i)).isEmpty();
        assertThat(i.commands()).anyMatch(c -> c instanceof SrmCommand.PersistState p && p.state() == IDLE);
    }

    @Test
    void aRestartedNodeThatDisagreesResumesItsPersistedState() {
        Solo s = Solo.started(new PersistedState(FAILED_OVER, ADMIN, 0, false), false, false);
        Decision d = s.peer(otherParameters(s, RUNNING_IN_BACKUP_MODE, true));
        assertThat(s.state()).isEqualTo(UNKNOWN);
        assertThat(d.commands()).anyMatch(c -> c instanceof SrmCommand.PersistState p && p.state() == FAILED_OVER);
    }

    // ------------------------------------------------------------------ what the node reports

    @Test
    void theQueriesSayWhatTheNodeKnows() {
        Solo s = Solo.settled(null, false, true, false, NORMAL, Reason.NORMAL);
        long heardAt = s.now;
        assertThat(s.srm.lastHeartbeatMs()).isEqualTo(heardAt);
        assertThat(s.srm.sinceMs()).isEqualTo(heardAt);
        assertThat(s.srm.peerReachable()).isTrue();
        assertThat(s.srm.missedHeartbeats(heardAt + 3 * Solo.P.heartbeatIntervalMs() + 10)).isEqualTo(3);
        s.advance(50);
        s.on(new SrmEvent.CriticalServiceDown(CriticalService.SYNC_AGENT));
        assertThat(s.srm.servicesDown()).containsExactly(CriticalService.SYNC_AGENT);
        assertThat(s.srm.healthy()).isFalse();
        assertThat(s.srm.databaseUp()).isTrue();
        assertThat(s.srm.sinceMs()).as("no transition since").isEqualTo(heardAt);
        assertThat(s.srm.servicesStoppedBySrm()).isFalse();
    }
}
