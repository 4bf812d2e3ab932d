package dev.tandem.agent.srm;

import static dev.tandem.agent.srm.NodeState.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.whatif.VirtualPair;
import dev.tandem.agent.whatif.VirtualNode;
import org.junit.jupiter.api.Test;

/**
 * Anti-flapping (issue 11) on the virtual clock: a critical service that keeps failing makes
 * automatic failover and automatic fallback alternate; after the limit of automatic failovers in
 * the window the automatic fallback is held, said and alerted once, until an operator acts.
 */
class AntiFlappingTest {
    private static final long BOUND = 120_000;
    private static final long FALLBACK_DELAY = 1_000;

    private final VirtualPair h = VirtualPair.healthy(VirtualPair.shortTimers().withAutomaticFallback(true, FALLBACK_DELAY));
    private final VirtualNode n1 = h.n1();
    private final VirtualNode n2 = h.n2();

    /** One flap: the service fails (automatic failover), recovers, and the automatic fallback is due. */
    private void flap() {
        h.serviceDown(n1, CriticalService.SIP_PROXY);
        h.runUntil(() -> n1.srm().state() == FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING
                && n2.srm().state() == RUNNING_IN_BACKUP_MODE, BOUND);
        h.serviceUp(n1, CriticalService.SIP_PROXY);
        h.runUntil(() -> n1.srm().state() == FAILED_OVER, BOUND);
    }

    private long failovers() {
        return n1.alerts().stream().filter(a -> a.type() == AlertType.SRM_FAILOVER && a.text().startsWith("automatic failover")).count();
    }

    @Test
    void theThirdAutomaticFailoverWithinTheWindowHoldsTheAutomaticFallback() {
        n1.srm().flapLimits(new FlapLimits(3, 3_600_000));
        for (int i = 1; i <= 2; i++) {
            flap();
            h.runUntil(() -> h.settledIn(NORMAL), BOUND); // automatic fallback, as the guide says
            assertThat(n1.srm().recentAutomaticFailovers()).isEqualTo(i);
        }
        flap();
        h.runFor(20 * FALLBACK_DELAY);
        assertThat(n1.srm().state()).as(h.describe()).isEqualTo(FAILED_OVER);
        assertThat(n2.srm().state()).isEqualTo(RUNNING_IN_BACKUP_MODE);
        assertThat(failovers()).isEqualTo(3);
        assertThat(n1.srm().sentence()).contains("automatic fallback is due")
                .contains("automatic fallback held: 3 automatic failovers within 1 h (flapping)");
        assertThat(n1.alerts().stream().filter(a -> a.type() == AlertType.FLAPPING)).hasSize(1);
        assertThat(h.row().orElseThrow().row().id()).isEqualTo("M11"); // failed over, users served by the backup

        // an operator falls back by hand: accepted, and the count starts afresh
        assertThat(h.admin(n1, AdminAction.FALLBACK).refusal()).isNull();
        h.runUntil(() -> h.settledIn(NORMAL), BOUND);
        assertThat(n1.srm().recentAutomaticFailovers()).isZero();
        flap();
        h.runUntil(() -> h.settledIn(NORMAL), BOUND); // not held: one failover since the operator acted
    }

    @Test
    void failoversOlderThanTheWindowDoNotCount() {
        n1.srm().flapLimits(new FlapLimits(2, 30_000));
        flap();
        h.runUntil(() -> h.settledIn(NORMAL), BOUND);
        h.runFor(31_000); // the first failover leaves the window
        flap();
        h.runUntil(() -> h.settledIn(NORMAL), BOUND);
        assertThat(n1.srm().recentAutomaticFailovers()).isEqualTo(1);
        assertThat(n1.alerts()).noneMatch(a -> a.type() == AlertType.FLAPPING);
    }

    @Test
    void offMeansTheGuidesBehaviour() {
        n1.srm().flapLimits(FlapLimits.OFF);
        for (int i = 0; i < 5; i++) {
            flap();
            h.runUntil(() -> h.settledIn(NORMAL), BOUND);
        }
        assertThat(failovers()).isEqualTo(5);
        assertThat(n1.alerts()).noneMatch(a -> a.type() == AlertType.FLAPPING);
    }

    @Test
    void limitsOutsideTheirRangeAreRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new FlapLimits(-1, 1000))
                .hasMessageContaining("flap.max-failovers");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new FlapLimits(3, -1)).hasMessageContaining("flap.window");
        assertThat(FlapLimits.DEFAULTS).isEqualTo(new FlapLimits(3, 3_600_000));
    }
}
