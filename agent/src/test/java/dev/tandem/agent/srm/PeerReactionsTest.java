package dev.tandem.agent.srm;

import static dev.tandem.agent.srm.NodeState.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * How a node answers its peer's status in each state (§7): one node driven by a scripted peer,
 * so each pair of states is reached exactly. Checks the state, reason and user moves.
 */
class PeerReactionsTest {
    private static final Reason ADMIN = Reason.ON_ADMIN_REQUEST;

    private static Solo normal() {
        Solo s = Solo.settled(null, false, true, false, NORMAL, Reason.NORMAL);
        assertThat(s.state()).isEqualTo(NORMAL);
        s.clear();
        return s;
    }

    /** Running in backup mode, serving both nodes' users (M7 after the restart). */
    private static Solo backup() {
        Solo s = Solo.settled(RUNNING_IN_BACKUP_MODE, false, true, true, IDLE, ADMIN);
        assertThat(s.state()).isEqualTo(RUNNING_IN_BACKUP_MODE);
        s.clear();
        return s;
    }

    @Test
    void normalNodeTakesOverUsersItsPeerGaveAwayWithoutAFailover() {
        Solo s = normal();
        Decision d = s.peer(FAILED_OVER, Reason.CRITICAL_SERVICES_DOWN);
        assertThat(s.state()).isEqualTo(TAKING_OVER);
        assertThat(s.reason()).isEqualTo(Reason.CRITICAL_SERVICES_DOWN);
        assertThat(Solo.moves(d)).containsExactly(MoveKind.TAKE_OVER);
        s.on(new SrmEvent.UsersMoved(MoveKind.TAKE_OVER, 5));
        assertThat(s.state()).isEqualTo(RUNNING_IN_BACKUP_MODE);
    }

    @Test
    void normalNodeAnswersAFailingOverPeerByTakingOver() {
        Solo s = normal();
        Decision d = s.peer(FAILING_OVER, ADMIN);
        assertThat(s.state()).isEqualTo(TAKING_OVER);
        assertThat(s.reason()).isEqualTo(ADMIN);
        assertThat(Solo.moves(d)).containsExactly(MoveKind.TAKE_OVER);
    }

    @Test
    void normalNodeSeeingItsPeerServeItsUsersIsASplit() {
        Solo s = normal();
        Decision d = s.peer(RUNNING_IN_BACKUP_MODE, Reason.PEER_DOWN);
        assertThat(s.state()).isEqualTo(RUNNING_IN_FAILED_MODE);
        assertThat(s.reason()).isEqualTo(Reason.UNKNOWN);
        assertThat(Solo.moves(d)).as("a Normal node holds only its own users: nothing to give back").isEmpty();
        assertThat(s.srm.sentence()).contains("claim the same users");
    }

    @Test
    void takingOverNodeSeeingItsPeerNormalIsASplitAndLetsThePeersUsersGo() {
        Solo s = Solo.settled(null, false, true, false, IDLE, ADMIN);
        assertThat(s.state()).isEqualTo(TAKING_OVER);
        s.clear();
        Decision d = s.peer(NORMAL, Reason.NORMAL);
        assertThat(s.state()).isEqualTo(RUNNING_IN_FAILED_MODE);
        assertThat(s.reason()).isEqualTo(Reason.UNKNOWN);
        assertThat(Solo.moves(d)).contains(MoveKind.GIVE_BACK);
    }

    @Test
    void backupNodeFollowsAPeerThatGaveUpOnTheGroupOnlyWhenItSaysUnknown() {
        Solo s = backup();
        s.peer(RUNNING_IN_FAILED_MODE, Reason.TAKE_BACK_USERS_FAILED);
        assertThat(s.state()).as("a peer failed for its own reason does not split the group")
                .isEqualTo(RUNNING_IN_BACKUP_MODE);
        Decision d = s.peer(RUNNING_IN_FAILED_MODE, Reason.UNKNOWN);
        assertThat(s.state()).isEqualTo(RUNNING_IN_FAILED_MODE);
        assertThat(s.reason()).isEqualTo(Reason.UNKNOWN);
        assertThat(Solo.moves(d)).containsExactly(MoveKind.GIVE_BACK);
    }

    @Test
    void backupNodeHandsUsersBackToATakingBackPeerWithItsReason() {
        Solo s = backup();
        Decision d = s.peer(TAKING_BACK, Reason.AUTOMATIC_FALLBACK);
        assertThat(s.state()).isEqualTo(FALLING_BACK);
        assertThat(s.reason()).isEqualTo(Reason.AUTOMATIC_FALLBACK);
        assertThat(Solo.moves(d)).containsExactly(MoveKind.GIVE_BACK);
    }

