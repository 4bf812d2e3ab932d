package dev.tandem.console.whatif;

import dev.tandem.console.testing.Statuses;
import dev.tandem.proto.admin.v1.ReachedRow;
import dev.tandem.proto.admin.v1.SimulatedTransition;
import dev.tandem.proto.admin.v1.SimulationReport;
import dev.tandem.proto.admin.v1.UserMove;
import dev.tandem.proto.ha.v1.NodeState;
import dev.tandem.proto.ha.v1.Reason;

/** A scripted Simulate answer: cup-a loses a critical service and fails over to cup-b (M12), as an agent reports it. */
final class WhatIfReports {
    private WhatIfReports() {
    }

    static SimulationReport serviceDownOnA() {
        String a = Statuses.A;
        String b = Statuses.B;
        return SimulationReport.newBuilder().setStartRow("M1").setFinalRow("M12")
                .addTransitions(t(90_000, a, NodeState.NORMAL, NodeState.FAILING_OVER, "on " + a
                        + " critical services Cisco Sync Agent stayed down for 90 s; failing over to " + b))
                .addTransitions(t(90_002, b, NodeState.NORMAL, NodeState.TAKING_OVER, a + " is failing over; " + b
                        + " takes over its users"))
                .addTransitions(t(90_010, b, NodeState.TAKING_OVER, NodeState.RUNNING_IN_BACKUP_MODE, b
                        + " took over 1500 users"))
                .addTransitions(t(90_012, a, NodeState.FAILING_OVER,
                        NodeState.FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING, b + " now serves the users of " + a))
                .addRows(ReachedRow.newBuilder().setAtMs(0).setRow("M1").setNode1State("Normal / Normal")
                        .setNode2State("Normal / Normal"))
                .addRows(ReachedRow.newBuilder().setAtMs(90_014).setRow("M12")
                        .setNode1State("Failed Over with Critical Services Not Running / Critical Services Down")
                        .setNode2State("Running in Backup Mode / Critical Services Down"))
                .addMoves(UserMove.newBuilder().setNode(a).setKind("HAND_OVER").setUsers(1500))
                .addMoves(UserMove.newBuilder().setNode(b).setKind("TAKE_OVER").setUsers(1500))
                .addRecommendedActions("Restore the critical services of node 1.")
                .addRecommendedActions("Fall back to node 1.")
                .setSummary("After Cisco Sync Agent down on " + a + " at 0 ms, the pair would settle in M12 by 90.0 s; "
                        + "3000 user moves.")
                .build();
    }

    private static SimulatedTransition t(long at, String node, NodeState from, NodeState to, String sentence) {
        return SimulatedTransition.newBuilder().setAtMs(at).setNode(node).setFromState(from).setToState(to)
                .setReason(Reason.CRITICAL_SERVICES_DOWN).setSentence(sentence).setTrigger("HealthChanged").build();
    }
}
