package dev.tandem.agent.srm;

import static dev.tandem.agent.srm.NodeState.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.whatif.VirtualPair;
import org.junit.jupiter.api.Test;

/**
 * The store gate (issue 11), on the virtual clock: a node whose user store is behind its peer's
 * and not yet re-synchronised never takes its peer's users over; it shows Store Resync Pending
 * (row X8) and acts normally again once its resync completed.
 */
class StoreGateTest {
    private static final SrmParameters P = VirtualPair.shortTimers();

    /** n1 failed over to n2 (n2 serves every user), then n1's database is deleted and n1 restarts. */
    private static VirtualPair n1WipedWhileN2ServesEveryone(long resyncMs) {
        VirtualPair h = VirtualPair.healthy(P);
        h.admin(h.n1(), AdminAction.FAILOVER);
        h.runUntil(() -> h.n2().srm().state() == RUNNING_IN_BACKUP_MODE && h.n1().srm().state() == IDLE, 5_000);
        h.n1().wipeStore();
        h.n1().setResyncMs(resyncMs);
        h.start(h.n1());
        return h;
    }

    @Test
    void anInitializingNodeWaitsForItsResyncWhileThePeerAnswersThenSettles() {
        VirtualPair h = n1WipedWhileN2ServesEveryone(500);
        h.runFor(300);
        assertThat(h.n1().srm().state()).as("still taking n2's store").isEqualTo(INITIALIZING);
        assertThat(h.n1().serving()).isEmpty();

        h.runFor(400);
        assertThat(h.n1().storeBehind()).isFalse();
        assertThat(h.n1().srm().state()).as("settled against n2, which serves its users").isEqualTo(FAILED_OVER);
        assertThat(h.n1().srm().reason()).isEqualTo(Reason.INITIALIZATION);
    }

    @Test
    void aNodeWhosePeerDiesBeforeItsResyncCompletedTakesNothingOverAndSaysSo() {
        VirtualPair h = n1WipedWhileN2ServesEveryone(60_000); // the resync cannot finish in time
        h.runFor(100);
        h.kill(h.n2());
        h.runFor(3 * P.initializationHeartbeatTimeoutMs());

        assertThat(h.n1().transitions()).as("never took n2's users over")
                .noneMatch(t -> t.to() == TAKING_OVER || t.to() == BACKUP_ACTIVATED || t.to() == RUNNING_IN_BACKUP_MODE);
        assertThat(VirtualPair.is(h.n1(), FAILED_OVER, Reason.STORE_RESYNC_PENDING)).isTrue();
        assertThat(h.n1().serving()).as("a store known to be behind serves nobody").isEmpty();
        assertThat(h.n1().srm().sentence()).contains("behind its peer's").contains("start the peer's agent");
        assertThat(h.row()).hasValueSatisfying(m -> assertThat(m.row().id()).isEqualTo("X8"));
        assertThat(h.row().get().row().actions()).isNotEmpty();
        assertThat(h.n1().alerts()).anyMatch(a -> a.type() == AlertType.PE_AUTO_RECOVERY_FAILED
                && a.text().contains("behind its peer's"));

        // n2 comes back: n1 takes its store, initializes against it, and a fallback ends in M1
        h.n1().setResyncMs(50);
        h.start(h.n2());
        h.runUntil(() -> !h.n1().storeBehind()
                && h.n1().srm().state() == FAILED_OVER && h.n1().srm().reason() != Reason.STORE_RESYNC_PENDING
                && h.n2().srm().state() == RUNNING_IN_BACKUP_MODE, 10_000);
        assertThat(h.n2().serving()).containsExactlyInAnyOrder("n1", "n2");
        assertThat(h.admin(h.n1(), AdminAction.FALLBACK).isRefused()).isFalse();
        h.runUntil(() -> h.settledIn(NORMAL), 10_000);
        assertThat(h.row()).hasValueSatisfying(m -> assertThat(m.row().id()).isEqualTo("M1"));
        assertThat(h.n1().serving()).containsExactly("n1");
        assertThat(h.n2().serving()).containsExactly("n2");
    }