    @Test
    void takingBackNodeFailsWithItsPeersReason() {
        Solo s = Solo.settled(TAKING_BACK, false, false, false, FALLING_BACK, ADMIN);
        assertThat(s.state()).isEqualTo(TAKING_BACK);
        s.peer(RUNNING_IN_FAILED_MODE, Reason.TAKE_OVER_USERS_FAILED);
        assertThat(s.state()).isEqualTo(RUNNING_IN_FAILED_MODE);
        assertThat(s.reason()).isEqualTo(Reason.TAKE_OVER_USERS_FAILED);
    }

    @Test
    void failingOverNodeWhosePeerCannotTakeItsUsersFails() {
        Solo s = Solo.settled(FAILING_OVER, false, false, false, TAKING_OVER, ADMIN);
        assertThat(s.state()).isEqualTo(FAILING_OVER);
        s.peer(TAKING_OVER, ADMIN);
        assertThat(s.state()).as("a peer still taking over is waited for").isEqualTo(FAILING_OVER);
        s.peer(IDLE, ADMIN);
        assertThat(s.state()).isEqualTo(RUNNING_IN_FAILED_MODE);
        assertThat(s.reason()).as("the node's own reason").isEqualTo(Reason.INITIALIZATION);
        assertThat(s.srm.sentence()).contains("cannot take its users");
    }

    @Test
    void failingOverNodeEndsFailedOverWithServicesUpWhenItDidNotStopThem() {
        Solo s = Solo.settled(FAILING_OVER, false, false, false, TAKING_OVER, ADMIN);
        Decision d = s.peer(RUNNING_IN_BACKUP_MODE, ADMIN);
        assertThat(s.state()).isEqualTo(FAILED_OVER);
        assertThat(d.transitions()).extracting(Transition::to).as("straight there, not via S8")
                .containsExactly(FAILED_OVER);
    }

    @Test
    void automaticFailoverForAServiceDownEndsFailedOverWithServicesNotRunning() {
        Solo s = normal();
        s.on(new SrmEvent.CriticalServiceDown(CriticalService.SIP_PROXY));
        s.advance(Solo.P.criticalServiceDownDelayMs());
        assertThat(s.state()).isEqualTo(FAILING_OVER);
        assertThat(s.reason()).isEqualTo(Reason.CRITICAL_SERVICES_DOWN);
        Decision d = s.peer(RUNNING_IN_BACKUP_MODE, Reason.CRITICAL_SERVICES_DOWN);
        assertThat(s.state()).as("M12").isEqualTo(FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING);
        assertThat(d.transitions()).extracting(Transition::to).as("straight there, not via Failed Over")
                .containsExactly(FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING);
        assertThat(s.reason()).isEqualTo(Reason.CRITICAL_SERVICES_DOWN);
    }

    @Test
    void idleNodeCannotRecoverAFailedBackupAndSaysSo() {
        Solo s = Solo.settled(IDLE, true, false, false, RUNNING_IN_BACKUP_MODE, ADMIN);
        assertThat(s.state()).isEqualTo(IDLE);
        s.clear();
        Decision d = s.peer(FAILOVER_AFFECTED_SERVICES, Reason.AUTO_RECOVER_DATABASE_FAILURE);
        assertThat(s.state()).isEqualTo(RUNNING_IN_FAILED_MODE);
        assertThat(s.reason()).isEqualTo(Reason.AUTO_RECOVER_DATABASE_FAILURE);
        assertThat(Solo.alerts(d)).extracting(SrmCommand.RaiseAlert::type).contains(AlertType.PE_AUTO_RECOVERY_FAILED);
    }

    @Test
    void failedOverNodeTakesEveryUserAndNamesWhatTheBackupLost() {
        Solo db = Solo.settled(FAILED_OVER, false, false, false, RUNNING_IN_BACKUP_MODE, ADMIN);
        assertThat(db.state()).isEqualTo(FAILED_OVER);
        Decision d = db.peer(FAILOVER_AFFECTED_SERVICES, Reason.AUTO_RECOVER_DATABASE_FAILURE);
        assertThat(db.state()).as("M22").isEqualTo(BACKUP_ACTIVATED);
        assertThat(db.reason()).isEqualTo(Reason.AUTO_RECOVER_DATABASE_FAILURE);
        assertThat(Solo.moves(d)).containsExactly(MoveKind.TAKE_ALL);
        assertThat(db.srm.sentence()).contains("lost its database");

        Solo cs = Solo.settled(FAILED_OVER, false, false, false, RUNNING_IN_BACKUP_MODE, ADMIN);
        cs.peer(FAILOVER_AFFECTED_SERVICES, Reason.AUTO_RECOVER_CRITICAL_SERVICE_DOWN);
        assertThat(cs.state()).as("M23").isEqualTo(BACKUP_ACTIVATED);
        assertThat(cs.srm.sentence()).contains("lost its critical services");
    }

