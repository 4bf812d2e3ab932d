package dev.tandem.agent.srm;

import static dev.tandem.agent.srm.NodeState.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.srm.SrmCommand.RaiseAlert;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A lost peer (M16, M17, Peer Down versus Peer Reboot), manual and automatic fallback (§6),
 * the manual failover's commands, and when the SRM asks for the time next.
 */
class PeerLossAndTakeBackTest {
    private static final Reason ADMIN = Reason.ON_ADMIN_REQUEST;
    private static final long TIMEOUT = Solo.P.heartbeatTimeoutMs();

    private static Solo normal() {
        Solo s = Solo.settled(null, false, true, false, NORMAL, Reason.NORMAL);
        assertThat(s.state()).isEqualTo(NORMAL);
        s.clear();
        return s;
    }

    private static List<String> alertTexts(Solo s, AlertType t) {
        return s.commands.stream().filter(c -> c instanceof RaiseAlert a && a.type() == t)
                .map(c -> ((RaiseAlert) c).text()).toList();
    }

    @Test
    void aSilentPeerIsPeerDownAndItsUsersAreTakenOver() {
        Solo s = normal();
        s.advance(TIMEOUT - 1);
        assertThat(s.state()).isEqualTo(NORMAL);
        Decision d = s.advance(1);
        assertThat(s.state()).as("M16").isEqualTo(TAKING_OVER);
        assertThat(s.reason()).isEqualTo(Reason.PEER_DOWN);
        assertThat(Solo.moves(d)).containsExactly(MoveKind.TAKE_OVER);
        assertThat(alertTexts(s, AlertType.PE_PEER_NODE_FAILURE))
                .containsExactly("no heartbeat from the peer of n1 for " + TIMEOUT / 1000.0 + " s");
        assertThat(alertTexts(s, AlertType.SRM_FAILOVER)).hasSize(1);
        assertThat(s.srm.sentence()).contains("no heartbeat from its peer for " + TIMEOUT / 1000.0 + " s");
    }

    @Test
    void aPeerThatSaysGoodbyeIsPeerReboot() {
        Solo s = normal();
        s.on(new SrmEvent.PeerShutdownAnnounced(99));
        assertThat(s.state()).as("an earlier life of the peer: not this peer's goodbye").isEqualTo(NORMAL);
        assertThat(s.commands).isEmpty();
        s.on(new SrmEvent.PeerShutdownAnnounced(22));
        assertThat(s.state()).as("M17").isEqualTo(TAKING_OVER);
        assertThat(s.reason()).isEqualTo(Reason.PEER_REBOOT);
        assertThat(s.srm.sentence()).contains("its peer is shutting down or rebooting");
        assertThat(alertTexts(s, AlertType.PE_PEER_NODE_FAILURE))
                .containsExactly("peer of n1 announced an orderly shutdown or reboot");
    }

    @Test
    void whileInitializingOnlyAPeerThatAcknowledgedThisStartCanSayGoodbye() {
        Solo s = Solo.started(null, true, false);
        s.peer(new PeerStatus("n2", UNKNOWN, Reason.UNKNOWN, true, Solo.P.fingerprint(), true, true, null, 22, 3, false));
        s.on(new SrmEvent.PeerShutdownAnnounced(22));
        assertThat(s.state()).as("that peer never knew this start").isEqualTo(INITIALIZING);
        assertThat(s.srm.peerReachable()).isTrue();
        s.peer(UNKNOWN, Reason.UNKNOWN);
        assertThat(s.state()).as("the peer is between states: wait").isEqualTo(INITIALIZING);
        s.on(new SrmEvent.PeerShutdownAnnounced(22));
        assertThat(s.state()).isEqualTo(TAKING_OVER);
        assertThat(s.reason()).isEqualTo(Reason.PEER_DOWN_DURING_INITIALIZATION);
    }

    @Test
    void aNodeFailingOverThatLosesItsPeerFails() {
        Solo s = Solo.settled(FAILING_OVER, false, false, false, TAKING_OVER, ADMIN);
        assertThat(s.state()).isEqualTo(FAILING_OVER);
        s.advance(TIMEOUT);
        assertThat(s.state()).isEqualTo(RUNNING_IN_FAILED_MODE);
        assertThat(s.reason()).isEqualTo(Reason.PEER_DOWN);
    }

