package dev.tandem.agent.srm;

import static dev.tandem.agent.srm.NodeState.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.agent.matrix.MatrixRow;
import dev.tandem.agent.matrix.NodeView;
import dev.tandem.agent.matrix.StateMatrix;
import dev.tandem.agent.whatif.VirtualPair;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Parameters (§4), offered actions (§6), the transition table and the matrix data (§7). */
class RulesTest {

    @Test
    void defaultsAreTheGuides() {
        SrmParameters d = SrmParameters.defaults();
        assertThat(d.heartbeatIntervalMs()).isEqualTo(15_000);
        assertThat(d.heartbeatTimeoutMs()).isEqualTo(60_000);
        assertThat(d.initializationHeartbeatTimeoutMs()).isEqualTo(120_000);
        assertThat(d.criticalServiceDownDelayMs()).isEqualTo(90_000);
        assertThat(d.automaticFallbackEnabled()).isFalse();
        assertThat(d.automaticFallbackDelayMs()).isEqualTo(1_800_000);
        assertThat(d.xcpAuthenticationMonitored()).isFalse();
        assertThat(d.reloginLowerLimitMs()).isEqualTo(120_000);
        assertThat(d.reloginUpperLimitMs()).isEqualTo(537_000);
        assertThat(d.problems()).isEmpty();
    }

    @Test
    void invalidParametersAreNamedOneByOne() {
        SrmParameters bad = SrmParameters.defaults().withHeartbeat(15_000, 15_000, 10_000).withRelogin(600, 500);
        assertThat(bad.problems()).hasSize(3)
                .anyMatch(p -> p.contains("must be longer than the heartbeat interval"))
                .anyMatch(p -> p.contains("initialization heartbeat timeout"))
                .anyMatch(p -> p.contains("lower limit"));
        assertThat(SrmParameters.defaults().withHeartbeat(5, 60_000, 120_000).problems())
                .containsExactly("heartbeat interval is 5 ms; allowed 10..300000 ms");
        assertThatThrownBy(bad::validated).isInstanceOf(InvalidParametersException.class)
                .hasMessageContaining("invalid parameters");
    }

    @Test
    void invalidParametersChangeNothing() {
        VirtualPair h = VirtualPair.healthy(VirtualPair.shortTimers());
        SrmParameters before = h.n1().srm().parameters();
        Decision d = h.n1().handle(new SrmEvent.ParametersChanged(before.withRelogin(10, 5)));
        assertThat(d.isRefused()).isTrue();
        assertThat(d.refusal()).contains("lower limit");
        assertThat(h.n1().srm().parameters()).isEqualTo(before);
    }

    @Test
    void actionsNotOfferedAreRefusedNamingTheState() {
        VirtualPair h = VirtualPair.healthy(VirtualPair.shortTimers());
        Decision fallback = h.admin(h.n1(), AdminAction.FALLBACK);
        assertThat(fallback.refusal()).contains("n1 is Normal (Normal)").contains("Idle, Failed Over");
        assertThat(h.admin(h.n1(), AdminAction.RECOVERY).refusal()).contains("Running in Failed Mode");
        h.admin(h.n1(), AdminAction.FAILOVER);
        h.runUntil(() -> h.n1().srm().state() == IDLE, 10_000);
        assertThat(h.admin(h.n2(), AdminAction.FAILOVER).refusal())
                .contains("n2 is Running in Backup Mode (On Admin Request)");
        assertThat(h.admin(h.n1(), AdminAction.FAILOVER).refusal()).contains("n1 is Idle");
    }

    @Test
    void failoverIsOfferedUntilThePeerIsLostThenNoMore() {
        VirtualPair h = VirtualPair.healthy(VirtualPair.shortTimers());
        h.partition(true);
        h.runFor(VirtualPair.shortTimers().heartbeatTimeoutMs() / 2);
        assertThat(h.n1().srm().refusal(AdminAction.FAILOVER)).as("within the timeout the peer still counts").isEmpty();
        h.kill(h.n2());
        h.partition(false);
        h.runUntil(() -> h.n1().srm().peer() == null, 10_000);
        // a Normal node that loses its peer takes its users over at once, so it is never Normal without a peer
        assertThat(h.n1().srm().state()).isIn(TAKING_OVER, RUNNING_IN_BACKUP_MODE);
        assertThat(h.n1().srm().refusal(AdminAction.FAILOVER)).get().asString()
                .contains("n1 is " + h.n1().srm().state().label());
    }