    @Test
    void failedOverNodeFailsWhenItsBackupFails() {
        Solo s = Solo.settled(FAILED_OVER, false, false, false, RUNNING_IN_BACKUP_MODE, ADMIN);
        s.peer(RUNNING_IN_FAILED_MODE, Reason.CRITICAL_SERVICES_DOWN);
        assertThat(s.state()).as("M15").isEqualTo(RUNNING_IN_FAILED_MODE);
        assertThat(s.reason()).isEqualTo(Reason.CRITICAL_SERVICES_DOWN);
    }

    /** A backup node that failed (M15) while holding both nodes' users. */
    private static Solo failedBackup() {
        Solo s = backup();
        s.on(new SrmEvent.CriticalServiceDown(CriticalService.SIP_PROXY));
        s.advance(Solo.P.criticalServiceDownDelayMs());
        assertThat(s.state()).isEqualTo(RUNNING_IN_FAILED_MODE);
        assertThat(s.reason()).isEqualTo(Reason.CRITICAL_SERVICES_DOWN);
        s.clear();
        return s;
    }

    @Test
    void aFailedNodeLetsGoOfThePeersUsersOnceThenOfAllWhenThePeerServesThem() {
        Solo s = failedBackup();
        s.peer(NORMAL, Reason.NORMAL);
        assertThat(s.moves()).as("the peer serves its own users again").containsExactly(MoveKind.GIVE_BACK);
        s.peer(TAKING_BACK, Reason.NORMAL);
        s.peer(NORMAL, Reason.NORMAL);
        assertThat(s.moves()).as("let go once").containsExactly(MoveKind.GIVE_BACK);
        s.peer(RUNNING_IN_BACKUP_MODE, Reason.PEER_DOWN);
        assertThat(s.moves()).as("the peer serves this node's users too")
                .containsExactly(MoveKind.GIVE_BACK, MoveKind.GIVE_ALL);
        s.peer(RUNNING_IN_BACKUP_MODE, Reason.PEER_DOWN);
        assertThat(s.moves()).containsExactly(MoveKind.GIVE_BACK, MoveKind.GIVE_ALL);
        assertThat(s.state()).isEqualTo(RUNNING_IN_FAILED_MODE);
    }

    @Test
    void aFailedNodeBecomesUnknownWhenItsRestartedPeerCannotTellTheGroupsState() {
        Solo s = failedBackup();
        s.peer(RUNNING_IN_FAILED_MODE, Reason.CRITICAL_SERVICES_DOWN);
        assertThat(s.reason()).isEqualTo(Reason.CRITICAL_SERVICES_DOWN);
        assertThat(s.transitions).isEmpty();
        s.peer(RUNNING_IN_FAILED_MODE, Reason.UNKNOWN);
        assertThat(s.state()).isEqualTo(RUNNING_IN_FAILED_MODE);
        assertThat(s.reason()).as("M21").isEqualTo(Reason.UNKNOWN);
        s.clear();
        s.peer(RUNNING_IN_FAILED_MODE, Reason.UNKNOWN);
        assertThat(s.transitions).as("already Unknown: no new transition").isEmpty();
    }

    @Test
    void aPeerHeardAgainAfterItWasLostMayRaiseItsAlertsAnew() {
        Solo s = Solo.settled(IDLE, true, false, false, RUNNING_IN_BACKUP_MODE, ADMIN);
        s.clear();
        s.advance(Solo.P.heartbeatTimeoutMs());
        assertThat(s.srm.peerReachable()).isFalse();
        assertThat(s.commands).filteredOn(c -> c instanceof SrmCommand.RaiseAlert)
                .extracting(c -> ((SrmCommand.RaiseAlert) c).type()).contains(AlertType.PE_AUTO_RECOVERY_FAILED);
        s.peer(RUNNING_IN_BACKUP_MODE, ADMIN);
        assertThat(s.srm.peerReachable()).isTrue();
        s.clear();
        s.advance(Solo.P.heartbeatTimeoutMs());
        assertThat(s.srm.peerReachable()).isFalse();
        assertThat(s.commands).as("nobody serves again: said again, since the peer came back in between")
                .filteredOn(c -> c instanceof SrmCommand.RaiseAlert)
                .extracting(c -> ((SrmCommand.RaiseAlert) c).type()).contains(AlertType.PE_AUTO_RECOVERY_FAILED);
    }

    @Test
    void timeNeverGoesBackwards() {
        Solo s = normal();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.srm.handle(new SrmEvent.TimeAdvanced(), s.now - 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("time went backwards");
        assertThat(s.srm.handle(new SrmEvent.TimeAdvanced(), s.now).isRefused()).isFalse();
    }
}
