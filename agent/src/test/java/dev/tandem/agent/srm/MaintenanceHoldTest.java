package dev.tandem.agent.srm;

import static dev.tandem.agent.srm.NodeState.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.srm.SrmCommand.RaiseAlert;
import org.junit.jupiter.api.Test;

/**
 * Maintenance mode holds automatic actions from steady states only (a transition under way
 * still finishes), and says a held action once each time it is held anew.
 */
class MaintenanceHoldTest {
    private static final Reason ADMIN = Reason.ON_ADMIN_REQUEST;

    private static long heldAlerts(Solo s) {
        return s.commands.stream().filter(c -> c instanceof RaiseAlert a && a.type() == AlertType.MAINTENANCE_MODE
                && a.text().endsWith(NodeSetup.HELD)).count();
    }

    @Test
    void theBackupNodesOwnFailureIsHeld() {
        Solo s = Solo.settled(RUNNING_IN_BACKUP_MODE, false, true, true, FAILED_OVER, Reason.CRITICAL_SERVICES_DOWN);
        assertThat(s.srm.maintenance()).isFalse();
        s.on(new SrmEvent.MaintenanceChanged(true));
        assertThat(s.srm.maintenance()).isTrue();
        s.on(new SrmEvent.DatabaseDown());
        assertThat(s.state()).as("M22 held").isEqualTo(RUNNING_IN_BACKUP_MODE);
        assertThat(s.srm.sentence()).endsWith(NodeSetup.HELD);
    }

    @Test
    void aFailedOverNodeDoesNotTakeEveryUserWhenItsBackupIsLost() {
        Solo s = Solo.settled(FAILED_OVER, false, false, false, RUNNING_IN_BACKUP_MODE, ADMIN);
        s.on(new SrmEvent.MaintenanceChanged(true));
        s.advance(Solo.P.heartbeatTimeoutMs());
        assertThat(s.srm.peerReachable()).isFalse();
        assertThat(s.state()).isEqualTo(FAILED_OVER);
        assertThat(heldAlerts(s)).isEqualTo(1);
    }

    @Test
    void aFallbackUnderWayFinishesEvenWhenThePeerIsLost() {
        Solo s = Solo.settled(RUNNING_IN_BACKUP_MODE, false, true, true, IDLE, ADMIN);
        s.peer(TAKING_BACK, ADMIN);
        assertThat(s.state()).isEqualTo(FALLING_BACK);
        s.on(new SrmEvent.MaintenanceChanged(true));
        s.advance(Solo.P.heartbeatTimeoutMs());
        assertThat(s.state()).as("nobody would serve the users otherwise").isEqualTo(TAKING_OVER);
        assertThat(heldAlerts(s)).isZero();
    }

    @Test
    void aHeldActionIsSaidAgainAfterMaintenanceWasOffInBetween() {
        Solo s = Solo.settled(null, false, true, false, NORMAL, Reason.NORMAL);
        s.peer(RUNNING_IN_FAILED_MODE, Reason.TAKE_OVER_USERS_FAILED);
        s.on(new SrmEvent.MaintenanceChanged(true));
        s.on(new SrmEvent.DatabaseDown());
        s.advance(50);
        assertThat(heldAlerts(s)).isEqualTo(1);
        s.on(new SrmEvent.MaintenanceChanged(false));
        assertThat(s.state()).as("the peer cannot take over: still Normal").isEqualTo(NORMAL);
        s.on(new SrmEvent.MaintenanceChanged(true));
        s.advance(50);
        assertThat(heldAlerts(s)).isEqualTo(2);
    }
}