    @Test
    void transitionTableIsExplicit() {
        assertThat(Transitions.isAllowed(NORMAL, FAILING_OVER)).isTrue();
        assertThat(Transitions.isAllowed(NORMAL, IDLE)).isFalse();
        assertThat(Transitions.isAllowed(IDLE, NORMAL)).isFalse();
        assertThat(Transitions.isAllowed(INITIALIZING, INITIALIZING)).isFalse();
        for (NodeState s : NodeState.values()) {
            assertThat(Transitions.allowedFrom(s)).as("from " + s).contains(RUNNING_IN_FAILED_MODE);
        }
        assertThatThrownBy(() -> { throw new IllegalTransitionException(NORMAL, IDLE, "test"); })
                .hasMessageContaining("Normal -> Idle");
    }

    @Test
    void stateIdsMatchTheGuideAndTheWire() {
        assertThat(NodeState.values()).hasSize(14);
        for (NodeState s : NodeState.values()) {
            assertThat(dev.tandem.proto.ha.v1.NodeState.forNumber(s.id())).as(s.name()).isNotNull();
            assertThat(NodeState.ofId(s.id())).isEqualTo(s);
        }
        for (Reason r : Reason.values()) {
            assertThat(dev.tandem.proto.ha.v1.Reason.forNumber(r.id())).as(r.name()).isNotNull();
        }
        assertThat(NodeState.TAKING_BACK.id()).isEqualTo(10);
        assertThatThrownBy(() -> NodeState.ofId(15)).hasMessageContaining("S1..S14");
    }

    /** Issue 11: pairs the guide does not list get an extension row, never "no matrix row matches". */
    @Test
    void extensionRowsCoverTheReportedBlankPairs() {
        assertThat(StateMatrix.match(NodeView.of("a", NodeState.FAILED_OVER, Reason.DATABASE_FAILURE),
                NodeView.of("b", RUNNING_IN_BACKUP_MODE, Reason.DATABASE_FAILURE)).orElseThrow().row().id()).isEqualTo("X1");
        assertThat(StateMatrix.match(NodeView.of("b", RUNNING_IN_BACKUP_MODE, Reason.PEER_DOWN),
                NodeView.of("a", NodeState.FAILED_OVER, Reason.INITIALIZATION)).orElseThrow().node1()).isEqualTo("a");
        assertThat(StateMatrix.match(NodeView.of("a", NodeState.BACKUP_ACTIVATED, Reason.PEER_DOWN),
                NodeView.unreachable("b")).orElseThrow().row().id()).isEqualTo("X3");
        assertThat(StateMatrix.row("X1").actions()).hasSize(2);
    }

    @Test
    void matrixHasTheGuidesTwentyFourRowsThenExtensionRowsEachWithCause() {
        List<String> ids = StateMatrix.rows().stream().map(MatrixRow::id).collect(Collectors.toList());
        assertThat(ids.subList(24, ids.size())).as("extension rows X1..Xn after the guide's, in order")
                .isEqualTo(java.util.stream.IntStream.rangeClosed(1, ids.size() - 24).mapToObj(i -> "X" + i).toList());
        assertThat(StateMatrix.rows().stream().filter(r -> r.id().startsWith("X"))).allMatch(r -> !r.actions().isEmpty());
        assertThat(ids.subList(0, 24))
                .containsExactly("M1", "M2", "M3", "M4", "M5", "M6", "M7", "M8", "M9", "M10", "M11", "M12",
                        "M13", "M14", "M15", "M16", "M17", "M18", "M19", "M20", "M21", "M22", "M23", "M24");
        assertThat(StateMatrix.rows()).allMatch(r -> !r.cause().isBlank());
        assertThat(StateMatrix.row("M12").actions()).hasSize(3);
        // a transitional moment no guide row lists gets the broad extension row's guidance (issue 11), never a guide row
        assertThat(StateMatrix.match(NodeView.of("a", TAKING_OVER, Reason.PEER_DOWN), NodeView.unreachable("b"))
                .orElseThrow().row().id()).as("a transitional moment with the peer gone").isEqualTo("X4");
        assertThat(StateMatrix.match(NodeView.of("b", RUNNING_IN_BACKUP_MODE, Reason.ON_ADMIN_REQUEST),
                NodeView.of("a", IDLE, Reason.ON_ADMIN_REQUEST)).orElseThrow().node1()).isEqualTo("a");
    }
}
