package dev.tandem.agent.srm;

import static dev.tandem.agent.srm.NodeState.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.whatif.VirtualPair;
import org.junit.jupiter.api.Test;

/** The witness gate in the takeover path (issue 10), on the virtual clock. */
class WitnessGateTest {
    private static final SrmParameters P = VirtualPair.shortTimers();

    @Test
    void withoutAWitnessAPartitionMakesBothNodesTakeOverAsTheGuideSays() {
        VirtualPair h = VirtualPair.healthy(P);
        h.partition(true);
        h.runFor(3 * P.heartbeatTimeoutMs());
        assertThat(h.n1().srm().state()).isEqualTo(RUNNING_IN_BACKUP_MODE);
        assertThat(h.n2().srm().state()).isEqualTo(RUNNING_IN_BACKUP_MODE);
    }

    @Test
    void withAWitnessOnlyTheNodeHoldingTheLeaseTakesOverAcrossAPartition() {
        VirtualPair h = VirtualPair.healthy(P);
        h.n1().handle(new SrmEvent.WitnessLeaseChanged(true, false));
        h.n2().handle(new SrmEvent.WitnessLeaseChanged(true, false));
        h.partition(true);
        h.runFor(3 * P.heartbeatTimeoutMs());
        assertThat(h.n1().srm().state()).as("no lease: it takes nothing").isEqualTo(NORMAL);
        assertThat(h.n2().srm().state()).isEqualTo(NORMAL);

        h.n2().handle(new SrmEvent.WitnessLeaseChanged(true, true)); // n1's session expired: n2 got its lease
        h.runFor(3 * P.heartbeatTimeoutMs());
        assertThat(h.n2().srm().state()).isEqualTo(RUNNING_IN_BACKUP_MODE);
        assertThat(h.n1().srm().state()).isEqualTo(NORMAL);
    }

    @Test
    void aNodeThatLosesTheLeaseLetsGoOfItsPeersUsersAtOnce() {
        VirtualPair h = VirtualPair.healthy(P);
        h.n2().handle(new SrmEvent.WitnessLeaseChanged(true, true));
        h.kill(h.n1());
        h.runFor(3 * P.heartbeatTimeoutMs());
        assertThat(h.n2().srm().state()).isEqualTo(RUNNING_IN_BACKUP_MODE);

        Decision d = h.n2().handle(new SrmEvent.WitnessLeaseChanged(true, false));

        assertThat(h.n2().srm().state()).isEqualTo(RUNNING_IN_FAILED_MODE);
        assertThat(d.commands()).contains(new SrmCommand.MoveUsers(MoveKind.GIVE_BACK));
    }

    @Test
    void aNodeStartingAloneWithoutTheLeaseServesOnlyItsOwnUsersUntilItHoldsIt() {
        VirtualPair h = VirtualPair.healthy(P);
        h.n2().handle(new SrmEvent.WitnessLeaseChanged(true, true));
        h.kill(h.n1());
        h.runFor(3 * P.heartbeatTimeoutMs());
        assertThat(h.n2().serving()).containsExactlyInAnyOrder("n1", "n2");

        // n2 restarts while n1 stays away: without the lease it must not take every user
        h.restart(h.n2());
        h.n2().handle(new SrmEvent.WitnessLeaseChanged(true, false));
        h.runFor(3 * P.initializationHeartbeatTimeoutMs());
        assertThat(h.n2().srm().state()).isEqualTo(NORMAL);
        assertThat(h.n2().serving()).containsExactly("n2");

        h.n2().handle(new SrmEvent.WitnessLeaseChanged(true, true));
        h.runFor(3 * P.heartbeatTimeoutMs());
        assertThat(h.n2().srm().state()).isEqualTo(RUNNING_IN_BACKUP_MODE);
        assertThat(h.n2().serving()).containsExactlyInAnyOrder("n1", "n2");
    }

    /**
     * Issue 10 (BENCHMARKS, witness seed 12): n2 lost its session (a pause or a partition longer
     * than the lease timeout), n1 took its lease and its users. When the link heals, n2 holds no
     * lease of its own users and n1 does: n2 yields (initializes against n1 and ends failed over)
     * instead of both nodes going Running in Failed Mode (M21) and waiting for a recovery.
     */
    @Test
    void aNodeWhosePeerHoldsItsLeaseYieldsWhenThePartitionHealsInsteadOfM21() {
        VirtualPair h = VirtualPair.healthy(P);
        h.n1().handle(new SrmEvent.WitnessLeaseChanged(true, false));
        h.n2().handle(new SrmEvent.WitnessLeaseChanged(true, false));
        h.partition(true);
        h.n1().handle(new SrmEvent.WitnessLeaseChanged(true, true)); // n2's session expired: n1 has its lease
        h.n2().handle(new SrmEvent.WitnessLeaseChanged(true, false, true)); // and n2 sees n1 hold it
        h.runFor(3 * P.heartbeatTimeoutMs());
        assertThat(h.n1().srm().state()).isEqualTo(RUNNING_IN_BACKUP_MODE);
        assertThat(h.n2().srm().state()).isEqualTo(NORMAL);

        h.partition(false);
        h.runFor(3 * P.heartbeatTimeoutMs());

        assertThat(h.n1().srm().state()).as("n1 keeps serving n2's users").isEqualTo(RUNNING_IN_BACKUP_MODE);
        assertThat(h.n2().srm().state()).as("n2 yields").isIn(FAILED_OVER, FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING);
        assertThat(h.n1().serving()).containsExactlyInAnyOrder("n1", "n2");
        assertThat(h.n2().serving()).isEmpty();
    }

    @Test
    void withoutTheLeaseNewsAHealedPartitionStillEndsInM21AsBefore() {
        VirtualPair h = VirtualPair.healthy(P);
        h.n1().handle(new SrmEvent.WitnessLeaseChanged(true, false));
        h.n2().handle(new SrmEvent.WitnessLeaseChanged(true, false));
        h.partition(true);
        h.runFor(3 * P.heartbeatTimeoutMs());
        // neither holds the other's lease: neither took over; a healed link finds both Normal
        h.partition(false);
        h.runFor(3 * P.heartbeatTimeoutMs());
        assertThat(h.n1().srm().state()).isEqualTo(NORMAL);
        assertThat(h.n2().srm().state()).isEqualTo(NORMAL);
    }
}