    @Test
    void aNormalNodeWithAResyncPendingKeepsItsOwnUsersAndTakesOverOnceTheResyncCompleted() {
        VirtualPair h = VirtualPair.healthy(P);
        h.n2().handle(new SrmEvent.StoreResyncChanged(true)); // the runtime: n2 lost a comparison, fetching
        h.kill(h.n1());
        h.runFor(3 * P.heartbeatTimeoutMs());
        assertThat(VirtualPair.is(h.n2(), NORMAL, Reason.STORE_RESYNC_PENDING)).isTrue();
        assertThat(h.n2().serving()).containsExactly("n2");
        assertThat(h.row()).hasValueSatisfying(m -> assertThat(m.row().id()).isEqualTo("X8"));

        // the fetch completed just before n1 was declared lost: the store is whole, the takeover goes on
        h.n2().handle(new SrmEvent.StoreResyncChanged(false));
        h.runFor(P.heartbeatTimeoutMs());
        assertThat(h.n2().srm().state()).isEqualTo(RUNNING_IN_BACKUP_MODE);
        assertThat(h.n2().serving()).containsExactlyInAnyOrder("n1", "n2");
    }

    @Test
    void aPendingResyncDoesNotChangeANodeWhosePeerAnswers() {
        VirtualPair h = VirtualPair.healthy(P);
        Decision d = h.n2().handle(new SrmEvent.StoreResyncChanged(true));
        assertThat(d.transitions()).isEmpty();
        h.runFor(3 * P.heartbeatTimeoutMs());
        assertThat(h.settledIn(NORMAL)).isTrue();
        assertThat(h.n2().srm().reason()).isEqualTo(Reason.NORMAL);
        h.n2().handle(new SrmEvent.StoreResyncChanged(false));
        assertThat(h.n2().srm().reason()).isEqualTo(Reason.NORMAL);
    }

    /** Found by the random-history walk: both databases deleted across a partition. */
    @Test
    void twoNodesHeldAtTheirInitializationMeetAndEndNormal() {
        VirtualPair h = VirtualPair.healthy(P);
        h.partition(true);
        h.n1().wipeStore();
        h.n2().wipeStore();
        h.start(h.n1());
        h.start(h.n2());
        h.runFor(3 * P.initializationHeartbeatTimeoutMs());
        assertThat(VirtualPair.is(h.n1(), FAILED_OVER, Reason.STORE_RESYNC_PENDING)).isTrue();
        assertThat(VirtualPair.is(h.n2(), FAILED_OVER, Reason.STORE_RESYNC_PENDING)).isTrue();

        h.partition(false);
        h.runUntil(() -> h.settledIn(NORMAL), 10_000);
        assertThat(h.row()).hasValueSatisfying(m -> assertThat(m.row().id()).isEqualTo("M1"));
    }

    /** A store restored from an old backup is not empty, so not "fresh": it is still compared before it serves. */
    @Test
    void aRestartedNodeWhoseStoreWasNotComparedYetWaitsInInitializationWhileItsPeerAnswers() {
        VirtualPair h = VirtualPair.healthy(P);
        h.stopOrderly(h.n1());
        h.runUntil(() -> h.n2().srm().state() == RUNNING_IN_BACKUP_MODE, 10_000);
        h.start(h.n1());
        h.n1().handle(new SrmEvent.StoreResyncChanged(false, true)); // the runtime: not compared with n2's yet
        h.runFor(3 * P.heartbeatTimeoutMs());
        // Initializing: the agent's sessions serve nobody (NodePresence.SERVES_NOBODY)
        assertThat(h.n1().srm().state()).as("hears n2 but waits for the comparison").isEqualTo(INITIALIZING);

        h.n1().handle(new SrmEvent.StoreResyncChanged(false, false)); // equal, or taken from n2
        h.runUntil(() -> h.n1().srm().state() != INITIALIZING, 5_000);
        assertThat(h.n1().srm().state()).isEqualTo(FAILED_OVER);
    }

    @Test
    void aStoreNotComparedYetDoesNotHoldANodeWhosePeerNeverAnswers() {
        VirtualPair h = VirtualPair.healthy(P);
        h.kill(h.n2());
        h.stopOrderly(h.n1());
        h.start(h.n1());
        h.n1().handle(new SrmEvent.StoreResyncChanged(false, true));
        h.runFor(3 * P.initializationHeartbeatTimeoutMs());
        assertThat(h.n1().srm().reason()).as("the guide's behaviour alone (M18), not the store gate's")
                .isNotEqualTo(Reason.STORE_RESYNC_PENDING);
        assertThat(h.n1().serving()).contains("n1", "n2");
    }
}
