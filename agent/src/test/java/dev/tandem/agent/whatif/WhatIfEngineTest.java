package dev.tandem.agent.whatif;

import static dev.tandem.agent.whatif.WhatIfFault.Kind.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.agent.matrix.StateMatrix;
import dev.tandem.agent.srm.CriticalService;
import dev.tandem.agent.srm.MoveKind;
import dev.tandem.agent.srm.NodeState;
import dev.tandem.agent.srm.Reason;
import dev.tandem.agent.srm.SrmParameters;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The what-if engine on the virtual clock, with the SRM tests' short timers (500 ms heartbeat timeout, 300 ms service delay). */
class WhatIfEngineTest {
    static final SrmParameters SHORT = VirtualPair.shortTimers();

    static WhatIfStart.Node node(String name, NodeState s, Reason r, int users) {
        return new WhatIfStart.Node(name, true, s, r, Set.of(), true, users);
    }

    /** A pair in M1: a with 100 users, b with 50; b's agent asks. */
    static WhatIfStart m1() {
        return new WhatIfStart(SHORT, true, false, "b", node("a", NodeState.NORMAL, Reason.NORMAL, 100),
                node("b", NodeState.NORMAL, Reason.NORMAL, 50));
    }

    static WhatIfFault fault(WhatIfFault.Kind k, String node, long at) {
        return new WhatIfFault(k, node, null, at);
    }

    /** 30 s of virtual time: every scenario here settles well within it (the default would run 10 minutes more). */
    static WhatIfOutcome run(WhatIfStart s, WhatIfFault... faults) {
        return WhatIfEngine.run(s, List.of(faults), 30_000);
    }

    static List<String> rowIds(WhatIfOutcome o) {
        return o.rows().stream().map(WhatIfOutcome.Row::row).filter(r -> !r.isEmpty()).toList();
    }

    @Test
    void criticalServiceDownOnNode1FailsOverAfterTheDelayToM12() {
        WhatIfOutcome o = run(m1(), new WhatIfFault(CRITICAL_SERVICE_DOWN, "a", CriticalService.SYNC_AGENT, 1_000));
        assertThat(o.startRow()).isEqualTo("M1");
        assertThat(o.finalRow()).isEqualTo("M12");
        assertThat(rowIds(o)).containsSubsequence("M1", "M12");
        // the SRM waits the critical-service-down delay before it acts
        assertThat(o.transitions().get(0).atMs()).isEqualTo(1_300);
        assertThat(o.transitions().get(0).to()).isEqualTo(NodeState.FAILING_OVER);
        assertThat(o.moves()).containsExactly(new WhatIfOutcome.UsersMoved("a", MoveKind.HAND_OVER, 100),
                new WhatIfOutcome.UsersMoved("b", MoveKind.TAKE_OVER, 100));
        assertThat(o.recommendedActions()).isEqualTo(StateMatrix.row("M12").actions()).isNotEmpty();
        assertThat(o.summary()).startsWith("After Cisco Sync Agent down on a at 1 s, the pair would settle in M12")
                .contains("a HAND_OVER 100").contains("b TAKE_OVER 100");
        assertThat(o.notes()).isEmpty();
    }

    @Test
    void nodeLostIsM16OnceTheHeartbeatTimeoutPasses() {
        WhatIfOutcome o = run(m1(), fault(NODE_LOST, "a", 0));
        assertThat(o.finalRow()).isEqualTo("M16");
        assertThat(o.transitions().get(0).atMs()).isBetween(500L, 600L);
        assertThat(o.rows().get(o.rows().size() - 1).node1State()).isEqualTo("—");
        assertThat(o.moves()).containsExactly(new WhatIfOutcome.UsersMoved("b", MoveKind.TAKE_OVER, 100));
    }

    @Test
    void announcedShutdownIsM17AtOnce() {
        WhatIfOutcome o = run(m1(), fault(ANNOUNCED_SHUTDOWN, "a", 0));
        assertThat(o.finalRow()).isEqualTo("M17");
        assertThat(o.transitions()).allMatch(t -> t.reason() == Reason.PEER_REBOOT);
        assertThat(o.transitions().get(o.transitions().size() - 1).atMs()).isLessThan(100);
    }

    @Test
    void databaseFailureOfNode2IsM13WithNode2AsRowNode1() {
        WhatIfOutcome o = run(m1(), fault(DATABASE_FAILURE, "b", 0));
        assertThat(o.finalRow()).isEqualTo("M13");
        assertThat(o.moves()).containsExactly(new WhatIfOutcome.UsersMoved("b", MoveKind.HAND_OVER, 50),
                new WhatIfOutcome.UsersMoved("a", MoveKind.TAKE_OVER, 50));
    }

    @Test
    void manualFailoverThenFallbackWalksM2M3M4M1() {
        WhatIfOutcome o = run(m1(), fault(MANUAL_FAILOVER, "a", 0), fault(MANUAL_FALLBACK, "a", 5_000));
        assertThat(rowIds(o)).containsSubsequence("M1", "M2", "M3", "M4", "M1");
        assertThat(o.finalRow()).isEqualTo("M1");
        assertThat(o.transitions().get(0).sentence()).contains(WhatIfFaults.ACTOR);
        assertThat(o.moves()).extracting(WhatIfOutcome.UsersMoved::kind)
                .containsExactly(MoveKind.HAND_OVER, MoveKind.TAKE_OVER, MoveKind.GIVE_BACK, MoveKind.TAKE_BACK);
    }

