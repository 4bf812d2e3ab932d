package dev.tandem.agent.srm;

import static dev.tandem.agent.srm.NodeState.*;
import static dev.tandem.agent.srm.UserHoldings.GAVE_AWAY;
import static dev.tandem.agent.srm.UserHoldings.HOLDS_PEER;

import java.util.function.Consumer;

/**
 * How this node answers its peer's status (§7): the peers walk the matrix rows together,
 * each reacting to the other's state (node 1 Failing Over makes node 2 Taking Over, ...).
 */
final class PeerReactions {
    private final NodeSetup setup;
    private final NodeMachine machine;
    private final PeerLink link;
    private final OwnHealth health;
    private final UserHoldings holdings;
    private final StatusSender sender;
    private final ConfigAgreement config;
    private final AlertOnce alerts;
    private final PauseYield pause;
    private final WitnessGate witness;
    /** What a failed node has let go of since it failed (it lets go once, or more: GIVE_ALL). */
    private MoveKind releasedWhileFailed;

    PeerReactions(NodeSetup setup, NodeMachine machine, PeerLink link, OwnHealth health, UserHoldings holdings,
                  StatusSender sender, ConfigAgreement config, AlertOnce alerts, PauseYield pause, WitnessGate witness) {
        this.witness = witness;
        this.setup = setup;
        this.machine = machine;
        this.link = link;
        this.health = health;
        this.holdings = holdings;
        this.sender = sender;
        this.config = config;
        this.alerts = alerts;
        this.pause = pause;
    }

    /** Every state entered starts a new story of letting go. */
    void entered() {
        releasedWhileFailed = null;
    }

    void heartbeat(PeerStatus p) {
        boolean wasLost = link.lost();
        if (link.isNews(p)) {
            sender.soon(machine.now()); // answer a peer that changed at once: it may wait for our acknowledgement
        }
        link.heard(p, machine.now());
        if (wasLost) {
            // the peer is back whatever its configuration says: a later loss must alert again (seen by PIT:
            // after an M24 return, a second loss while Idle raised no PEAutoRecoveryFailed)
            alerts.peerBack();
        }
        if (config.decides(p)) {
            return;
        }
        if (pause.yields(p)) {
            return;
        }
        react(p);
    }

    /**
     * A switch expression, not a statement: the compiler refuses one that misses a state, so a
     * new NodeState cannot be silently ignored here.
     */
    private void react(PeerStatus p) {
        Consumer<PeerStatus> reaction = switch (machine.state()) {
            case INITIALIZING -> ignored -> { }; // Lifecycle.initialize resolves initialization
            case NORMAL -> this::normal;
            case TAKING_OVER -> this::takingOver;
            case RUNNING_IN_BACKUP_MODE, BACKUP_ACTIVATED -> this::backup;
            case FAILING_OVER -> this::failingOver;
            case IDLE, FAILED_OVER, FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING -> this::failedOver;
            // the peer serves everyone (M22/M23); only a fallback, admin or automatic (TakeBack), ends it
            case FAILOVER_AFFECTED_SERVICES -> ignored -> { };
            case TAKING_BACK -> this::takingBack;
            case FALLING_BACK -> this::fallingBack;
            case RUNNING_IN_FAILED_MODE -> this::failed;
            case UNKNOWN -> ignored -> { }; // ConfigAgreement decides while the node is Unknown
        };
        reaction.accept(p);
    }

    private void takingOver(PeerStatus p) {
        if (p.state() == NORMAL || HOLDS_PEER.contains(p.state()) || peerFailedUnknown(p)) {
            splitBrain(p);
        }
    }

    private void takingBack(PeerStatus p) {
        if (p.state() == RUNNING_IN_FAILED_MODE) {
            machine.fail(p.reason(), "HeartbeatReceived", p.node() + " failed (" + p.reason().label()
                    + ") and cannot hand back the users of " + setup.node() + "; both nodes need a recovery");
        }
    }

    private void normal(PeerStatus p) {
        NodeState ps = p.state();
        if (ps == FAILING_OVER) {
            machine.transition(TAKING_OVER, p.reason(), "HeartbeatReceived", p.node() + " is failing over ("
                    + p.reason().label() + "); " + setup.node() + " takes over its users");
            holdings.move(MoveKind.TAKE_OVER);
        } else if (HOLDS_PEER.contains(ps)) {
            splitBrain(p);
        } else if (GAVE_AWAY.contains(ps)) {
            machine.transition(TAKING_OVER, p.reason(), "HeartbeatReceived",
                    p.node() + " has given its users away (" + ps.label() + ") but nobody serves them; "
                            + setup.node() + " takes them over");
            holdings.move(MoveKind.TAKE_OVER);
        }
    }

    private void backup(PeerStatus p) {
        NodeState ps = p.state();
        if (ps == TAKING_BACK) {
            Reason r = p.reason() == Reason.INITIALIZATION ? Reason.ON_ADMIN_REQUEST : p.reason();
            machine.transition(FALLING_BACK, r, "HeartbeatReceived", p.node() + " is taking its users back ("
                    + p.reason().label() + "); " + setup.node() + " hands them back");
            holdings.move(MoveKind.GIVE_BACK);
        } else if (ps == NORMAL && witness.holdsPeerLease()) {
            // the witness says this node serves the peer's users: the peer, without their lease, yields
            return;
        } else if (ps == NORMAL || HOLDS_PEER.contains(ps) || peerFailedUnknown(p)) {
            splitBrain(p);
        }
    }

