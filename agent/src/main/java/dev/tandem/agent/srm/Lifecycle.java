package dev.tandem.agent.srm;

import static dev.tandem.agent.srm.NodeState.*;

import dev.tandem.agent.srm.SrmEvent.Started;

/**
 * Starting, initializing against the peer (§5), and starting over: recovery and HA being
 * enabled re-initialize the SRM under a new incarnation, so statuses the peer sent before
 * no longer count.
 */
final class Lifecycle {
    private final NodeSetup setup;
    private final NodeMachine machine;
    private final PeerLink link;
    private final OwnHealth health;
    private final UserHoldings holdings;
    private final StatusSender sender;
    private final TakeBack takeBack;
    private final WitnessGate witness;
    private final StoreGate store;
    private boolean started;
    private long incarnation;
    /** While initializing: the state to resume (persisted before a restart), or null for a fresh start. */
    private NodeState resumeState;

    Lifecycle(NodeSetup setup, NodeMachine machine, PeerLink link, OwnHealth health, UserHoldings holdings,
              StatusSender sender, TakeBack takeBack, WitnessGate witness, StoreGate store) {
        this.witness = witness;
        this.store = store;
        this.setup = setup;
        this.machine = machine;
        this.link = link;
        this.health = health;
        this.holdings = holdings;
        this.sender = sender;
        this.takeBack = takeBack;
    }

    boolean started() {
        return started;
    }

    long incarnation() {
        return incarnation;
    }

    /** The state an initializing SRM resumes, or null (told to the peer, for M6 versus M1). */
    NodeState resumeState() {
        return resumeState;
    }

    void start(Started s) {
        long now = machine.now();
        started = true;
        incarnation = s.incarnation();
        PersistedState persisted = s.persisted();
        link.watchAfresh(now);
        sender.soon(now);
        resumeState = persisted == null || persisted.state() == INITIALIZING ? null : persisted.state();
        health.stoppedBySrm(persisted != null && persisted.servicesStoppedBySrm());
        machine.started(resumeState == null
                ? "SRM of " + setup.node() + " started; waiting for its peer"
                : "SRM of " + setup.node() + " restarted; it was " + resumeState.label() + " ("
                + persisted.reason().label() + ") and resumes from there once its peer is seen");
        if (health.stoppedBySrm()) {
            machine.command(new SrmCommand.StopCriticalServices());
        }
        holdings.reset(s.servesOwnUsers(), s.servesPeerUsers());
    }

    void haChanged(boolean enabled) {
        if (enabled == setup.haEnabled()) {
            return;
        }
        setup.haEnabled(enabled);
        if (enabled) {
            // enabling HA re-initializes the SRM: it then settles against the peer as after a start
            link.watchAfresh(machine.now());
            if (machine.state() == INITIALIZING) {
                incarnation++; // already initializing: just start the handshake again
                sender.soon(machine.now());
            } else {
                reinitialize(machine.state(), "HaEnabledChanged",
                        "high availability enabled on " + setup.node() + "; initializing against its peer");
            }
        }
    }

    void reinitialize(NodeState resume, String trigger, String why) {
        resumeState = resume;
        incarnation++; // statuses the peer sent before this point no longer count
        sender.soon(machine.now());
        machine.transition(INITIALIZING, Reason.INITIALIZATION, trigger, why);
    }

    /** Manual recovery (§6): let go of what might be served twice, then initialize to Normal. */
    void recover(String why, boolean initiator) {
        PeerStatus lastKnown = link.peer();
        if (initiator) {
            machine.command(new SrmCommand.RequestPeerRecovery());
        }
        link.watchAfresh(machine.now());
        health.stoppedBySrm(false);
        reinitialize(NORMAL, "Recovery", why + "; SRM of " + setup.node() + " restarts and its users return home");
        if (!health.monitoredDown().isEmpty()) {
            health.starting(true);
            machine.command(new SrmCommand.StartCriticalServices());
        }
        // let go first; the node takes its own users back only once it settles against its peer
        MoveKind release = holdings.releaseFor(lastKnown);
        if (release != null) {
            holdings.move(release);
        }
    }

    /** Settles an initializing SRM once its peer acknowledged it, or alone once the peer is lost. */
    void initialize() {
        String node = setup.node();
        if (!setup.haEnabled() && link.lost()) {
            // without HA a node never takes over; alone, it serves just its own users
            machine.transition(NORMAL, Reason.NORMAL, "Initialization", "SRM of " + node
                    + " runs with high availability disabled and no peer answered; it serves its own users");
            holdings.move(MoveKind.RESET_TO_HOME);
            return;
        }
        if (health.starting() && !link.lost()) {
            return; // after a recovery: settle only once the critical services run again
        }
        if (store.holdsInitialization() && !link.lost()) {
            // the peer answers: settle once the stores were compared and a store behind took the
            // peer's (issue 11), not from this one (it may be an old backup restored)
            return;
        }
        Initialization.Outcome o;
        if (link.lost()) {
            o = Initialization.alone(node, resumeState, health.healthy(), witness.blocksTakeover(),
                    store.blocksTakeover());
        } else if (link.acknowledged(incarnation)) {
            o = Initialization.withPeer(node, resumeState, health.healthy(), health.stoppedBySrm(), link.peer());
        } else {
            return;
        }
        if (o == null) {
            return;
        }
        if (o.state() == RUNNING_IN_FAILED_MODE) {
            machine.fail(o.reason(), "Initialization", o.sentence());
        } else {
            machine.transition(o.state(), o.reason(), "Initialization", o.sentence());
        }
        if (o.reason() == Reason.STORE_RESYNC_PENDING) {
            store.heldAtInitialization();
        }
        if (o.state() == IDLE) {
            health.stoppedBySrm(true);
            machine.command(new SrmCommand.StopCriticalServices());
        }
        // a state that awaits its move's result always gets it; a reset to home always runs (it
        // follows the store, which a move replicated from the peer may have changed behind this
        // SRM's view of its holdings: after a split both nodes must reset for their stores to
        // agree); others skip a move that changes nothing
        if (o.move() != null && (o.state() == TAKING_OVER || o.move() == MoveKind.RESET_TO_HOME
                || !holdings.alreadyTrue(o.move()))) {
            holdings.move(o.move());
        }
        if (o.state() == TAKING_BACK) {
            takeBack.begin();
        }
    }
}