    @Test
    void aRefusedManualActionIsANoteAndChangesNothing() {
        WhatIfOutcome o = run(m1(), fault(MANUAL_FALLBACK, "a", 0));
        assertThat(o.transitions()).isEmpty();
        assertThat(o.moves()).isEmpty();
        assertThat(o.finalRow()).isEqualTo("M1");
        assertThat(o.notes()).singleElement().asString().contains("refused").contains("Fallback is not offered");
        assertThat(o.summary()).contains("would stay in M1").contains("no user would move");
    }

    @Test
    void startsFromAFailedOverPairAndFallsBack() {
        WhatIfStart m3 = new WhatIfStart(SHORT, true, false, "b", node("a", NodeState.IDLE, Reason.ON_ADMIN_REQUEST, 100),
                node("b", NodeState.RUNNING_IN_BACKUP_MODE, Reason.ON_ADMIN_REQUEST, 50));
        WhatIfOutcome o = run(m3, fault(MANUAL_FALLBACK, "a", 0));
        // the core is entered through a start only: resumed reasons read Initialization (M6 rather than M3)
        assertThat(o.startRow()).isEqualTo("M6");
        assertThat(o.finalRow()).isEqualTo("M1");
        assertThat(o.moves()).containsExactly(new WhatIfOutcome.UsersMoved("b", MoveKind.GIVE_BACK, 100),
                new WhatIfOutcome.UsersMoved("a", MoveKind.TAKE_BACK, 100));
    }

    @Test
    void partitionMakesEachSideTakeOverAndTheReporterSeesM16() {
        WhatIfOutcome o = run(m1(), fault(PARTITION, null, 0));
        assertThat(o.finalRow()).isEqualTo("M16");
        assertThat(o.moves()).containsExactlyInAnyOrder(new WhatIfOutcome.UsersMoved("a", MoveKind.TAKE_OVER, 50),
                new WhatIfOutcome.UsersMoved("b", MoveKind.TAKE_OVER, 100));
    }

    @Test
    void maintenanceModeHoldsTheAutomaticFailover() {
        WhatIfStart s = new WhatIfStart(SHORT, true, true, "b", m1().node1(), m1().node2());
        WhatIfOutcome o = run(s, new WhatIfFault(CRITICAL_SERVICE_DOWN, "a", CriticalService.XCP_ROUTER, 0));
        assertThat(o.transitions()).isEmpty();
        assertThat(o.moves()).isEmpty();
    }

    @Test
    void aNodeAlreadyDownIsLeftOutAndARestartedOneIsFailedOver() {
        WhatIfStart s = new WhatIfStart(SHORT, true, false, "b",
                new WhatIfStart.Node("a", false, NodeState.NORMAL, Reason.NORMAL, Set.of(), true, 100),
                node("b", NodeState.RUNNING_IN_BACKUP_MODE, Reason.PEER_DOWN, 50));
        WhatIfOutcome o = run(s, fault(NODE_LOST, "a", 0), fault(NODE_RESTARTED, "a", 1_000));
        assertThat(o.notes()).anyMatch(n -> n.contains("a is not running or not reachable"))
                .anyMatch(n -> n.contains("a is not running, nothing happens"));
        // restarted while its peer serves its users: failed over, fall back when ready
        assertThat(o.finalRow()).isEqualTo("M18");
    }

    @Test
    void withoutAHorizonItRunsTenMinutesPastTheLastFault() {
        WhatIfOutcome o = WhatIfEngine.run(m1(), List.of(fault(NODE_LOST, "a", 0)), 0);
        assertThat(o.finalRow()).isEqualTo("M16");
    }

    @Test
    void theSameRequestGivesTheSameAnswer() {
        WhatIfFault f = new WhatIfFault(CRITICAL_SERVICE_DOWN, "b", CriticalService.SIP_PROXY, 250);
        assertThat(run(m1(), f)).isEqualTo(run(m1(), f));
    }

    @Test
    void badInputIsRefusedWithASentence() {
        assertThatThrownBy(() -> WhatIfEngine.run(m1(), List.of(), 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least one fault");
        assertThatThrownBy(() -> run(m1(), fault(NODE_LOST, "x", 0))).hasMessageContaining("names node x, not one of the pair: a, b");
        assertThatThrownBy(() -> WhatIfEngine.run(m1(), List.of(fault(NODE_LOST, "a", 5_000)), 1_000))
                .hasMessageContaining("beyond the horizon");
        assertThatThrownBy(() -> fault(NODE_LOST, "a", -1)).hasMessageContaining("must not be negative");
        assertThatThrownBy(() -> fault(NODE_LOST, "", 0)).hasMessageContaining("needs the node");
        assertThatThrownBy(() -> fault(CRITICAL_SERVICE_DOWN, "a", 0)).hasMessageContaining("needs a critical service id");
        assertThatThrownBy(() -> WhatIfEngine.run(m1(), List.of(fault(NODE_LOST, "a", 0)), WhatIfEngine.MAX_HORIZON_MS + 1))
                .hasMessageContaining("horizon");
        // 100 ms heartbeats: 24 h is more work than one run may do
        assertThatThrownBy(() -> WhatIfEngine.run(m1(), List.of(fault(NODE_LOST, "a", 0)), WhatIfEngine.MAX_HORIZON_MS))
                .hasMessageContaining("heartbeat intervals");
    }
}
