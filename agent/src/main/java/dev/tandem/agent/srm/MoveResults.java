package dev.tandem.agent.srm;

import static dev.tandem.agent.srm.NodeState.*;

import dev.tandem.agent.srm.SrmEvent.UserMoveFailed;
import dev.tandem.agent.srm.SrmEvent.UsersMoved;

/** What the result of a user move does: it ends Taking Over or Taking Back, or fails the node. */
final class MoveResults {
    private final NodeSetup setup;
    private final NodeMachine machine;
    private final OwnHealth health;
    private final UserHoldings holdings;

    MoveResults(NodeSetup setup, NodeMachine machine, OwnHealth health, UserHoldings holdings) {
        this.setup = setup;
        this.machine = machine;
        this.health = health;
        this.holdings = holdings;
    }

    void moved(UsersMoved m) {
        NodeState state = machine.state();
        if (state == TAKING_OVER && (m.kind() == MoveKind.TAKE_OVER || m.kind() == MoveKind.TAKE_ALL)) {
            machine.transition(RUNNING_IN_BACKUP_MODE, machine.reason(), "UsersMoved(" + m.kind() + ")",
                    setup.node() + " took over " + m.users() + " users and now serves them as well as its own");
        } else if (state == TAKING_BACK && m.kind() == MoveKind.TAKE_BACK) {
            health.stoppedBySrm(false);
            machine.transition(NORMAL, Reason.NORMAL, "UsersMoved(TAKE_BACK)",
                    setup.node() + " took back its " + m.users() + " users; fallback complete");
        }
    }

    void failed(UserMoveFailed f) {
        holdings.rolledBack(f.kind());
        String node = setup.node();
        String trigger = "UserMoveFailed(" + f.kind() + ")";
        switch (machine.state()) {
            case TAKING_OVER -> machine.fail(Reason.TAKE_OVER_USERS_FAILED, trigger,
                    node + " could not take over its peer's users (" + f.error() + "); recovery needed");
            case TAKING_BACK -> machine.fail(Reason.TAKE_BACK_USERS_FAILED, trigger,
                    node + " could not take back its users (" + f.error() + "); recovery needed");
            case BACKUP_ACTIVATED -> {
                machine.alert(AlertType.PE_AUTO_RECOVERY_FAILED, "automatic recovery on " + node + " failed: " + f.error());
                machine.fail(Reason.TAKE_OVER_USERS_FAILED, trigger,
                        node + " could not take every user during automatic recovery (" + f.error() + ")");
            }
            default -> machine.alert(AlertType.SRM_FAILED, "moving users (" + f.kind() + ") on " + node + " failed in "
                    + machine.state().label() + ": " + f.error());
        }
    }
}
