package dev.tandem.agent.witness;

import dev.tandem.agent.runtime.NodePresence;
import dev.tandem.agent.runtime.SrmLoop;
import dev.tandem.agent.srm.NodeState;
import dev.tandem.agent.srm.SrmEvent;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a node's side of the ZooKeeper witness (issue 10, {@code witness.zookeeper}): which
 * leases it takes and gives back, and what the SRM and the login gate hear of them.
 *
 * <ul>
 *   <li>the lease of its own users: taken whenever free (while it lives, its peer cannot take
 *       them over; held by the peer after a takeover, it comes back when the peer gives it back);
 *   <li>the lease of its peer's users: tried while the SRM has lost its peer (it is free only once
 *       the peer's session has expired); given back once the peer is heard again and this node no
 *       longer serves its users;
 *   <li>the SRM hears {@link SrmEvent.WitnessLeaseChanged} (takeover only with the peer's lease,
 *       let go at once when it is lost); the login gate hears whether the own lease is held (a node
 *       without it and without its peer serves nobody: the peer may hold it).
 * </ul>
 *
 * <p>ZooKeeper calls block, so they run on this keeper's own thread, never on the SRM thread.
 */
public final class WitnessKeeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WitnessKeeper.class);
    /** How often leases are tried again while wanted (a free lease is taken within this). */
    static final long TICK_MS = 200;
    /** States in which this node serves its peer's users (taken over). */
    private static final Set<NodeState> SERVES_PEER = EnumSet.of(NodeState.TAKING_OVER,
            NodeState.RUNNING_IN_BACKUP_MODE, NodeState.BACKUP_ACTIVATED);

    private final String self;
    private final String peer;
    private final WitnessLease lease;
    private final SrmLoop loop;
    private final NodePresence presence;
    private final ScheduledExecutorService thread;
    /** From the SRM thread: its peer is lost (or never heard since the start). */
    private volatile boolean peerLost = true;
    /** From the SRM thread: it serves its peer's users. */
    private volatile boolean servesPeer;
    /** Keeper thread only: the last (peerHeld, ownHeld, ownWithPeer) told, or null before the first. */
    private volatile boolean[] told;

    public WitnessKeeper(String self, String peer, WitnessLease lease, SrmLoop loop, NodePresence presence) {
        this.self = self;
        this.peer = peer;
        this.lease = lease;
        this.loop = loop;
        this.presence = presence;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "witness-" + self);
            t.setDaemon(true);
            return t;
        });
    }

    /** Call after the SRM loop started: the SRM hears at once that takeovers need the lease. */
    public WitnessKeeper start() {
        presence.ownLeaseHeld(false);
        loop.post(new SrmEvent.WitnessLeaseChanged(true, false));
        // SRM thread: the view's actor-only reads are allowed there
        loop.addDecisionListener(d -> {
            boolean lost = !loop.view().peerReachable();
            boolean serves = SERVES_PEER.contains(loop.view().state());
            if (lost != peerLost || serves != servesPeer) {
                peerLost = lost;
                servesPeer = serves;
                wake();
            }
        });
        lease.addListener((held, connected) -> wake());
        lease.start();
        thread.scheduleWithFixedDelay(this::tick, 0, TICK_MS, TimeUnit.MILLISECONDS);
        return this;
    }

    private void wake() {
        if (!thread.isShutdown()) {
            try {
                thread.execute(this::tick);
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                // closing: nothing more to tell
            }
        }
    }

    /** Keeper thread: takes or gives back leases as wanted, then tells what changed. */
    private void tick() {
        try {
            if (lease.isConnected()) {
                if (!lease.holds(self)) {
                    lease.tryAcquire(self);
                }
                if (peerLost && !lease.holds(peer)) {
                    if (lease.tryAcquire(peer)) {
                        log.warn("{}: holds the witness lease of {}'s users: {} may take them over", self, peer, self);
                    }
                } else if (!peerLost && !servesPeer && lease.holds(peer)) {
                    lease.release(peer);
                    log.info("{}: gave back the witness lease of {}'s users", self, peer);
                }
            }
            boolean ownHeld = lease.holds(self);
            // who holds this node's own lease if not itself: the peer took its users (issue 10: yield to it)
            boolean ownWithPeer = !ownHeld && lease.isConnected() && peer.equals(lease.holder(self));
            tell(lease.holds(peer), ownHeld, ownWithPeer);
        } catch (RuntimeException e) {
            log.warn("{}: witness keeper: {}", self, e.toString());
        }
    }

    private void tell(boolean peerHeld, boolean ownHeld, boolean ownWithPeer) {
        if (told != null && told[0] == peerHeld && told[1] == ownHeld && told[2] == ownWithPeer) {
            return;
        }
        told = new boolean[] {peerHeld, ownHeld, ownWithPeer};
        presence.ownLeaseHeld(ownHeld);
        // also when only the own lease changed: the SRM's next event sets the login gate from it
        loop.post(new SrmEvent.WitnessLeaseChanged(true, peerHeld, ownWithPeer));
    }

    /** What the SRM was last told: the peer holds the lease of this node's users (tests, status). */
    public boolean peerHoldsOwnLease() {
        boolean[] t = told;
        return t != null && t[2];
    }

    /** Orderly: the leases are given back with the session (the peer may take them at once). */
    @Override
    public void close() {
        thread.shutdownNow();
        lease.close();
    }

    /** As a killed process: the session is left to expire on the server after the lease timeout. */
    public void halt() {
        thread.shutdownNow();
        lease.halt();
    }
}
