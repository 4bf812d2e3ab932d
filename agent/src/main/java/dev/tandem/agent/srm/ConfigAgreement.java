package dev.tandem.agent.srm;

import static dev.tandem.agent.srm.NodeState.*;

import java.util.List;

/**
 * Whether both peers set up HA the same (M24): the HA flag and every cluster-wide parameter.
 * While they disagree the node is Unknown and serves just its own users; once they agree
 * again it initializes against its peer, resuming the state it had before.
 */
final class ConfigAgreement {
    private final NodeSetup setup;
    private final NodeMachine machine;
    private final UserHoldings holdings;
    private final Lifecycle lifecycle;
    /** Why the peers disagree, or null. */
    private String problem;
    /** The state before Unknown, resumed (and persisted) since Unknown says nothing of the users. */
    private NodeState beforeUnknown;

    ConfigAgreement(NodeSetup setup, NodeMachine machine, UserHoldings holdings, Lifecycle lifecycle) {
        this.setup = setup;
        this.machine = machine;
        this.holdings = holdings;
        this.lifecycle = lifecycle;
    }

    String problem() {
        return problem;
    }

    /**
     * What to persist on entering {@code to}: Unknown says the peers disagree on configuration,
     * not where users are, so a restart resumes the state before it, or both would wait on each
     * other forever.
     */
    NodeState persistedFor(NodeState to) {
        if (to != UNKNOWN) {
            return to;
        }
        return beforeUnknown == null ? NORMAL : beforeUnknown;
    }

    /**
     * Checks the peer's setup against this node's; true when that decided what happens
     * (Unknown entered or kept, or left by re-initializing), false when the peer's state
     * is for the other reactions to handle.
     */
    boolean decides(PeerStatus p) {
        String mismatch = mismatch(p);
        if (mismatch != null) {
            problem = mismatch;
            disagree(p);
            return true;
        }
        problem = null;
        if (machine.state() == UNKNOWN) {
            lifecycle.reinitialize(beforeUnknown, "HeartbeatReceived",
                    "both nodes agree on HA again; SRM of " + setup.node() + " initializes against its peer");
            return true;
        }
        return false;
    }

    private void disagree(PeerStatus p) {
        NodeState state = machine.state();
        if (state != UNKNOWN) {
            beforeUnknown = state == INITIALIZING ? lifecycle.resumeState() : state;
            machine.transition(UNKNOWN, Reason.UNKNOWN, "HeartbeatReceived",
                    "HA is not set up the same on both nodes (" + problem + "); SRM of " + setup.node()
                            + " cannot tell its state");
            // the peer's last word on who serves whom may be stale: let go of everything, then
            // take back exactly this node's own users once the peer says it does not hold them
            if (holdings.own() || holdings.peer()) {
                holdings.move(MoveKind.GIVE_ALL);
            }
        } else if (!holdings.own() && !p.servesPeerUsers() && !UserHoldings.HOLDS_PEER.contains(p.state())
                && p.state() != INITIALIZING) {
            holdings.move(MoveKind.TAKE_BACK); // misconfigured pair: each node serves its own users
        }
    }

    private String mismatch(PeerStatus p) {
        String node = setup.node();
        boolean ha = setup.haEnabled();
        if (p.haEnabled() != ha) {
            return "high availability is " + (ha ? "enabled" : "disabled") + " on " + node + " but "
                    + (p.haEnabled() ? "enabled" : "disabled") + " on " + p.node();
        }
        List<String> differences = setup.params().clusterWide().differencesFrom(p.parametersFingerprint());
        if (!differences.isEmpty()) {
            return "service parameters differ between " + node + " and " + p.node() + ": "
                    + String.join(", ", differences);
        }
        return null;
    }
}
