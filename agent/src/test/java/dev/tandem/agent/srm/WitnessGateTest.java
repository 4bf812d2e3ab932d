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
}
