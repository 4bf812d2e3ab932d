package dev.tandem.agent.srm;

import static dev.tandem.agent.srm.NodeState.*;

import dev.tandem.agent.srm.AlertOnce.Condition;

/**
 * The peer is gone: its heartbeat timed out (Peer Down), or it announced an orderly shutdown
 * or reboot (Peer Reboot). A node that can serve takes the peer's users (M16, M17).
 */
final class PeerLoss {
    private final NodeSetup setup;
    private final NodeMachine machine;
    private final PeerLink link;
    private final OwnHealth health;
    private final UserHoldings holdings;
    private final Lifecycle lifecycle;
    private final AlertOnce alerts;
    private final WitnessGate witness;
    private final MaintenanceHold hold;
    private final StoreGate store;

    PeerLoss(NodeSetup setup, NodeMachine machine, PeerLink link, OwnHealth health, UserHoldings holdings,
             Lifecycle lifecycle, AlertOnce alerts, WitnessGate witness, MaintenanceHold hold, StoreGate store) {
        this.hold = hold;
        this.store = store;
        this.setup = setup;
        this.machine = machine;
        this.link = link;
        this.health = health;
        this.holdings = holdings;
        this.lifecycle = lifecycle;
        this.alerts = alerts;
        this.witness = witness;
    }

    /** Marks the peer lost once no heartbeat came within the timeout in force. */
    void checkTimeout() {
        NodeState state = machine.state();
        long timeout = setup.timeoutInForceMs(state);
        if (setup.watchesPeer(state) && !link.lost() && machine.now() >= link.deadlineMs(timeout)) {
            link.markLost(state == INITIALIZING ? Reason.PEER_DOWN_DURING_INITIALIZATION : Reason.PEER_DOWN);
            machine.alert(AlertType.PE_PEER_NODE_FAILURE, "no heartbeat from the peer of " + setup.node() + " for "
                    + timeout / 1000.0 + " s");
        }
    }

    /**
     * Only the peer this SRM currently knows can announce its own going: an announcement from
     * an earlier life of the peer belongs to an older story. While initializing, only from a
     * peer that has acknowledged this SRM: a goodbye sent by a peer that never knew this start
     * leaves the decision to the initialization timeout.
     */
    void announced(long peerIncarnation) {
        boolean initializing = machine.state() == INITIALIZING;
        boolean known = link.heardSinceWatchStart() && peerIncarnation == link.peer().incarnation()
                && (!initializing || link.acknowledged(lifecycle.incarnation()));
        if (known) {
            link.markLost(initializing ? Reason.PEER_DOWN_DURING_INITIALIZATION : Reason.PEER_REBOOT);
            machine.alert(AlertType.PE_PEER_NODE_FAILURE,
                    "peer of " + setup.node() + " announced an orderly shutdown or reboot");
        }
    }

    /** Acts on a lost peer; called on every settling round while it stays lost. */
    void react() {
        NodeState state = machine.state();
        Reason lost = link.lostBecause().orElseThrow();
        String node = setup.node();
        String why = lost == Reason.PEER_REBOOT ? "its peer is shutting down or rebooting"
                : "no heartbeat from its peer for " + setup.timeoutInForceMs(state) / 1000.0 + " s";
        if (witness.blocksTakeover() && (state == NORMAL || state == FALLING_BACK || state == FAILED_OVER)) {
            return; // the peer may be alive behind a partition: take nothing without the witness lease
        }
        if ((state == NORMAL || (state == FAILED_OVER && health.healthy())) && store.blocksTakeover()) {
            store.holdTakeover(why); // a store known to be behind would serve none of the peer's users (issue 11)
            return;
        }
        if ((state == NORMAL || (state == FAILED_OVER && health.healthy())) && hold.holds(why)) {
            return; // a takeover from a steady state waits; a transition under way still finishes
        }
        switch (state) {
            case NORMAL, FALLING_BACK -> {
                machine.transition(TAKING_OVER, lost, "PeerLost", node + ": " + why + "; taking over the peer's users");
                holdings.move(MoveKind.TAKE_OVER);
                machine.alert(AlertType.SRM_FAILOVER, "automatic failover to " + node + ": " + why);
            }
            case FAILING_OVER -> machine.fail(Reason.PEER_DOWN, "PeerLost", node + ": " + why
                    + " while it was failing over; nobody took its users");
            case IDLE, FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING -> {
                if (alerts.first(Condition.NOBODY_SERVES)) {
                    machine.alert(AlertType.PE_AUTO_RECOVERY_FAILED, node + ": " + why + " while " + node + " is "
                            + state.label() + "; nobody serves the users"
                            + (state == IDLE ? ": fall back to " + node : ": start its critical services"));
                }
            }
            case FAILED_OVER -> {
                if (health.healthy()) {
                    machine.transition(BACKUP_ACTIVATED, lost, "PeerLost",
                            node + ": " + why + " while failed over; it takes every user");
                    holdings.move(MoveKind.TAKE_ALL);
                    machine.alert(AlertType.SRM_FAILOVER, node + " takes every user: " + why);
                }
            }
            default -> { } // already serving the peer's users, failed, or waiting on a move
        }
    }
}
