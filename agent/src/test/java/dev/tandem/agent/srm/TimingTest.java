package dev.tandem.agent.srm;

import static dev.tandem.agent.srm.NodeState.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.whatif.VirtualPair;
import dev.tandem.agent.whatif.VirtualNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The guide's timers (ha-behaviour.md §4) at their default values, on the virtual clock. */
class TimingTest {
    private static final SrmParameters DEFAULTS = SrmParameters.defaults();
    private static final long HOUR = 3_600_000;

    private static long firstTransitionTo(VirtualNode n, NodeState s, long after) {
        return n.transitions().stream().filter(t -> t.to() == s && t.atMs() >= after)
                .mapToLong(Transition::atMs).findFirst().orElse(-1);
    }

    /** Kill time offsets within one interval, so the last heartbeat lands at varied moments. */
    @ParameterizedTest
    @ValueSource(longs = {0, 1, 7_499, 14_999})
    void failoverStartsAfterTheTimeoutAndNoLaterThanOneIntervalAfterIt(long offset) {
        VirtualPair h = VirtualPair.healthy(DEFAULTS);
        h.runFor(10 * DEFAULTS.heartbeatIntervalMs() + offset);
        long lastSeen = h.n2().srm().lastHeartbeatMs();
        long killedAt = h.now();
        h.kill(h.n1());
        h.runUntil(() -> h.n2().srm().state() == TAKING_OVER, 5 * 60_000);
        long started = firstTransitionTo(h.n2(), TAKING_OVER, killedAt);
        assertThat(started).isGreaterThanOrEqualTo(lastSeen + DEFAULTS.heartbeatTimeoutMs());
        assertThat(started).isLessThanOrEqualTo(killedAt + DEFAULTS.heartbeatTimeoutMs() + DEFAULTS.heartbeatIntervalMs());
        assertThat(h.n2().srm().reason()).isEqualTo(Reason.PEER_DOWN);
    }

    @Test
    void duringInitializationTheLongerTimeoutApplies() {
        VirtualPair h = new VirtualPair(DEFAULTS);
        h.start(h.n2()); // n1 never comes
        h.runTo(DEFAULTS.heartbeatTimeoutMs() + 1);
        assertThat(h.n2().srm().state()).as("the steady-state timeout does not apply while initializing")
                .isEqualTo(INITIALIZING);
        h.runTo(DEFAULTS.initializationHeartbeatTimeoutMs() - 1);
        assertThat(h.n2().srm().state()).isEqualTo(INITIALIZING);
        h.runTo(DEFAULTS.initializationHeartbeatTimeoutMs());
        assertThat(h.n2().srm().state()).isEqualTo(TAKING_OVER);
        assertThat(h.n2().srm().reason()).isEqualTo(Reason.PEER_DOWN_DURING_INITIALIZATION);
        assertThat(h.n2().srm().timeoutInForceMs()).isEqualTo(DEFAULTS.heartbeatTimeoutMs());
    }

    @Test
    void criticalServiceDownShorterThanTheDelayCausesNothing() {
        VirtualPair h = VirtualPair.healthy(DEFAULTS);
        h.serviceDown(h.n1(), CriticalService.XCP_ROUTER);
        h.runFor(DEFAULTS.criticalServiceDownDelayMs() - 1);
        h.serviceUp(h.n1(), CriticalService.XCP_ROUTER);
        h.runFor(HOUR);
        assertThat(h.n1().srm().state()).isEqualTo(NORMAL);
        assertThat(h.n2().srm().state()).isEqualTo(NORMAL);
        assertThat(h.n1().alerts()).anyMatch(a -> a.type() == AlertType.CRITICAL_SERVICE_DOWN);
    }

    @Test
    void criticalServiceDownForTheDelayStartsFailoverThen() {
        VirtualPair h = VirtualPair.healthy(DEFAULTS);
        long downAt = h.now();
        h.serviceDown(h.n1(), CriticalService.XCP_ROUTER);
        h.runTo(downAt + DEFAULTS.criticalServiceDownDelayMs() - 1);
        assertThat(h.n1().srm().state()).isEqualTo(NORMAL);
        h.runTo(downAt + DEFAULTS.criticalServiceDownDelayMs());
        assertThat(h.n1().srm().state()).isEqualTo(FAILING_OVER);
        assertThat(h.n1().srm().reason()).isEqualTo(Reason.CRITICAL_SERVICES_DOWN);
    }

    @Test
    void thePendingAutomaticFailoverIsReportedUntilItStartsOrTheServiceReturns() {
        VirtualPair h = VirtualPair.healthy(DEFAULTS);
        assertThat(h.n1().srm().automaticFailoverAtMs()).as("nothing pending while healthy").isEqualTo(-1);
        long downAt = h.now();
        h.serviceDown(h.n1(), CriticalService.XCP_ROUTER);
        assertThat(h.n1().srm().automaticFailoverAtMs()).isEqualTo(downAt + DEFAULTS.criticalServiceDownDelayMs());
        h.runTo(downAt + DEFAULTS.criticalServiceDownDelayMs());
        assertThat(h.n1().srm().state()).isEqualTo(FAILING_OVER);
        assertThat(h.n1().srm().automaticFailoverAtMs()).as("started: no longer pending").isEqualTo(-1);

        VirtualPair g = VirtualPair.healthy(DEFAULTS);
        g.serviceDown(g.n1(), CriticalService.XCP_ROUTER);
        g.runFor(1000);
        g.serviceUp(g.n1(), CriticalService.XCP_ROUTER);
        assertThat(g.n1().srm().automaticFailoverAtMs()).as("the service came back").isEqualTo(-1);

        VirtualPair m = VirtualPair.healthy(DEFAULTS);
        m.n1().handle(new SrmEvent.MaintenanceChanged(true));
        m.n2().handle(new SrmEvent.MaintenanceChanged(true));
        m.serviceDown(m.n1(), CriticalService.XCP_ROUTER);
        assertThat(m.n1().srm().automaticFailoverAtMs()).as("maintenance mode holds it: nothing pending").isEqualTo(-1);
    }

