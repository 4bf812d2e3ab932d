package dev.tandem.agent.srm;

import static dev.tandem.agent.srm.NodeState.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.srm.Initialization.Outcome;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Where a restarting SRM settles (rows M5–M9, M18, M21 and the pairs between them): from each
 * state it persisted, against each state its peer reports. Each case says the state, reason
 * and user move, so nobody is served twice and no user is left without a node.
 */
class InitializationTest {
    private static final boolean HEALTHY = true;
    private static final boolean SICK = false;

    /** One case: this node resumes {@code resume}, the peer reports {@code peer} (resuming {@code peerResume}). */
    record Case(String why, NodeState resume, NodeState peer, NodeState peerResume, boolean peerServesUs,
                boolean healthy, boolean stoppedBySrm, NodeState state, Reason reason, MoveKind move) {
        @Override
        public String toString() {
            return why;
        }
    }

    private static Case c(String why, NodeState resume, NodeState peer, NodeState state, Reason reason, MoveKind move) {
        return new Case(why, resume, peer, null, HOLDS(peer), HEALTHY, false, state, reason, move);
    }

    /** A peer in a state that serves this node's users says so in its status too. */
    private static boolean HOLDS(NodeState s) {
        return s == RUNNING_IN_BACKUP_MODE || s == TAKING_OVER || s == BACKUP_ACTIVATED;
    }

    private static PeerStatus peer(NodeState s, NodeState resume, boolean servesUs) {
        return new PeerStatus("n2", s, Reason.ON_ADMIN_REQUEST, true, "fp", true, true, resume, 7, 3, servesUs);
    }

