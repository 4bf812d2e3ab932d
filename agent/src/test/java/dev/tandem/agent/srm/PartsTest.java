package dev.tandem.agent.srm;

import static dev.tandem.agent.srm.NodeState.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.srm.SrmCommand.MoveUsers;
import org.junit.jupiter.api.Test;

/** The small parts of the SRM core on their own: holdings, own health, the peer link. */
class PartsTest {
    private static final SrmParameters P = SrmParameters.defaults().withCriticalServiceDownDelay(1_000);

    private static PeerStatus peer(NodeState s, boolean servesPeerUsers) {
        return new PeerStatus("n2", s, Reason.NORMAL, true, P.fingerprint(), true, true, null, 1, 1, servesPeerUsers);
    }

    @Test
    void movesChangeWhatTheNodeHoldsAndAFailedAcquireRollsBack() {
        NodeMachine m = new NodeMachine(new NodeSetup("n1", P, true, true));
        UserHoldings h = new UserHoldings(m);
        assertThat(h.own()).isTrue();
        assertThat(h.peer()).isFalse();
        h.move(MoveKind.TAKE_OVER);
        assertThat(h.own() && h.peer()).isTrue();
        assertThat(m.commands()).containsExactly(new MoveUsers(MoveKind.TAKE_OVER));
        h.rolledBack(MoveKind.TAKE_OVER);
        assertThat(h.own()).isTrue();
        assertThat(h.peer()).as("the failed TAKE_OVER rolled back").isFalse();
        h.move(MoveKind.HAND_OVER);
        assertThat(h.own()).isFalse();
        h.rolledBack(MoveKind.HAND_OVER);
        assertThat(h.own()).as("a releasing move is not rolled back").isFalse();
        h.move(MoveKind.TAKE_ALL);
        assertThat(h.own() && h.peer()).isTrue();
        h.move(MoveKind.GIVE_BACK);
        assertThat(h.own()).isTrue();
        assertThat(h.peer()).isFalse();
        h.move(MoveKind.GIVE_ALL);
        assertThat(h.own() || h.peer()).isFalse();
        h.move(MoveKind.TAKE_BACK);
        assertThat(h.own()).isTrue();
        assertThat(h.peer()).isFalse();
        h.reset(false, true);
        h.move(MoveKind.RESET_TO_HOME);
        assertThat(h.own()).isTrue();
        assertThat(h.peer()).isFalse();
    }

    @Test
    void alreadyTrueSaysWhetherAMoveWouldChangeNothing() {
        UserHoldings h = new UserHoldings(new NodeMachine(new NodeSetup("n1", P, true, true)));
        h.reset(true, false);
        assertThat(h.alreadyTrue(MoveKind.TAKE_OVER)).isFalse();
        assertThat(h.alreadyTrue(MoveKind.HAND_OVER)).isFalse();
        assertThat(h.alreadyTrue(MoveKind.TAKE_BACK)).isTrue();
        assertThat(h.alreadyTrue(MoveKind.GIVE_BACK)).isTrue();
        assertThat(h.alreadyTrue(MoveKind.TAKE_ALL)).isFalse();
        assertThat(h.alreadyTrue(MoveKind.GIVE_ALL)).isFalse();
        assertThat(h.alreadyTrue(MoveKind.RESET_TO_HOME)).isTrue();
        h.reset(false, true);
        assertThat(h.alreadyTrue(MoveKind.TAKE_OVER)).isTrue();
        assertThat(h.alreadyTrue(MoveKind.HAND_OVER)).isTrue();
        assertThat(h.alreadyTrue(MoveKind.TAKE_BACK)).isFalse();
        assertThat(h.alreadyTrue(MoveKind.GIVE_BACK)).isFalse();
        assertThat(h.alreadyTrue(MoveKind.TAKE_ALL)).isFalse();
        assertThat(h.alreadyTrue(MoveKind.RESET_TO_HOME)).isFalse();
        h.reset(true, true);
        assertThat(h.alreadyTrue(MoveKind.TAKE_ALL)).isTrue();
        assertThat(h.alreadyTrue(MoveKind.RESET_TO_HOME)).isFalse();
        h.reset(false, false);
        assertThat(h.alreadyTrue(MoveKind.GIVE_ALL)).isTrue();
    }

    @Test
    void aNodeThatCannotTellTheGroupsStateLetsGoOfWhatThePeerServes() {
        UserHoldings h = new UserHoldings(new NodeMachine(new NodeSetup("n1", P, true, true)));
        h.reset(true, false);
        assertThat(h.releaseFor(null)).isNull();
        assertThat(h.releaseFor(peer(NORMAL, false))).isNull();
        assertThat(h.releaseFor(peer(NORMAL, true))).isEqualTo(MoveKind.GIVE_ALL);
        assertThat(h.releaseFor(peer(RUNNING_IN_BACKUP_MODE, false))).isEqualTo(MoveKind.GIVE_ALL);
        h.reset(true, true);
        assertThat(h.releaseFor(null)).isEqualTo(MoveKind.GIVE_BACK);
        assertThat(h.releaseFor(peer(NORMAL, false))).isEqualTo(MoveKind.GIVE_BACK);
        assertThat(h.releaseFor(peer(IDLE, false))).as("the peer gave its users away").isNull();
        assertThat(h.releaseFor(peer(INITIALIZING, false))).as("an initializing peer serves nobody yet").isNull();
        assertThat(h.releaseFor(peer(BACKUP_ACTIVATED, false))).isEqualTo(MoveKind.GIVE_ALL);
        assertThat(h.releaseFor(peer(TAKING_OVER, false))).isEqualTo(MoveKind.GIVE_ALL);
    }