    @Test
    void aHealthyFailedOverNodeTakesEveryUserWhenItsBackupIsLost() {
        Solo s = Solo.settled(FAILED_OVER, false, false, false, RUNNING_IN_BACKUP_MODE, ADMIN);
        s.clear();
        Decision d = s.advance(TIMEOUT);
        assertThat(s.state()).isEqualTo(BACKUP_ACTIVATED);
        assertThat(s.reason()).isEqualTo(Reason.PEER_DOWN);
        assertThat(Solo.moves(d)).containsExactly(MoveKind.TAKE_ALL);
        assertThat(alertTexts(s, AlertType.SRM_FAILOVER)).hasSize(1);
    }

    @Test
    void aFailedOverNodeWithServicesDownCanOnlySayNobodyServes() {
        Solo s = Solo.settled(FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING, false, false, false,
                RUNNING_IN_BACKUP_MODE, ADMIN);
        s.on(new SrmEvent.CriticalServiceDown(CriticalService.SIP_PROXY));
        s.clear();
        s.advance(TIMEOUT);
        assertThat(s.state()).isEqualTo(FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING);
        assertThat(alertTexts(s, AlertType.PE_AUTO_RECOVERY_FAILED)).singleElement().asString()
                .endsWith("nobody serves the users: start its critical services");
        s.advance(TIMEOUT);
        assertThat(alertTexts(s, AlertType.PE_AUTO_RECOVERY_FAILED)).as("said once").hasSize(1);
    }

    @Test
    void aManualFailoverHandsTheUsersOverStopsTheServicesOnceThePeerServesThemAndNamesWhoAsked() {
        Solo s = normal();
        Decision d = s.on(new SrmEvent.AdminRequest(AdminAction.FAILOVER, " "));
        assertThat(s.state()).isEqualTo(FAILING_OVER);
        assertThat(d.commands()).contains(new SrmCommand.MoveUsers(MoveKind.HAND_OVER));
        // make before break (issue 12): the clients' active connections stay up until the peer serves them
        assertThat(d.commands()).doesNotContain(new SrmCommand.StopCriticalServices());
        Decision served = s.peer(RUNNING_IN_BACKUP_MODE, ADMIN);
        assertThat(s.state()).isEqualTo(IDLE);
        assertThat(served.commands()).contains(new SrmCommand.StopCriticalServices());
        assertThat(alertTexts(s, AlertType.SRM_FAILOVER))
                .containsExactly("manual failover of n1 to n2 started by an administrator");
        Solo named = normal();
        named.on(new SrmEvent.AdminRequest(AdminAction.FAILOVER, "alice"));
        assertThat(named.srm.sentence()).startsWith("alice asked to fail over n1");
        Solo nobody = normal();
        nobody.on(new SrmEvent.AdminRequest(AdminAction.FAILOVER, null));
        assertThat(nobody.srm.sentence()).startsWith("an administrator asked");
    }

    @Test
    void aManualFallbackTakesTheUsersBackOnceTheBackupLetThemGo() {
        Solo s = Solo.settled(FAILED_OVER, false, false, false, RUNNING_IN_BACKUP_MODE, ADMIN);
        s.clear();
        Decision d = s.on(new SrmEvent.AdminRequest(AdminAction.FALLBACK, "ops"));
        assertThat(s.state()).isEqualTo(TAKING_BACK);
        assertThat(d.commands()).as("its services run: nothing to start")
                .doesNotContain(new SrmCommand.StartCriticalServices());
        assertThat(s.moves()).as("the backup still serves them").isEmpty();
        s.peer(FALLING_BACK, ADMIN);
        assertThat(s.moves()).containsExactly(MoveKind.TAKE_BACK);
        s.peer(FALLING_BACK, ADMIN);
        assertThat(s.moves()).as("asked once").containsExactly(MoveKind.TAKE_BACK);
        s.on(new SrmEvent.UsersMoved(MoveKind.TAKE_BACK, 3));
        assertThat(s.state()).as("M4 done").isEqualTo(NORMAL);
    }

