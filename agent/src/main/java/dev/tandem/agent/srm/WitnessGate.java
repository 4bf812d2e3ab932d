package dev.tandem.agent.srm;

import static dev.tandem.agent.srm.NodeState.*;

/**
 * The optional ZooKeeper witness (issue 10), as the core sees it: whether a witness is
 * configured and whether this node holds the lease of its peer's users. The runtime owns the
 * ZooKeeper session and reports every change as {@link SrmEvent.WitnessLeaseChanged}. Without a
 * witness (the default, the guide's behaviour) nothing here blocks anything.
 *
 * <p>With one: a lost peer's users are taken over only while the lease is held; a node that
 * loses the lease while it serves its peer's users lets go of them at once (Running in Failed
 * Mode, keeping only its own users, as M21) without waiting for the link to come back.
 */
final class WitnessGate {
    private final NodeSetup setup;
    private final NodeMachine machine;
    private final UserHoldings holdings;
    private boolean required;
    private boolean held;
    private boolean ownWithPeer;

    WitnessGate(NodeSetup setup, NodeMachine machine, UserHoldings holdings) {
        this.setup = setup;
        this.machine = machine;
        this.holdings = holdings;
    }

    /** Whether a takeover of the peer's users must wait for the lease now. */
    boolean blocksTakeover() {
        return required && !held;
    }

    /**
     * The peer holds the lease of this node's users: it serves them, by the witness's word. A
     * node that meets its peer serving its users after a partition or a pause yields to it
     * (fails over) instead of claiming them too (M21).
     */
    boolean peerHoldsOwnLease() {
        return required && ownWithPeer;
    }

    /**
     * This node holds the lease of its peer's users: a peer that comes back Normal cannot hold
     * it, so it yields (see {@link #peerHoldsOwnLease()}) and this node keeps serving them.
     */
    boolean holdsPeerLease() {
        return required && held;
    }

    void changed(boolean witnessRequired, boolean peerLeaseHeld, boolean ownLeaseHeldByPeer) {
        boolean lost = required && held && !peerLeaseHeld;
        required = witnessRequired;
        held = peerLeaseHeld;
        ownWithPeer = ownLeaseHeldByPeer;
        NodeState s = machine.state();
        if (lost && witnessRequired && (s == TAKING_OVER || s == RUNNING_IN_BACKUP_MODE || s == BACKUP_ACTIVATED)) {
            machine.fail(Reason.UNKNOWN, "WitnessLeaseChanged", setup.node() + " lost the witness lease of its peer's "
                    + "users; it lets go of them at once and keeps only its own until a recovery");
            holdings.move(MoveKind.GIVE_BACK);
        }
    }
}