    @Test
    void ownHealthCountsOnlyWatchedServicesAndOnlyAfterTheDelay() {
        NodeSetup setup = new NodeSetup("n1", P, true, true);
        OwnHealth h = new OwnHealth(setup);
        assertThat(h.healthy()).isTrue();
        assertThat(h.serviceDown(CriticalService.XCP_AUTHENTICATION, 0)).isTrue();
        assertThat(h.serviceDown(CriticalService.XCP_AUTHENTICATION, 5)).as("already down").isFalse();
        assertThat(h.healthy()).as("XCP Authentication is not watched by default").isTrue();
        assertThat(h.servicesDown()).containsExactly(CriticalService.XCP_AUTHENTICATION);
        assertThat(h.failureDueTimes()).isEmpty();
        assertThat(h.failure(5_000)).isNull();
        h.serviceDown(CriticalService.SIP_PROXY, 100);
        assertThat(h.healthy()).isFalse();
        assertThat(h.servicesUp()).isFalse();
        assertThat(h.failureDueTimes()).containsExactly(1_100L);
        assertThat(h.failure(1_099)).isNull();
        assertThat(h.failure(1_100)).isEqualTo(Reason.CRITICAL_SERVICES_DOWN);
        h.starting(true);
        assertThat(h.failure(2_000)).as("the SRM is starting them").isNull();
        h.starting(false);
        h.databaseUp(false);
        assertThat(h.failure(0)).isEqualTo(Reason.DATABASE_FAILURE);
        h.databaseUp(true);
        h.serviceUp(CriticalService.SIP_PROXY);
        assertThat(h.healthy()).isTrue();
        assertThat(h.needsStart()).isFalse();
        h.stoppedBySrm(true);
        assertThat(h.healthy()).isFalse();
        assertThat(h.servicesUp()).isFalse();
        assertThat(h.needsStart()).isTrue();
        h.serviceDown(CriticalService.SIP_PROXY, 0);
        assertThat(h.failure(10_000)).as("held down on purpose").isNull();
        h.servicesStarted();
        assertThat(h.stoppedBySrm() || h.starting()).isFalse();
        assertThat(h.servicesDown()).isEmpty();
        setup.params(P.withXcpAuthenticationMonitored(true));
        h.serviceDown(CriticalService.XCP_AUTHENTICATION, 0);
        assertThat(h.monitoredDown()).containsExactly(CriticalService.XCP_AUTHENTICATION);
    }

    @Test
    void thePeerLinkCountsMissedHeartbeatsAndItsDeadline() {
        PeerLink l = new PeerLink();
        l.watchAfresh(1_000);
        assertThat(l.reachable()).isFalse();
        assertThat(l.missedHeartbeats(1_000 + 3 * 15_000 + 10, 15_000)).isEqualTo(3);
        assertThat(l.missedHeartbeats(0, 15_000)).isZero();
        assertThat(l.deadlineMs(60_000)).isEqualTo(61_000);
        PeerStatus p = peer(NORMAL, false);
        assertThat(l.isNews(p)).isTrue();
        l.heard(p, 2_000);
        assertThat(l.isNews(p)).isFalse();
        assertThat(l.isNews(peer(IDLE, false))).isTrue();
        assertThat(l.reachable()).isTrue();
        assertThat(l.deadlineMs(60_000)).isEqualTo(62_000);
        assertThat(l.missedHeartbeats(2_000 + 15_000, 15_000)).isEqualTo(1);
        assertThat(l.acknowledged(1)).isTrue();
        assertThat(l.acknowledged(2)).isFalse();
        l.markLost(Reason.PEER_REBOOT);
        assertThat(l.peer()).isNull();
        assertThat(l.lastHeard()).isEqualTo(p);
        assertThat(l.lostBecause()).contains(Reason.PEER_REBOOT);
        assertThat(l.heardSinceWatchStart()).isFalse();
        l.heard(p, 3_000);
        assertThat(l.lost()).isFalse();
        l.watchAfresh(4_000);
        assertThat(l.heardSinceWatchStart()).isFalse();
        assertThat(l.lastHeartbeatMs()).isEqualTo(-1);
    }

    @Test
    void alertsAboutAStandingConditionAreRaisedOnceUntilItClears() {
        AlertOnce a = new AlertOnce();
        assertThat(a.first(AlertOnce.Condition.NOBODY_SERVES)).isTrue();
        assertThat(a.first(AlertOnce.Condition.NOBODY_SERVES)).isFalse();
        assertThat(a.first(AlertOnce.Condition.FAILOVER_BLOCKED)).isTrue();
        a.cleared(AlertOnce.Condition.FAILOVER_BLOCKED);
        assertThat(a.first(AlertOnce.Condition.FAILOVER_BLOCKED)).isTrue();
        assertThat(a.first(AlertOnce.Condition.NOBODY_SERVES)).isFalse();
        a.peerBack();
        assertThat(a.first(AlertOnce.Condition.NOBODY_SERVES)).isTrue();
    }

    @Test
    void theTimeoutInForceIsLongerWhileInitializing() {
        NodeSetup s = new NodeSetup("n1", P, false, true);
        assertThat(s.timeoutInForceMs(INITIALIZING)).isEqualTo(P.initializationHeartbeatTimeoutMs());
        assertThat(s.timeoutInForceMs(NORMAL)).isEqualTo(P.heartbeatTimeoutMs());
        assertThat(s.watchesPeer(NORMAL)).as("HA off: a stable node does not watch").isFalse();
        assertThat(s.watchesPeer(TAKING_BACK)).as("a transitional state must finish").isTrue();
        s.haEnabled(true);
        assertThat(s.watchesPeer(NORMAL)).isTrue();
    }
}
