package dev.tandem.agent.srm;

import static dev.tandem.agent.srm.NodeState.*;

import dev.tandem.agent.srm.AlertOnce.Condition;
import dev.tandem.agent.srm.SrmCommand.RaiseAlert;

/**
 * How this node answers its own critical services and database (§4 service delay, §6
 * automatic failover and automatic recovery S13/S14).
 */
final class HealthReactions {
    private final NodeSetup setup;
    private final NodeMachine machine;
    private final PeerLink link;
    private final OwnHealth health;
    private final UserHoldings holdings;
    private final AlertOnce alerts;
    private final MaintenanceHold hold;
    private final FlapGuard flap;

    HealthReactions(NodeSetup setup, NodeMachine machine, PeerLink link, OwnHealth health, UserHoldings holdings,
                    AlertOnce alerts, MaintenanceHold hold, FlapGuard flap) {
        this.flap = flap;
        this.hold = hold;
        this.setup = setup;
        this.machine = machine;
        this.link = link;
        this.health = health;
        this.holdings = holdings;
        this.alerts = alerts;
    }

    void serviceDown(CriticalService s) {
        if (!health.serviceDown(s, machine.now())) {
            return;
        }
        if (s.isMonitored(setup.params()) && !health.stoppedBySrm() && !health.starting()) {
            machine.alert(AlertType.CRITICAL_SERVICE_DOWN, s.displayName() + " went down on " + setup.node()
                    + (machine.state() == NORMAL && setup.haEnabled() && setup.maintenance()
                    ? "; failover " + NodeSetup.HELD
                    : machine.state() == NORMAL && setup.haEnabled()
                    ? "; failover starts in " + setup.params().criticalServiceDownDelayMs() / 1000.0
                    + " s unless it recovers"
                    : ""), s.name());
        }
    }

    void databaseDown() {
        if (health.databaseUp() && !health.stoppedBySrm()) {
            machine.alert(AlertType.CRITICAL_SERVICE_DOWN, "the database of " + setup.node() + " is down", RaiseAlert.DATABASE);
        }
        health.databaseUp(false);
    }

    /** Acts on the node's health as it stands; called on every settling round with HA on. */
    void react() {
        NodeState state = machine.state();
        if (state == FAILED_OVER && !health.healthy()) {
            machine.transition(FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING,
                    health.databaseUp() ? Reason.CRITICAL_SERVICES_DOWN : Reason.DATABASE_FAILURE, "HealthChanged",
                    (health.databaseUp() ? "critical services " + health.monitoredDownNames() : "the database") + " of "
                            + setup.node() + " stopped while it is failed over");
            return;
        }
        if (state == FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING && health.healthy()) {
            machine.transition(FAILED_OVER, machine.reason(), "HealthChanged",
                    "the critical services and database of " + setup.node() + " run again; fall back when ready");
            return;
        }
        Reason failure = health.failure(machine.now());
        if (failure == null) {
            alerts.cleared(Condition.FAILOVER_BLOCKED);
            return;
        }
        String what = failure == Reason.DATABASE_FAILURE ? "its database is down"
                : "critical services " + health.monitoredDownNames() + " stayed down for "
                + setup.params().criticalServiceDownDelayMs() / 1000.0 + " s";
        if ((state == NORMAL || state == RUNNING_IN_BACKUP_MODE) && hold.holds(what)) {
            return; // detected and said, not acted on: the operator is working on the group
        }
        switch (state) {
            case NORMAL -> failOver(failure, what);
            case RUNNING_IN_BACKUP_MODE -> recoverAutomatically(failure, what);
            case TAKING_OVER, TAKING_BACK, BACKUP_ACTIVATED -> machine.fail(failure, "HealthChanged",
                    setup.node() + ": " + what + " while serving its peer's users");
            default -> { } // serves nobody, is failed, or is already moving its users
        }
    }

    /** Automatic failover to a healthy Normal peer; else fail, or alert once that nobody can take over. */
    private void failOver(Reason failure, String what) {
        PeerStatus p = link.peer();
        String node = setup.node();
        if (p != null && p.state() == NORMAL && p.criticalServicesUp() && p.databaseUp()) {
            machine.transition(FAILING_OVER, failure, "HealthChanged",
                    "on " + node + " " + what + "; failing over to " + p.node());
            holdings.move(MoveKind.HAND_OVER);
            flap.failedOver(machine.now());
            machine.alert(AlertType.SRM_FAILOVER, "automatic failover of " + node + " to " + p.node() + ": " + what);
        } else if (p != null && p.state() == NORMAL) {
            machine.fail(failure, "HealthChanged", "on " + node + " " + what + " and " + p.node()
                    + " is not healthy either; no node can serve");
        } else if (alerts.first(Condition.FAILOVER_BLOCKED)) {
            machine.alert(AlertType.SRM_FAILED, "on " + node + " " + what + " but its peer cannot take over ("
                    + (p == null ? "unreachable" : p.state().label()) + ")");
        }
    }

    /** The backup node failed while its peer is failed over: the peer takes every user (S13/S14). */
    private void recoverAutomatically(Reason failure, String what) {
        PeerStatus p = link.peer();
        String node = setup.node();
        Reason auto = failure == Reason.DATABASE_FAILURE ? Reason.AUTO_RECOVER_DATABASE_FAILURE
                : Reason.AUTO_RECOVER_CRITICAL_SERVICE_DOWN;
        if (p != null && p.state() == FAILED_OVER && p.criticalServicesUp() && p.databaseUp()) {
            machine.transition(FAILOVER_AFFECTED_SERVICES, auto, "HealthChanged",
                    "backup node " + node + ": " + what + "; " + p.node() + " takes every user (automatic recovery)");
            holdings.move(MoveKind.GIVE_ALL);
            flap.failedOver(machine.now());
            machine.alert(AlertType.SRM_FAILOVER, "automatic recovery: " + p.node() + " takes every user from " + node);
        } else {
            machine.fail(failure, "HealthChanged", "backup node " + node + ": " + what
                    + ", and its peer cannot serve; both nodes need a recovery");
        }
    }
}
