package dev.tandem.agent.srm;

import static dev.tandem.agent.srm.NodeState.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.srm.SrmCommand.RaiseAlert;
import org.junit.jupiter.api.Test;

/** What a user move's result does (M19, M20, auto-recovery) and a failed service start outside a takeback. */
class MoveResultsTest {
    private static final Reason ADMIN = Reason.ON_ADMIN_REQUEST;

    @Test
    void anAutomaticRecoveryWhoseMoveFailsFailsTheNodeAndSaysSo() {
        Solo s = Solo.settled(FAILED_OVER, false, false, false, RUNNING_IN_BACKUP_MODE, ADMIN);
        s.peer(FAILOVER_AFFECTED_SERVICES, Reason.AUTO_RECOVER_DATABASE_FAILURE);
        assertThat(s.state()).isEqualTo(BACKUP_ACTIVATED);
        Decision d = s.on(new SrmEvent.UserMoveFailed(MoveKind.TAKE_ALL, "db locked"));
        assertThat(s.state()).isEqualTo(RUNNING_IN_FAILED_MODE);
        assertThat(s.reason()).isEqualTo(Reason.TAKE_OVER_USERS_FAILED);
        assertThat(Solo.alerts(d)).extracting(RaiseAlert::type)
                .containsExactly(AlertType.PE_AUTO_RECOVERY_FAILED, AlertType.SRM_FAILED);
        assertThat(Solo.alerts(d).get(0).text()).isEqualTo("automatic recovery on n1 failed: db locked");
    }

    @Test
    void aFailedMoveInAStableStateIsSaidWithoutAStateChange() {
        Solo s = Solo.settled(null, false, false, true, NORMAL, Reason.NORMAL);
        assertThat(s.moves()).containsExactly(MoveKind.RESET_TO_HOME);
        Decision d = s.on(new SrmEvent.UserMoveFailed(MoveKind.RESET_TO_HOME, "db locked"));
        assertThat(s.state()).isEqualTo(NORMAL);
        assertThat(d.transitions()).isEmpty();
        assertThat(Solo.alerts(d)).extracting(RaiseAlert::text)
                .containsExactly("moving users (RESET_TO_HOME) on n1 failed in Normal: db locked");
    }

    @Test
    void aTakeOverWhoseMoveFailsIsTakeOverUsersFailed() {
        Solo s = Solo.settled(null, false, true, false, IDLE, ADMIN);
        assertThat(s.state()).isEqualTo(TAKING_OVER);
        s.on(new SrmEvent.UsersMoved(MoveKind.GIVE_BACK, 1));
        assertThat(s.state()).as("not the move it waits for").isEqualTo(TAKING_OVER);
        s.on(new SrmEvent.UserMoveFailed(MoveKind.TAKE_ALL, "db down"));
        assertThat(s.state()).as("M19").isEqualTo(RUNNING_IN_FAILED_MODE);
        assertThat(s.reason()).isEqualTo(Reason.TAKE_OVER_USERS_FAILED);
        assertThat(s.srm.status().servesPeerUsers()).as("the move rolled back").isFalse();
    }

    @Test
    void aRecoveryWhoseServicesWillNotStartStillSettlesAgainstThePeer() {
        Solo s = Solo.settled(RUNNING_IN_BACKUP_MODE, false, true, true, IDLE, ADMIN);
        s.on(new SrmEvent.CriticalServiceDown(CriticalService.SIP_PROXY));
        s.advance(Solo.P.criticalServiceDownDelayMs());
        assertThat(s.state()).isEqualTo(RUNNING_IN_FAILED_MODE);
        s.on(new SrmEvent.AdminRequest(AdminAction.RECOVERY, "ops"));
        s.peer(NORMAL, Reason.NORMAL);
        assertThat(s.state()).as("waits for the services").isEqualTo(INITIALIZING);
        s.on(new SrmEvent.CriticalServicesStartFailed("no license"));
        assertThat(s.state()).as("no longer waiting: it settles, then fails over for the service down")
                .isEqualTo(FAILING_OVER);
        assertThat(s.reason()).isEqualTo(Reason.CRITICAL_SERVICES_DOWN);
    }
}
