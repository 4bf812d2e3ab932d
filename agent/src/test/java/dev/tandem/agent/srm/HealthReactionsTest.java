package dev.tandem.agent.srm;

import static dev.tandem.agent.srm.NodeState.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.srm.SrmCommand.RaiseAlert;
import org.junit.jupiter.api.Test;

/**
 * How a node answers its own critical services and database (§4 Critical Service Down Delay,
 * §6 automatic failover and automatic recovery, rows M11–M13, M15, M22, M23).
 */
class HealthReactionsTest {
    private static final Reason ADMIN = Reason.ON_ADMIN_REQUEST;
    private static final long DELAY = Solo.P.criticalServiceDownDelayMs();

    private static Solo normal() {
        Solo s = Solo.settled(null, false, true, false, NORMAL, Reason.NORMAL);
        assertThat(s.state()).isEqualTo(NORMAL);
        s.clear();
        return s;
    }

    private static Solo backupOfFailedOverPeer() {
        Solo s = Solo.settled(RUNNING_IN_BACKUP_MODE, false, true, true, FAILED_OVER, Reason.CRITICAL_SERVICES_DOWN);
        assertThat(s.state()).isEqualTo(RUNNING_IN_BACKUP_MODE);
        s.clear();
        return s;
    }

    private static Solo failedOver() {
        Solo s = Solo.settled(FAILED_OVER, false, false, false, RUNNING_IN_BACKUP_MODE, ADMIN);
        assertThat(s.state()).isEqualTo(FAILED_OVER);
        s.clear();
        return s;
    }

    private static java.util.List<AlertType> alertTypes(Solo s) {
        return s.commands.stream().filter(c -> c instanceof RaiseAlert).map(c -> ((RaiseAlert) c).type()).toList();
    }

    @Test
    void aServiceDownInNormalSaysWhenFailoverStartsAndFailsOverOnlyAfterTheDelay() {
        Solo s = normal();
        Decision d = s.on(new SrmEvent.CriticalServiceDown(CriticalService.SIP_PROXY));
        assertThat(Solo.alerts(d)).extracting(RaiseAlert::text).containsExactly(
                "Cisco SIP Proxy went down on n1; failover starts in " + DELAY / 1000.0 + " s unless it recovers");
        s.advance(DELAY - 1);
        assertThat(s.state()).isEqualTo(NORMAL);
        Decision f = s.advance(1);
        assertThat(s.state()).isEqualTo(FAILING_OVER);
        assertThat(s.reason()).isEqualTo(Reason.CRITICAL_SERVICES_DOWN);
        assertThat(Solo.moves(f)).containsExactly(MoveKind.HAND_OVER);
        assertThat(Solo.alerts(f)).extracting(RaiseAlert::type).contains(AlertType.SRM_FAILOVER);
        assertThat(s.srm.sentence()).contains("stayed down for " + DELAY / 1000.0 + " s");
    }

    @Test
    void aServiceDownOnTheBackupNodeSaysNoFailoverIsComing() {
        Solo s = backupOfFailedOverPeer();
        Decision d = s.on(new SrmEvent.CriticalServiceDown(CriticalService.SIP_PROXY));
        assertThat(Solo.alerts(d)).extracting(RaiseAlert::text).containsExactly("Cisco SIP Proxy went down on n1");
    }

    @Test
    void aDatabaseDownFailsOverAtOnceAndIsSaidOnce() {
        Solo s = normal();
        Decision d = s.on(new SrmEvent.DatabaseDown());
        assertThat(Solo.alerts(d)).extracting(RaiseAlert::text).contains("the database of n1 is down");
        assertThat(s.state()).isEqualTo(FAILING_OVER);
        assertThat(s.reason()).isEqualTo(Reason.DATABASE_FAILURE);
        assertThat(s.srm.sentence()).contains("its database is down");
        assertThat(s.srm.databaseUp()).isFalse();
        assertThat(s.srm.healthy()).isFalse();
        Decision again = s.on(new SrmEvent.DatabaseDown());
        assertThat(Solo.alerts(again)).as("already down: said once").isEmpty();
    }

    @Test
    void anIdleNodesDatabaseIsNoAlarm() {
        Solo s = Solo.settled(IDLE, true, false, false, RUNNING_IN_BACKUP_MODE, ADMIN);
        s.clear();
        Decision d = s.on(new SrmEvent.DatabaseDown());
        assertThat(Solo.alerts(d)).isEmpty();
        assertThat(s.state()).isEqualTo(IDLE);
    }

    @Test
    void failoverWithAnUnhealthyNormalPeerFailsTheNode() {
        Solo s = normal();
        s.peer(s.status(NORMAL, Reason.NORMAL, false, true, false));
        s.on(new SrmEvent.DatabaseDown());
        assertThat(s.state()).isEqualTo(RUNNING_IN_FAILED_MODE);
        assertThat(s.reason()).isEqualTo(Reason.DATABASE_FAILURE);
        Solo noDb = normal();
        noDb.peer(noDb.status(NORMAL, Reason.NORMAL, true, false, false));
        noDb.on(new SrmEvent.DatabaseDown());
        assertThat(noDb.state()).isEqualTo(RUNNING_IN_FAILED_MODE);
    }

