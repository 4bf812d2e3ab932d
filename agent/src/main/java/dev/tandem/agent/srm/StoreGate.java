package dev.tandem.agent.srm;

import static dev.tandem.agent.srm.Reason.STORE_RESYNC_PENDING;

/**
 * Store convergence (issue 11), as the core sees it: whether this node's user store is known to
 * be behind its peer's and not yet re-synchronised ({@link SrmEvent.StoreResyncChanged}: the
 * runtime compares the stores and fetches the peer's; the core only hears pending / complete).
 *
 * <p>While pending, a node never takes its peer's users over from the store it has (it would
 * serve none of them, or the wrong set): an initializing node waits for the resync while its
 * peer answers, and a node whose peer is lost stays Normal or Failed Over with the reason Store
 * Resync Pending (extension row X8) instead of Taking Over or Backup Activated; one that
 * initializes alone goes Failed Over with that reason and serves nobody. When the resync
 * completes the reason it had comes back (a node held at its initialization initializes again),
 * and the usual rules apply again: a still-lost peer's users are taken over then, from the
 * complete store.
 */
final class StoreGate {
    private final NodeSetup setup;
    private final NodeMachine machine;
    private boolean pending;
    /** Not compared with the peer's store since the start (SrmEvent.StoreResyncChanged#uncompared). */
    private boolean uncompared;
    /** The reason the node had before the gate held it (shown again once the resync completes). */
    private Reason before = Reason.PEER_DOWN;
    /** Held when its initialization settled alone (not a failover): it initializes again once the store is complete. */
    private boolean heldAtInitialization;

    StoreGate(NodeSetup setup, NodeMachine machine) {
        this.setup = setup;
        this.machine = machine;
    }

    /** Whether a takeover of the peer's users must wait for the store's resync now. */
    boolean blocksTakeover() {
        return pending;
    }

    /** Whether an initializing node whose peer answers waits before it settles (pending, or not yet compared). */
    boolean holdsInitialization() {
        return pending || uncompared;
    }

    /** As {@link #changed(boolean)}, with whether the store is still uncompared. */
    boolean changed(boolean nowPending, boolean nowUncompared) {
        uncompared = nowUncompared;
        return changed(nowPending);
    }

    /**
     * @return true when the node must initialize again now: it was held at its initialization
     *         (alone, Failed Over only because its store was behind) and its store is complete, so
     *         it settles against its peer as after a start (else two such nodes would both stay
     *         Failed Over once they meet; the random-history walk found it)
     */
    boolean changed(boolean nowPending) {
        if (nowPending == pending) {
            return false;
        }
        pending = nowPending;
        if (pending || machine.reason() != STORE_RESYNC_PENDING) {
            return false;
        }
        if (heldAtInitialization) {
            heldAtInitialization = false;
            return true;
        }
        machine.changeReason(before, "StoreResynced", setup.node() + " took its peer's user store: "
                + "the resync is complete and " + setup.node() + " acts on its peer's state again");
        return false;
    }

    /**
     * The peer is lost and this node would take its users over now: it holds instead, in its
     * state, with the reason Store Resync Pending (once; an alert says nobody takes them).
     */
    void holdTakeover(String why) {
        if (machine.reason() == STORE_RESYNC_PENDING) {
            return;
        }
        before = machine.reason();
        heldAtInitialization = false;
        String node = setup.node();
        String text = node + ": " + why + "; its user store is behind its peer's (or started empty and was never"
                + " compared with it) and no resync has completed, so it takes none of its peer's users over (it"
                + " would serve none of them, or the wrong set) until it has taken its peer's store: start the"
                + " peer's agent or repair the link";
        machine.changeReason(STORE_RESYNC_PENDING, "PeerLost", text);
        machine.alert(AlertType.PE_AUTO_RECOVERY_FAILED, text);
    }

    /** Initialization settled alone while pending (Failed Over, Store Resync Pending). */
    void heldAtInitialization() {
        heldAtInitialization = true;
        machine.alert(AlertType.PE_AUTO_RECOVERY_FAILED, machine.sentence());
    }
}