    @Test
    void sentencesNameServicesAsOperatorsKnowThem() {
        VirtualPair h = VirtualPair.healthy(DEFAULTS);
        h.serviceDown(h.n1(), CriticalService.XCP_ROUTER);
        h.runFor(DEFAULTS.criticalServiceDownDelayMs());
        assertThat(h.n1().srm().sentence()).contains(CriticalService.XCP_ROUTER.displayName())
                .doesNotContain("XCP_ROUTER");
    }

    @Test
    void xcpAuthenticationCountsOnlyWhenMonitored() {
        VirtualPair h = VirtualPair.healthy(DEFAULTS);
        h.serviceDown(h.n1(), CriticalService.XCP_AUTHENTICATION);
        h.runFor(HOUR);
        assertThat(h.n1().srm().state()).isEqualTo(NORMAL);

        VirtualPair m = VirtualPair.healthy(DEFAULTS.withXcpAuthenticationMonitored(true));
        m.serviceDown(m.n1(), CriticalService.XCP_AUTHENTICATION);
        m.runFor(DEFAULTS.criticalServiceDownDelayMs());
        assertThat(m.n1().srm().state()).isEqualTo(FAILING_OVER);
    }

    private static VirtualPair failedOverAndRepaired(SrmParameters p) {
        VirtualPair h = VirtualPair.healthy(p);
        h.serviceDown(h.n1(), CriticalService.SIP_PROXY);
        h.runUntil(() -> h.n1().srm().state() == FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING, HOUR);
        h.serviceUp(h.n1(), CriticalService.SIP_PROXY);
        h.runUntil(() -> h.n1().srm().state() == FAILED_OVER, HOUR);
        return h;
    }

    @Test
    void automaticFallbackIsOffByDefault() {
        VirtualPair h = failedOverAndRepaired(DEFAULTS);
        h.runFor(10 * HOUR);
        assertThat(h.n1().srm().state()).isEqualTo(FAILED_OVER);
        assertThat(h.n2().srm().state()).isEqualTo(RUNNING_IN_BACKUP_MODE);
    }

    @Test
    void automaticFallbackWaitsItsFullDelayWhenEnabled() {
        SrmParameters p = DEFAULTS.withAutomaticFallback(true, 1_800_000);
        VirtualPair h = failedOverAndRepaired(p);
        long healthyAt = firstTransitionTo(h.n1(), FAILED_OVER, 0);
        h.runTo(healthyAt + p.automaticFallbackDelayMs() - 1);
        assertThat(h.n1().srm().state()).isEqualTo(FAILED_OVER);
        h.runUntil(() -> h.n1().srm().state() == TAKING_BACK, HOUR);
        long fellBackAt = firstTransitionTo(h.n1(), TAKING_BACK, 0);
        assertThat(fellBackAt).isBetween(healthyAt + p.automaticFallbackDelayMs(),
                healthyAt + p.automaticFallbackDelayMs() + p.heartbeatIntervalMs());
        assertThat(h.n1().srm().reason()).isEqualTo(Reason.AUTOMATIC_FALLBACK);
        h.runUntil(() -> h.settledIn(NORMAL), HOUR);
    }

    @Test
    void automaticFallbackClockRestartsWhenHealthBreaks() {
        SrmParameters p = DEFAULTS.withAutomaticFallback(true, 1_800_000);
        VirtualPair h = failedOverAndRepaired(p);
        h.runFor(p.automaticFallbackDelayMs() / 2);
        h.serviceDown(h.n1(), CriticalService.SIP_PROXY);
        h.runFor(1_000);
        h.serviceUp(h.n1(), CriticalService.SIP_PROXY);
        long healthyAgain = h.now();
        h.runTo(healthyAgain + p.automaticFallbackDelayMs() - 1);
        assertThat(h.n1().srm().state()).isEqualTo(FAILED_OVER);
        h.runUntil(() -> h.n1().srm().state() == TAKING_BACK, HOUR);
    }

    @Test
    void heartbeatsGoOutOncePerInterval() {
        VirtualPair h = VirtualPair.healthy(DEFAULTS);
        h.runFor(DEFAULTS.heartbeatIntervalMs());
        int before = h.heartbeatsDeliveredTo(h.n2());
        h.runFor(10 * DEFAULTS.heartbeatIntervalMs());
        assertThat(h.heartbeatsDeliveredTo(h.n2()) - before).as("steady state: one heartbeat per interval")
                .isEqualTo(10);
        assertThat(h.n2().srm().missedHeartbeats(h.now())).isZero();
    }
}