    @Test
    void failoverBlockedByAPeerThatCannotTakeOverIsSaidOnceUntilItClears() {
        Solo s = normal();
        s.peer(RUNNING_IN_FAILED_MODE, Reason.TAKE_OVER_USERS_FAILED);
        s.clear();
        s.on(new SrmEvent.DatabaseDown());
        assertThat(s.state()).as("nobody to fail over to").isEqualTo(NORMAL);
        assertThat(alertTypes(s)).containsOnlyOnce(AlertType.SRM_FAILED);
        assertThat(s.commands).filteredOn(c -> c instanceof RaiseAlert)
                .extracting(c -> ((RaiseAlert) c).text()).anyMatch(t -> t.contains("cannot take over (Running in Failed Mode)"));
        s.advance(100);
        s.peer(RUNNING_IN_FAILED_MODE, Reason.TAKE_OVER_USERS_FAILED);
        assertThat(alertTypes(s)).containsOnlyOnce(AlertType.SRM_FAILED);
        s.on(new SrmEvent.DatabaseUp());
        s.clear();
        s.on(new SrmEvent.DatabaseDown());
        assertThat(alertTypes(s)).as("a new failure after the first cleared").contains(AlertType.SRM_FAILED);
    }

    @Test
    void aFailedOverNodeTellsWhetherItsServicesOrItsDatabaseStopped() {
        Solo s = failedOver();
        s.on(new SrmEvent.CriticalServiceDown(CriticalService.SIP_PROXY));
        assertThat(s.state()).as("at once: the delay is for failing over").isEqualTo(FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING);
        assertThat(s.reason()).isEqualTo(Reason.CRITICAL_SERVICES_DOWN);
        s.on(new SrmEvent.CriticalServiceUp(CriticalService.SIP_PROXY));
        assertThat(s.state()).as("M11").isEqualTo(FAILED_OVER);
        assertThat(s.reason()).isEqualTo(Reason.CRITICAL_SERVICES_DOWN);
        s.on(new SrmEvent.DatabaseDown());
        assertThat(s.state()).isEqualTo(FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING);
        assertThat(s.reason()).isEqualTo(Reason.DATABASE_FAILURE);
        assertThat(s.srm.sentence()).contains("the database of n1");
    }

    @Test
    void theBackupNodesDatabaseFailureHandsEveryUserToTheFailedOverPeer() {
        Solo s = backupOfFailedOverPeer();
        Decision d = s.on(new SrmEvent.DatabaseDown());
        assertThat(s.state()).as("M22").isEqualTo(FAILOVER_AFFECTED_SERVICES);
        assertThat(s.reason()).isEqualTo(Reason.AUTO_RECOVER_DATABASE_FAILURE);
        assertThat(Solo.moves(d)).containsExactly(MoveKind.GIVE_ALL);
        assertThat(Solo.alerts(d)).extracting(RaiseAlert::type).contains(AlertType.SRM_FAILOVER);
    }

    @Test
    void theBackupNodesServiceFailureHandsEveryUserToTheFailedOverPeerAfterTheDelay() {
        Solo s = backupOfFailedOverPeer();
        s.on(new SrmEvent.CriticalServiceDown(CriticalService.PRESENCE_ENGINE));
        s.advance(DELAY);
        assertThat(s.state()).as("M23").isEqualTo(FAILOVER_AFFECTED_SERVICES);
        assertThat(s.reason()).isEqualTo(Reason.AUTO_RECOVER_CRITICAL_SERVICE_DOWN);
    }

    @Test
    void theBackupNodeFailsWhenItsFailedOverPeerCannotServeEither() {
        Solo s = Solo.settled(RUNNING_IN_BACKUP_MODE, false, true, true, FAILED_OVER, Reason.CRITICAL_SERVICES_DOWN);
        s.peer(s.status(FAILED_OVER, Reason.CRITICAL_SERVICES_DOWN, true, false, false));
        s.on(new SrmEvent.DatabaseDown());
        assertThat(s.state()).as("M15-like: both nodes failed").isEqualTo(RUNNING_IN_FAILED_MODE);
        assertThat(s.reason()).isEqualTo(Reason.DATABASE_FAILURE);
    }

    @Test
    void aNodeTakingOverFailsWhenItsOwnDatabaseGoes() {
        Solo s = Solo.settled(null, false, true, false, IDLE, ADMIN);
        assertThat(s.state()).isEqualTo(TAKING_OVER);
        s.on(new SrmEvent.DatabaseDown());
        assertThat(s.state()).isEqualTo(RUNNING_IN_FAILED_MODE);
        assertThat(s.reason()).isEqualTo(Reason.DATABASE_FAILURE);
        assertThat(s.srm.sentence()).contains("while serving its peer's users");
    }

    @Test
    void withHighAvailabilityDisabledNothingFailsOver() {
        Solo s = new Solo(false);
        s.on(new SrmEvent.Started(null, Solo.INCARNATION, true, false));
        s.advance(Solo.P.initializationHeartbeatTimeoutMs());
        assertThat(s.state()).isEqualTo(NORMAL);
        s.clear();
        s.on(new SrmEvent.DatabaseDown());
        s.advance(DELAY);
        assertThat(s.state()).isEqualTo(NORMAL);
        Decision d = s.on(new SrmEvent.CriticalServiceDown(CriticalService.SIP_PROXY));
        assertThat(Solo.alerts(d)).extracting(RaiseAlert::text).containsExactly("Cisco SIP Proxy went down on n1");
    }
}
