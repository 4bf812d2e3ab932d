package dev.tandem.agent.srm;

import static dev.tandem.agent.srm.NodeState.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.contract.SrmParameter;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The words and numbers operators and the wire share (§2 kinds, §3 reasons in the guide's order,
 * §10 alert names) and every rule of §4's parameters, one by one.
 */
class VocabularyTest {

    @Test
    void reasonsAreNumberedInTheGuidesOrderAndReadBack() {
        assertThat(Arrays.stream(Reason.values()).map(Reason::id).toList())
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16);
        for (Reason r : Reason.values()) {
            assertThat(Reason.ofId(r.id())).isEqualTo(r);
            assertThat(r.toString()).isEqualTo(r.label()).isNotBlank();
        }
        assertThat(Reason.PEER_DOWN_DURING_INITIALIZATION.toString()).isEqualTo("Peer Down During Initialization");
        assertThat(Reason.STORE_RESYNC_PENDING.toString()).isEqualTo("Store Resync Pending"); // issue 11's own
        assertThatThrownBy(() -> Reason.ofId(17)).hasMessageContaining("1..16");
        assertThatThrownBy(() -> Reason.ofId(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stateKindsAreTheGuidesTable() {
        assertThat(Arrays.stream(NodeState.values()).filter(s -> s.kind() == StateKind.TRANSITIONAL).toList())
                .containsExactlyInAnyOrder(INITIALIZING, TAKING_OVER, FAILING_OVER, FALLING_BACK, TAKING_BACK);
        assertThat(Arrays.stream(NodeState.values()).filter(s -> s.kind() == StateKind.ERROR).toList())
                .containsExactlyInAnyOrder(RUNNING_IN_FAILED_MODE, UNKNOWN);
        assertThat(Arrays.stream(NodeState.values()).filter(s -> s.kind() == StateKind.STABLE).toList())
                .containsExactlyInAnyOrder(IDLE, NORMAL, RUNNING_IN_BACKUP_MODE, FAILED_OVER,
                        FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING, BACKUP_ACTIVATED, FAILOVER_AFFECTED_SERVICES);
    }

    @Test
    void alertsAndActionsCarryTheVendorsNames() {
        assertThat(Arrays.stream(AlertType.values()).map(AlertType::vendorName).toList()).containsExactly(
                "SRMFailover", "SRMFailed", "PEPeerNodeFailure", "PEAutoRecoveryFailed", "CriticalServiceDown",
                "MaintenanceMode", "SRMFlapping");
        assertThat(Arrays.stream(AdminAction.values()).map(AdminAction::label).toList())
                .containsExactly("Failover", "Fallback", "Recovery");
    }

    @Test
    void criticalServicesParseByIdWithAClearError() {
        assertThat(CriticalService.parse("xcp_router")).isEqualTo(CriticalService.XCP_ROUTER);
        assertThat(CriticalService.parse(" SIP_PROXY ")).isEqualTo(CriticalService.SIP_PROXY);
        assertThat(CriticalService.SIP_PROXY.displayName()).isEqualTo("Cisco SIP Proxy");
        assertThatThrownBy(() -> CriticalService.parse("SIP")).hasMessageContaining("unknown critical service 'SIP'")
                .hasMessageContaining("XCP_ROUTER");
        assertThatThrownBy(() -> CriticalService.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDecisionSaysWhetherTheStateChanged() {
        Solo s = Solo.started(null, true, false);
        Decision d = s.peer(NORMAL, Reason.NORMAL);
        assertThat(d.changedState()).isTrue();
        assertThat(s.peer(NORMAL, Reason.NORMAL).changedState()).isFalse();
        assertThat(Decision.refused("no").changedState()).isFalse();
    }

    @Test
    void everyParameterOutOfRangeIsNamed() {
        SrmParameters d = SrmParameters.defaults();
        expect(d.withHeartbeat(1, 60_000, 120_000), "heartbeat interval", 1, SrmParameter.HEARTBEAT_INTERVAL);
        expect(d.withHeartbeat(15_000, 3_600_001, 3_600_000), "heartbeat timeout", 3_600_001,
                SrmParameter.HEARTBEAT_TIMEOUT);
        expect(d.withHeartbeat(15_000, 60_000, 3_600_001), "initialization heartbeat timeout", 3_600_001,
                SrmParameter.INITIALIZATION_HEARTBEAT_TIMEOUT);
        expect(d.withCriticalServiceDownDelay(3_600_001), "critical service down delay", 3_600_001,
                SrmParameter.CRITICAL_SERVICE_DOWN_DELAY);
        expect(d.withAutomaticFallback(true, 86_400_001), "automatic fallback delay", 86_400_001,
                SrmParameter.AUTOMATIC_FALLBACK_DELAY);
        expect(d.withRelogin(-1, 537_000), "client re-login lower limit", -1, SrmParameter.RELOGIN_LOWER_LIMIT);
        expect(d.withRelogin(120_000, 3_600_001), "client re-login upper limit", 3_600_001,
                SrmParameter.RELOGIN_UPPER_LIMIT);
    }

    private static void expect(SrmParameters p, String name, long value, SrmParameter bad) {
        List<String> problems = p.problems();
        assertThat(problems).as(name).contains(
                name + " is " + value + " ms; allowed " + bad.minMs() + ".." + bad.maxMs() + " ms");
        InvalidParametersException e = org.junit.jupiter.api.Assertions.assertThrows(
                InvalidParametersException.class, p::validated);
        assertThat(e.problems()).isEqualTo(problems);
    }

    @Test
    void limitsThatMeetAreAllowed() {
        SrmParameters d = SrmParameters.defaults();
        assertThat(d.withHeartbeat(15_000, 60_000, 60_000).problems()).as("init timeout equal to the timeout").isEmpty();
        assertThat(d.withRelogin(300_000, 300_000).problems()).as("lower limit equal to the upper").isEmpty();
        assertThat(d.withHeartbeat(15_000, 60_000, 59_999).problems()).hasSize(1);
        assertThat(d.withRelogin(300_001, 300_000).problems()).hasSize(1);
    }

    /** In the agent (not strict) a forbidden change is an internal error: failed, Unknown (M21). */
    @Test
    void aForbiddenTransitionFailsTheNodeUnlessStrict() {
        NodeMachine lenient = new NodeMachine(new NodeSetup("n1", Solo.P, true, false));
        lenient.begin(5);
        lenient.transition(NORMAL, Reason.NORMAL, "t", "start");
        lenient.transition(IDLE, Reason.ON_ADMIN_REQUEST, "t", "not allowed from Normal");
        assertThat(lenient.state()).isEqualTo(RUNNING_IN_FAILED_MODE);
        assertThat(lenient.reason()).isEqualTo(Reason.UNKNOWN);
        assertThat(lenient.sentence()).contains("internal error");
        assertThat(lenient.sinceMs()).isEqualTo(5);
        NodeMachine strict = new NodeMachine(new NodeSetup("n1", Solo.P, true, true));
        strict.begin(5);
        strict.transition(NORMAL, Reason.NORMAL, "t", "start");
        assertThatThrownBy(() -> strict.transition(IDLE, Reason.ON_ADMIN_REQUEST, "t", "not allowed"))
                .isInstanceOf(IllegalTransitionException.class);
        assertThat(strict.state()).isEqualTo(NORMAL);
    }
}
