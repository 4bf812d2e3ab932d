package dev.tandem.agent.srm;

import dev.tandem.agent.srm.AlertOnce.Condition;

/**
 * Maintenance mode's one rule: an automatic action that is due is not taken, but said. The
 * node's sentence names the fault and "automatic action held by maintenance mode", and one
 * info alert is raised while actions stay held.
 */
final class MaintenanceHold {
    private final NodeSetup setup;
    private final NodeMachine machine;
    private final AlertOnce alerts;

    MaintenanceHold(NodeSetup setup, NodeMachine machine, AlertOnce alerts) {
        this.setup = setup;
        this.machine = machine;
        this.alerts = alerts;
    }

    /**
     * True when maintenance mode holds the automatic action that {@code what} would start;
     * the caller then does nothing.
     */
    boolean holds(String what) {
        if (!setup.maintenance()) {
            alerts.cleared(Condition.HELD_BY_MAINTENANCE);
            return false;
        }
        String sentence = setup.node() + ": " + what + "; " + NodeSetup.HELD;
        if (!sentence.equals(machine.sentence())) {
            machine.note(sentence);
        }
        if (alerts.first(Condition.HELD_BY_MAINTENANCE)) {
            machine.alert(AlertType.MAINTENANCE_MODE, sentence);
        }
        return true;
    }
}