    /** A restart lands in Taking Back with a service down: the start it asks for is not a failure. */
    @Test
    void aTakeBackThatStartsTheServicesIsNotFailedByTheServiceDelay() {
        Solo s = Solo.started(new PersistedState(FAILED_OVER, ADMIN, 0, false), false, false);
        s.on(new SrmEvent.CriticalServiceDown(CriticalService.SIP_PROXY));
        Decision d = s.peer(NORMAL, Reason.NORMAL);
        assertThat(s.state()).isEqualTo(TAKING_BACK);
        assertThat(d.commands()).contains(new SrmCommand.StartCriticalServices());
        s.advance(Solo.P.criticalServiceDownDelayMs());
        s.peer(NORMAL, Reason.NORMAL);
        assertThat(s.state()).isEqualTo(TAKING_BACK);
        assertThat(s.moves()).isEmpty();
        s.on(new SrmEvent.CriticalServicesStarted());
        assertThat(s.moves()).containsExactly(MoveKind.TAKE_BACK);
    }

    @Test
    void automaticFallbackStartsExactlyWhenTheDelayIsOver() {
        SrmParameters p = Solo.P.withAutomaticFallback(true, 60_000);
        Solo s = new Solo(p, true);
        s.on(new SrmEvent.Started(new PersistedState(FAILED_OVER, ADMIN, 0, false), Solo.INCARNATION, false, false));
        s.peer(RUNNING_IN_BACKUP_MODE, ADMIN);
        assertThat(s.state()).isEqualTo(FAILED_OVER);
        long dueAt = s.now + 60_000;
        assertThat(s.srm.nextDeadlineMs()).isLessThan(dueAt);
        while (s.now + 100 < dueAt) {
            s.advance(100);
            s.peer(RUNNING_IN_BACKUP_MODE, ADMIN);
        }
        assertThat(s.state()).isEqualTo(FAILED_OVER);
        s.now = dueAt - 1;
        s.peer(RUNNING_IN_BACKUP_MODE, ADMIN);
        assertThat(s.srm.nextDeadlineMs()).as("the fallback is the next thing due").isEqualTo(dueAt);
        assertThat(s.state()).isEqualTo(FAILED_OVER);
        s.now = dueAt;
        s.on(new SrmEvent.TimeAdvanced());
        assertThat(s.state()).isEqualTo(TAKING_BACK);
        assertThat(s.reason()).isEqualTo(Reason.AUTOMATIC_FALLBACK);
        assertThat(s.srm.sentence()).contains("healthy for 1.0 min");
    }

    @Test
    void thePeersTimeoutIsTheNextDeadlineWhenItComesBeforeTheNextHeartbeat() {
        SrmParameters p = SrmParameters.defaults().withHeartbeat(1_000, 1_500, 3_000).withCriticalServiceDownDelay(300);
        Solo s = new Solo(p, true);
        s.on(new SrmEvent.Started(null, Solo.INCARNATION, true, false));
        s.peer(NORMAL, Reason.NORMAL);
        long heardAt = s.now;
        s.advance(1_000); // our heartbeat goes out; the next is due in 1 s, the peer in 0.5 s
        assertThat(s.srm.nextDeadlineMs()).isEqualTo(heardAt + 1_500);
        s.on(new SrmEvent.CriticalServiceDown(CriticalService.SIP_PROXY));
        assertThat(s.srm.nextDeadlineMs()).as("the service delay").isEqualTo(s.now + 300);
    }

    @Test
    void withHaDisabledAServiceDownSetsNoDeadline() {
        SrmParameters p = SrmParameters.defaults().withHeartbeat(1_000, 1_500, 3_000).withCriticalServiceDownDelay(300);
        Solo s = new Solo(p, false);
        s.on(new SrmEvent.Started(null, Solo.INCARNATION, true, false));
        s.advance(3_000);
        assertThat(s.state()).isEqualTo(NORMAL);
        s.on(new SrmEvent.CriticalServiceDown(CriticalService.SIP_PROXY));
        assertThat(s.srm.nextDeadlineMs()).as("only the next heartbeat").isEqualTo(s.now + 1_000);
    }

    @Test
    void aBlockedFailoverAsksForNoTimeThatHasAlreadyCome() {
        Solo s = normal();
        s.peer(RUNNING_IN_FAILED_MODE, Reason.TAKE_OVER_USERS_FAILED);
        s.on(new SrmEvent.CriticalServiceDown(CriticalService.SIP_PROXY));
        s.advance(Solo.P.criticalServiceDownDelayMs());
        assertThat(s.state()).isEqualTo(NORMAL);
        assertThat(s.srm.nextDeadlineMs()).isGreaterThan(s.now);
    }