    static Stream<Case> cases() {
        Reason init = Reason.INITIALIZATION;
        Reason unknown = Reason.UNKNOWN;
        return Stream.of(
                // a failed group cannot be told apart (M21): let go of what the peer may serve too
                c("failed, peer normal", RUNNING_IN_FAILED_MODE, NORMAL, RUNNING_IN_FAILED_MODE, unknown, MoveKind.GIVE_BACK),
                c("failed, peer in backup mode", RUNNING_IN_FAILED_MODE, RUNNING_IN_BACKUP_MODE,
                        RUNNING_IN_FAILED_MODE, unknown, MoveKind.GIVE_ALL),
                new Case("failed, peer idle but still holding our users", RUNNING_IN_FAILED_MODE, IDLE, null, true,
                        HEALTHY, false, RUNNING_IN_FAILED_MODE, unknown, MoveKind.GIVE_ALL),
                c("normal, peer failed", NORMAL, RUNNING_IN_FAILED_MODE, RUNNING_IN_FAILED_MODE, unknown, MoveKind.GIVE_BACK),
                new Case("normal, peer restarting from failed", NORMAL, INITIALIZING, RUNNING_IN_FAILED_MODE, false,
                        HEALTHY, false, RUNNING_IN_FAILED_MODE, unknown, MoveKind.GIVE_BACK),
                // Normal (or a first start) against each peer state
                c("normal, peer normal (M1)", NORMAL, NORMAL, NORMAL, Reason.NORMAL, MoveKind.RESET_TO_HOME),
                c("first start, peer normal (M1)", null, NORMAL, NORMAL, Reason.NORMAL, MoveKind.RESET_TO_HOME),
                c("unknown before, peer normal", UNKNOWN, NORMAL, NORMAL, Reason.NORMAL, MoveKind.RESET_TO_HOME),
                c("first start, both starting (M1)", null, INITIALIZING, NORMAL, Reason.NORMAL, MoveKind.RESET_TO_HOME),
                new Case("first start, peer restarting from Unknown", null, INITIALIZING, UNKNOWN, false, HEALTHY,
                        false, NORMAL, Reason.NORMAL, MoveKind.RESET_TO_HOME),
                c("normal, peer in backup mode, healthy (M11)", NORMAL, RUNNING_IN_BACKUP_MODE, FAILED_OVER, init,
                        MoveKind.GIVE_ALL),
                new Case("normal, peer in backup mode, services down (M18)", NORMAL, RUNNING_IN_BACKUP_MODE, null,
                        true, SICK, false, FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING, init, MoveKind.GIVE_ALL),
                c("normal, peer idle", NORMAL, IDLE, TAKING_OVER, init, MoveKind.TAKE_ALL),
                c("normal, peer failing over", NORMAL, FAILING_OVER, TAKING_OVER, init, MoveKind.TAKE_ALL),
                c("normal, peer taking back", NORMAL, TAKING_BACK, FALLING_BACK, init, MoveKind.GIVE_BACK),
                c("normal, peer falling back", NORMAL, FALLING_BACK, TAKING_BACK, init, null),
                // Idle / Failed Over (M5, M6, M9, M11)
                c("idle, peer in backup mode (M5)", IDLE, RUNNING_IN_BACKUP_MODE, IDLE, init, MoveKind.GIVE_ALL),
                new Case("idle, both restarting (M6)", IDLE, INITIALIZING, RUNNING_IN_BACKUP_MODE, true, HEALTHY, false,
                        IDLE, init, MoveKind.GIVE_ALL),
                new Case("idle, peer restarting fresh", IDLE, INITIALIZING, null, false, HEALTHY, false,
                        IDLE, init, MoveKind.GIVE_ALL),
                c("failed over, peer in backup mode (M11)", FAILED_OVER, RUNNING_IN_BACKUP_MODE, FAILED_OVER, init,
                        MoveKind.GIVE_ALL),
                new Case("failed over sick, peer in backup mode", FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING,
                        RUNNING_IN_BACKUP_MODE, null, true, SICK, false,
                        FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING, init, MoveKind.GIVE_ALL),
                new Case("failed over, peer restarting fresh", FAILED_OVER, INITIALIZING, null, false, HEALTHY, false,
                        FAILED_OVER, init, MoveKind.GIVE_ALL),
                c("idle, peer normal: take back", IDLE, NORMAL, TAKING_BACK, init, null),
                c("failed over, peer falling back (M9)", FAILED_OVER, FALLING_BACK, TAKING_BACK, init, null),
                c("idle, peer idle too: cannot both be", IDLE, IDLE, RUNNING_IN_FAILED_MODE, unknown, MoveKind.GIVE_BACK),
                c("failed over, peer taking back", FAILED_OVER, TAKING_BACK, RUNNING_IN_FAILED_MODE, unknown,
                        MoveKind.GIVE_BACK),
                // Failing Over (M8 seen from node 1)
                c("failing over, peer taking over (M8)", FAILING_OVER, TAKING_OVER, FAILING_OVER, init, MoveKind.GIVE_ALL),
                new Case("failing over with services stopped, peer in backup mode", FAILING_OVER,
                        RUNNING_IN_BACKUP_MODE, null, true, SICK, true, IDLE, init, MoveKind.GIVE_ALL),
                c("failing over, peer in backup mode", FAILING_OVER, RUNNING_IN_BACKUP_MODE, FAILED_OVER, init,
                        MoveKind.GIVE_ALL),
                c("failing over, peer normal", FAILING_OVER, NORMAL, FAILING_OVER, init, MoveKind.GIVE_ALL),
                c("failing over, peer failing over too", FAILING_OVER, FAILING_OVER, RUNNING_IN_FAILED_MODE, unknown,
                        MoveKind.GIVE_BACK),
                // Running in Backup Mode / Taking Over (M7, M8)
                c("backup mode, peer failing over", RUNNING_IN_BACKUP_MODE, FAILING_OVER, TAKING_OVER, init,
                        MoveKind.TAKE_ALL),
                c("taking over, peer failing over (M8)", TAKING_OVER, FAILING_OVER, TAKING_OVER, init, MoveKind.TAKE_ALL),
                c("taking over, peer idle", TAKING_OVER, IDLE, TAKING_OVER, init, MoveKind.TAKE_ALL),
                c("backup mode, peer idle (M7)", RUNNING_IN_BACKUP_MODE, IDLE, RUNNING_IN_BACKUP_MODE, init,
                        MoveKind.TAKE_ALL),
                c("backup mode, peer failed over", RUNNING_IN_BACKUP_MODE, FAILED_OVER, RUNNING_IN_BACKUP_MODE, init,
                        MoveKind.TAKE_ALL),
                c("backup mode, peer taking back", RUNNING_IN_BACKUP_MODE, TAKING_BACK, FALLING_BACK, init,
                        MoveKind.GIVE_BACK),
                new Case("backup mode, both restarting (M6)", RUNNING_IN_BACKUP_MODE, INITIALIZING, null, false,
                        HEALTHY, false, RUNNING_IN_BACKUP_MODE, init, MoveKind.TAKE_ALL),
                c("backup mode, peer normal: cannot both be", RUNNING_IN_BACKUP_MODE, NORMAL, RUNNING_IN_FAILED_MODE,
                        unknown, MoveKind.GIVE_BACK),
                c("taking over, peer in backup mode", TAKING_OVER, RUNNING_IN_BACKUP_MODE, FAILED_OVER, init,
                        MoveKind.GIVE_ALL),
                // Taking Back (M9)
                c("taking back, peer falling back (M9)", TAKING_BACK, FALLING_BACK, TAKING_BACK, init, null),
                c("taking back, peer normal", TAKING_BACK, NORMAL, TAKING_BACK, init, null),
                c("taking back, peer in backup mode", TAKING_BACK, RUNNING_IN_BACKUP_MODE, TAKING_BACK, init, null),
                c("taking back, peer idle", TAKING_BACK, IDLE, RUNNING_IN_FAILED_MODE, unknown, MoveKind.GIVE_BACK),
                // Falling Back
                c("falling back, peer taking back", FALLING_BACK, TAKING_BACK, FALLING_BACK, init, MoveKind.GIVE_BACK),
                c("falling back, peer failed over", FALLING_BACK, FAILED_OVER, RUNNING_IN_BACKUP_MODE, init,
                        MoveKind.TAKE_ALL),
                c("falling back, peer normal", FALLING_BACK, NORMAL, RUNNING_IN_FAILED_MODE, unknown, MoveKind.GIVE_BACK),
                // auto-recovery (M22, M23)
                c("backup activated, peer out of service", BACKUP_ACTIVATED, FAILOVER_AFFECTED_SERVICES,
                        BACKUP_ACTIVATED, init, MoveKind.TAKE_ALL),
                c("backup activated, peer taking back", BACKUP_ACTIVATED, TAKING_BACK, FALLING_BACK, init,
                        MoveKind.GIVE_BACK),
                c("backup activated, peer normal", BACKUP_ACTIVATED, NORMAL, RUNNING_IN_FAILED_MODE, unknown,
                        MoveKind.GIVE_BACK),
                c("out of service, peer serves everyone", FAILOVER_AFFECTED_SERVICES, BACKUP_ACTIVATED,
                        FAILOVER_AFFECTED_SERVICES, init, MoveKind.GIVE_ALL),
                c("out of service, peer falling back", FAILOVER_AFFECTED_SERVICES, FALLING_BACK, TAKING_BACK, init, null),
                c("out of service, peer normal", FAILOVER_AFFECTED_SERVICES, NORMAL, TAKING_BACK, init, null),
                c("out of service, peer in backup mode", FAILOVER_AFFECTED_SERVICES, RUNNING_IN_BACKUP_MODE,
                        FAILED_OVER, init, MoveKind.GIVE_ALL),
                c("out of service, peer idle", FAILOVER_AFFECTED_SERVICES, IDLE, RUNNING_IN_FAILED_MODE, unknown,
                        MoveKind.GIVE_BACK));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void settlesAgainstThePeer(Case k) {
        Outcome o = Initialization.withPeer("n1", k.resume(), k.healthy(), k.stoppedBySrm(),
                peer(k.peer(), k.peerResume(), k.peerServesUs()));
        assertThat(o).as(k.why()).isNotNull();
        assertThat(o.state()).as(k.why() + ": " + o.sentence()).isEqualTo(k.state());
        assertThat(o.reason()).as(k.why() + ": " + o.sentence()).isEqualTo(k.reason());
        assertThat(o.move()).as(k.why() + ": " + o.sentence()).isEqualTo(k.move());
    }

    @Test
    void aPeerInUnknownIsWaitedFor() {
        assertThat(Initialization.withPeer("n1", NORMAL, true, false, peer(UNKNOWN, null, false))).isNull();
        assertThat(Initialization.withPeer("n1", IDLE, true, false, peer(UNKNOWN, null, false))).isNull();
    }

    @Test
    void theSentenceSaysWhatThePeerResumes() {
        Outcome o = Initialization.withPeer("n1", IDLE, true, false, peer(INITIALIZING, RUNNING_IN_BACKUP_MODE, true));
        assertThat(o.sentence()).contains("n2 is " + INITIALIZING.label() + " (resuming "
                + RUNNING_IN_BACKUP_MODE.label() + ")");
        Outcome fresh = Initialization.withPeer("n1", null, true, false, peer(NORMAL, null, false));
        assertThat(fresh.sentence()).contains("n2 is " + NORMAL.label()).doesNotContain("resuming");
        Outcome fresh2 = Initialization.withPeer("n1", null, true, false, peer(INITIALIZING, null, false));
        assertThat(fresh2.sentence()).doesNotContain("resuming");
    }

    @Test
    void aFailedRestartSaysWhoWasFailed() {
        assertThat(Initialization.withPeer("n1", RUNNING_IN_FAILED_MODE, true, false, peer(NORMAL, null, false))
                .sentence()).contains("the group was failed");
        assertThat(Initialization.withPeer("n1", NORMAL, true, false, peer(RUNNING_IN_FAILED_MODE, null, false))
                .sentence()).contains("n2 was failed");
    }

    /** Row M18 and its neighbours: the peer never answered. */
    @Test
    void aloneItTakesEveryUserOnlyFromAStateThatCanServe() {
        Reason r = Reason.PEER_DOWN_DURING_INITIALIZATION;
        expectAlone(IDLE, HEALTHY, IDLE, r, MoveKind.GIVE_ALL);
        expectAlone(FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING, HEALTHY, RUNNING_IN_FAILED_MODE, r, null);
        expectAlone(FAILING_OVER, HEALTHY, RUNNING_IN_FAILED_MODE, r, null);
        expectAlone(FAILOVER_AFFECTED_SERVICES, HEALTHY, RUNNING_IN_FAILED_MODE, r, null);
        expectAlone(RUNNING_IN_FAILED_MODE, HEALTHY, RUNNING_IN_FAILED_MODE, r, null);
        expectAlone(null, HEALTHY, TAKING_OVER, r, MoveKind.TAKE_ALL);
        expectAlone(UNKNOWN, HEALTHY, TAKING_OVER, r, MoveKind.TAKE_ALL);
        expectAlone(NORMAL, HEALTHY, TAKING_OVER, r, MoveKind.TAKE_ALL);
        expectAlone(RUNNING_IN_BACKUP_MODE, HEALTHY, TAKING_OVER, r, MoveKind.TAKE_ALL);
        expectAlone(FAILED_OVER, HEALTHY, TAKING_OVER, r, MoveKind.TAKE_ALL);
        expectAlone(NORMAL, SICK, RUNNING_IN_FAILED_MODE, r, null);
        expectAlone(null, SICK, RUNNING_IN_FAILED_MODE, r, null);
    }

    private static void expectAlone(NodeState resume, boolean healthy, NodeState state, Reason reason, MoveKind move) {
        Outcome o = Initialization.alone("n1", resume, healthy, false, false); // no witness: the guide's behaviour
        String why = "alone from " + resume + (healthy ? "" : ", unhealthy") + ": " + o.sentence();
        assertThat(o.state()).as(why).isEqualTo(state);
        assertThat(o.reason()).as(why).isEqualTo(reason);
        assertThat(o.move()).as(why).isEqualTo(move);
    }
}