    private void failingOver(PeerStatus p) {
        NodeState ps = p.state();
        String node = setup.node();
        if (ps == RUNNING_IN_BACKUP_MODE) {
            toFailedOver(p.node() + " now serves the users of " + node);
        } else if (ps == RUNNING_IN_FAILED_MODE) {
            machine.fail(p.reason(), "HeartbeatReceived", p.node() + " failed while taking over ("
                    + p.reason().label() + "); both nodes need a recovery");
        } else if (ps != NORMAL && ps != TAKING_OVER && ps != INITIALIZING) {
            machine.fail(machine.reason(), "HeartbeatReceived", node + " is failing over but " + p.node() + " is "
                    + ps.label() + " and cannot take its users; both nodes need a recovery");
        }
    }

    /** The peer now serves this node's users: Idle after a manual failover, else failed over. */
    private void toFailedOver(String why) {
        Reason r = machine.reason();
        String node = setup.node();
        String trigger = "HeartbeatReceived";
        // services stopped on purpose = a manual failover, also one resumed after a restart (reason
        // Initialization then): Idle, from which a fallback starts them again (campaign seed 6)
        if (health.stoppedBySrm()) {
            machine.transition(IDLE, r, trigger, why + "; " + node + " is idle with its critical services stopped");
            machine.command(new SrmCommand.StopCriticalServices()); // only now: the peer serves the users
        } else if (health.healthy()) {
            machine.transition(FAILED_OVER, r, trigger, why + "; " + node + " is failed over with its services up");
        } else {
            machine.transition(FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING, r, trigger,
                    why + "; " + node + " is failed over and its critical services or database are down");
        }
    }

    private void failedOver(PeerStatus p) {
        String node = setup.node();
        if (p.state() == RUNNING_IN_FAILED_MODE) {
            machine.fail(p.reason(), "HeartbeatReceived", "backup node " + p.node() + " failed ("
                    + p.reason().label() + ") while " + node + " was failed over; nobody serves the users");
        } else if (p.state() == FAILOVER_AFFECTED_SERVICES) {
            if (machine.state() == FAILED_OVER && health.healthy()) {
                machine.transition(BACKUP_ACTIVATED, p.reason(), "HeartbeatReceived",
                        "backup node " + p.node() + " lost its " + autoRecoverCause(p.reason()) + "; " + node
                                + " takes every user (automatic recovery)");
                holdings.move(MoveKind.TAKE_ALL);
            } else {
                machine.alert(AlertType.PE_AUTO_RECOVERY_FAILED, node + " cannot take the users of failed "
                        + p.node() + ": its own critical services are not running");
                machine.fail(p.reason(), "HeartbeatReceived", "backup node " + p.node() + " failed and " + node
                        + " cannot serve; both nodes need a recovery");
            }
        }
    }

    private void fallingBack(PeerStatus p) {
        if (p.state() == NORMAL) {
            machine.transition(NORMAL, Reason.NORMAL, "HeartbeatReceived",
                    p.node() + " serves its own users again; fallback complete");
        } else if (p.state() == RUNNING_IN_FAILED_MODE) {
            machine.fail(p.reason(), "HeartbeatReceived", p.node() + " failed while taking its users back ("
                    + p.reason().label() + "); both nodes need a recovery");
        }
    }

    private void failed(PeerStatus p) {
        if (p.state() == RUNNING_IN_FAILED_MODE && p.reason() == Reason.UNKNOWN && machine.reason() != Reason.UNKNOWN) {
            machine.fail(Reason.UNKNOWN, "HeartbeatReceived", p.node() + " restarted while " + setup.node()
                    + " was failed; neither can tell the group's state");
        }
        // after a split both may hold the same users: a failed node keeps at most its own,
        // and none when the peer serves them
        MoveKind release = holdings.releaseFor(p);
        if (release != null && release != releasedWhileFailed
                && (releasedWhileFailed == null || release == MoveKind.GIVE_ALL)) {
            releasedWhileFailed = release;
            holdings.move(release);
        }
    }

    /** The peer gave up on telling the group's state (a healed split, M21): do the same. */
    private static boolean peerFailedUnknown(PeerStatus p) {
        return p.state() == RUNNING_IN_FAILED_MODE && p.reason() == Reason.UNKNOWN;
    }

    private static String autoRecoverCause(Reason r) {
        return r == Reason.AUTO_RECOVER_DATABASE_FAILURE ? "database" : "critical services";
    }

    private void splitBrain(PeerStatus p) {
        NodeState state = machine.state();
        boolean heldPeer = HOLDS_PEER.contains(state);
        String node = setup.node();
        machine.fail(Reason.UNKNOWN, "HeartbeatReceived", "both " + node + " (" + state.label() + ") and " + p.node()
                + " (" + p.state().label() + ") claim the same users, most likely after a network split; "
                + node + " keeps only its own users until a recovery");
        if (heldPeer) {
            holdings.move(MoveKind.GIVE_BACK);
        }
    }
}
