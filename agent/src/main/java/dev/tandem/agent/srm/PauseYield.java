package dev.tandem.agent.srm;

import static dev.tandem.agent.srm.NodeState.NORMAL;

/**
 * After a pause (issue 10): a node that did not run for longer than the heartbeat timeout
 * (SIGSTOP, a long GC pause, a frozen VM) may find that its peer took its users over
 * meanwhile. For one heartbeat timeout after the pause, a peer holding its users makes a
 * Normal node initialize against it, as after a restart (it ends failed over, a matrix row),
 * instead of both claiming the users (M21). Its own silence does not count as its peer's.
 */
final class PauseYield {
    private final NodeSetup setup;
    private final NodeMachine machine;
    private final PeerLink link;
    private final Lifecycle lifecycle;
    private final WitnessGate witness;
    private long untilMs = Long.MIN_VALUE;
    private long gapMs;

    PauseYield(NodeSetup setup, NodeMachine machine, PeerLink link, Lifecycle lifecycle, WitnessGate witness) {
        this.witness = witness;
        this.setup = setup;
        this.machine = machine;
        this.link = link;
        this.lifecycle = lifecycle;
    }

    void paused(long gap) {
        gapMs = gap;
        untilMs = machine.now() + setup.params().heartbeatTimeoutMs();
        link.graceFrom(machine.now()); // the peer gets a full timeout to be heard again
    }

    /**
     * True when this status made the node yield (the caller then does nothing else with it): after
     * a pause, or, with the witness (issue 10), whenever the peer serves this node's users and
     * holds their lease (it took them over while this node was cut off or paused past the lease
     * timeout): the witness decided who serves them, so no M21 and no recovery.
     */
    boolean yields(PeerStatus p) {
        if (machine.state() != NORMAL || !setup.haEnabled() || !UserHoldings.HOLDS_PEER.contains(p.state())) {
            return false;
        }
        if (witness.peerHoldsOwnLease()) {
            lifecycle.reinitialize(NORMAL, "HeartbeatReceived", p.node() + " is " + p.state().label()
                    + " and holds the witness lease of " + setup.node() + "'s users: " + setup.node()
                    + " initializes against it");
            return true;
        }
        if (machine.now() > untilMs) {
            return false;
        }
        untilMs = Long.MIN_VALUE;
        lifecycle.reinitialize(NORMAL, "HeartbeatReceived", setup.node() + " did not run for " + gapMs + " ms and "
                + p.node() + " is " + p.state().label() + ": " + setup.node() + " initializes against it");
        return true;
    }
}