    @Test
    void aNodeFailedAgainAfterARecoveryLetsGoAgain() {
        Solo s = Solo.settled(RUNNING_IN_BACKUP_MODE, false, true, true, IDLE, ADMIN);
        s.on(new SrmEvent.CriticalServiceDown(CriticalService.SIP_PROXY));
        s.advance(Solo.P.criticalServiceDownDelayMs());
        assertThat(s.state()).isEqualTo(RUNNING_IN_FAILED_MODE);
        s.peer(NORMAL, Reason.NORMAL);
        s.on(new SrmEvent.AdminRequest(AdminAction.RECOVERY, "ops"));
        s.on(new SrmEvent.CriticalServicesStarted());
        s.peer(IDLE, ADMIN);
        assertThat(s.state()).isEqualTo(TAKING_OVER);
        s.on(new SrmEvent.UsersMoved(MoveKind.TAKE_ALL, 7));
        assertThat(s.state()).isEqualTo(RUNNING_IN_BACKUP_MODE);
        s.on(new SrmEvent.CriticalServiceDown(CriticalService.SIP_PROXY));
        s.advance(Solo.P.criticalServiceDownDelayMs());
        assertThat(s.state()).isEqualTo(RUNNING_IN_FAILED_MODE);
        s.clear();
        s.peer(NORMAL, Reason.NORMAL);
        assertThat(s.moves()).as("a new failure: the peer's users go home again").containsExactly(MoveKind.GIVE_BACK);
    }

    @Test
    void aFallbackTakesTheUsersBackFromABackupThatIsLostOrGaveThemAway() {
        Solo lost = Solo.settled(FAILED_OVER, false, false, false, RUNNING_IN_BACKUP_MODE, ADMIN);
        lost.on(new SrmEvent.AdminRequest(AdminAction.FALLBACK, "ops"));
        assertThat(lost.moves()).isEmpty();
        lost.advance(TIMEOUT);
        assertThat(lost.srm.peerReachable()).isFalse();
        assertThat(lost.moves()).as("nobody else serves them").containsExactly(MoveKind.TAKE_BACK);

        Solo gave = Solo.settled(FAILED_OVER, false, false, false, RUNNING_IN_BACKUP_MODE, ADMIN);
        gave.on(new SrmEvent.AdminRequest(AdminAction.FALLBACK, "ops"));
        gave.peer(TAKING_OVER, ADMIN);
        assertThat(gave.moves()).isEmpty();
        gave.peer(FAILOVER_AFFECTED_SERVICES, Reason.AUTO_RECOVER_DATABASE_FAILURE);
        assertThat(gave.moves()).containsExactly(MoveKind.TAKE_BACK);
    }

    @Test
    void aPeerBackWithADifferentConfigurationIsStillBackSoALaterLossAlertsAgain() {
        Solo s = Solo.settled(IDLE, true, false, false, RUNNING_IN_BACKUP_MODE, ADMIN);
        s.clear();
        s.advance(TIMEOUT);
        assertThat(alertTexts(s, AlertType.PE_AUTO_RECOVERY_FAILED)).as("first loss").hasSize(1);
        // back, but with other parameters (M24); then agreeing again
        PeerStatus ok = s.status(RUNNING_IN_BACKUP_MODE, ADMIN);
        s.peer(new PeerStatus(ok.node(), ok.state(), ok.reason(), ok.haEnabled(), "other-fingerprint",
                ok.criticalServicesUp(), ok.databaseUp(), ok.resumeState(), ok.incarnation(), ok.peerIncarnationSeen(),
                ok.servesPeerUsers()));
        assertThat(s.state()).isEqualTo(UNKNOWN); // M24
        for (int i = 0; i < 50 && s.state() != IDLE; i++) { // agreeing again: it initializes back to Idle
            s.peer(RUNNING_IN_BACKUP_MODE, ADMIN);
            s.advance(Solo.P.heartbeatIntervalMs());
        }
        assertThat(s.state()).isEqualTo(IDLE);
        s.clear();
        s.advance(TIMEOUT);
        assertThat(alertTexts(s, AlertType.PE_AUTO_RECOVERY_FAILED)).as("the second loss alerts too").hasSize(1);
    }
}
