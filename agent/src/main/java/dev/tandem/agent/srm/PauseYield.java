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
    private long untilMs = Long.MIN_VALUE;
    private long gapMs;

    PauseYield(NodeSetup setup, NodeMachine machine, PeerLink link, Lifecycle lifecycle) {
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

    /** True when this status made the node yield (the caller then does nothing else with it). */
    boolean yields(PeerStatus p) {
        if (machine.now() > untilMs || machine.state() != NORMAL || !setup.haEnabled()
                || !UserHoldings.HOLDS_PEER.contains(p.state())) {
            return false;
        }
        untilMs = Long.MIN_VALUE;
        lifecycle.reinitialize(NORMAL, "HeartbeatReceived", setup.node() + " did not run for " + gapMs + " ms and "
                + p.node() + " is " + p.state().label() + ": " + setup.node() + " initializes against it");
        return true;
    }
}
