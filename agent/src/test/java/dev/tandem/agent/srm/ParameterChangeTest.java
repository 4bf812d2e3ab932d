package dev.tandem.agent.srm;

import static dev.tandem.agent.srm.NodeState.NORMAL;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.whatif.VirtualPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 11: a parameter change re-arms every deadline on both nodes. Found live: 15 s / 60 s to
 * 1 s / 4 s declared the peer lost 2 ms later (its last heartbeat, on the old interval, was
 * already older than the new timeout) and both nodes went to M21.
 */
class ParameterChangeTest {
    private static final SrmParameters DEFAULTS = SrmParameters.defaults();
    private static final SrmParameters FAST = DEFAULTS.withHeartbeat(1_000, 4_000, 8_000);

    /** The change lands at varied moments of the old 15 s interval. */
    @ParameterizedTest
    @ValueSource(longs = {1, 5_000, 9_999, 14_998})
    void shorterTimersKeepThePairInM1(long offset) {
        VirtualPair h = VirtualPair.healthy(DEFAULTS);
        h.runFor(10 * DEFAULTS.heartbeatIntervalMs() + offset);
        long changedAt = h.now();
        h.n1().handle(new SrmEvent.ParametersChanged(FAST));
        // the peer's agent adopts the new configuration from the heartbeat that carries it, before its SRM
        // sees that heartbeat (SrmLoop.adopt): here, before the message arrives
        h.n2().handle(new SrmEvent.ParametersChanged(FAST));
        h.runFor(60_000);
        // a heartbeat already in flight on the old values may flash M24 for a few ms (the peers briefly
        // disagree); what must never happen is a lost peer, a takeover or Running in Failed Mode
        for (var n : java.util.List.of(h.n1(), h.n2())) {
            assertThat(n.transitions()).filteredOn(t -> t.atMs() >= changedAt)
                    .noneMatch(t -> t.to() == NodeState.TAKING_OVER || t.to() == NodeState.FAILING_OVER
                            || t.to() == NodeState.RUNNING_IN_FAILED_MODE || t.reason() == Reason.PEER_DOWN);
        }
        assertThat(h.settledIn(NORMAL)).as(h.describe()).isTrue();
        assertThat(h.n1().srm().peerReachable()).isTrue();
    }

    @Test
    void theNewIntervalIsUsedAtOnce() {
        VirtualPair h = VirtualPair.healthy(DEFAULTS);
        h.runFor(100_000);
        h.n1().handle(new SrmEvent.ParametersChanged(FAST));
        h.n2().handle(new SrmEvent.ParametersChanged(FAST));
        int before = h.heartbeatsDeliveredTo(h.n2());
        h.runFor(10_000);
        // about one a second, not one in 15 s
        assertThat(h.heartbeatsDeliveredTo(h.n2()) - before).isBetween(9, 12);
    }

    @Test
    void aPeerThatReallyStopsIsStillDetectedUnderTheNewTimeout() {
        VirtualPair h = VirtualPair.healthy(DEFAULTS);
        h.runFor(30_000);
        h.n1().handle(new SrmEvent.ParametersChanged(FAST));
        h.n2().handle(new SrmEvent.ParametersChanged(FAST));
        h.runFor(3_000);
        long killed = h.now();
        h.kill(h.n1());
        h.runFor(10_000);
        long takingOver = h.n2().transitions().stream().filter(t -> t.to() == NodeState.TAKING_OVER)
                .mapToLong(Transition::atMs).findFirst().orElse(-1);
        assertThat(takingOver).as("n2 took over").isGreaterThan(killed);
        assertThat(takingOver - killed).isLessThanOrEqualTo(FAST.heartbeatTimeoutMs() + FAST.heartbeatIntervalMs());
    }
}
