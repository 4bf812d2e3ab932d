package dev.tandem.agent.srm;

import static dev.tandem.agent.srm.NodeState.*;

import dev.tandem.agent.srm.SrmCommand.PersistState;
import dev.tandem.agent.srm.SrmEvent.TimeAdvanced;
import java.util.Optional;
import java.util.Set;

/**
 * The Server Recovery Manager of one node: the HA state machine of ha-behaviour.md §2–§7.
 *
 * <p>Pure and deterministic: {@link #handle} takes one event and the current time and returns
 * the transitions and commands it causes. No threads, sockets or clocks; the caller runs the
 * commands and calls {@link #handle} with {@link TimeAdvanced} at {@link #nextDeadlineMs()}.
 *
 * <p>The peers coordinate through their statuses: each change is sent to the peer at once,
 * and each node reacts to the peer's state (node 1 Failing Over makes node 2 Taking Over,
 * and so on), so both walk the matrix rows of §7 together.
 *
 * <p>This class wires the parts and runs one event: {@link Refusals} first, then
 * {@link EventDispatch} to the part that owns the event, then the timers and standing
 * conditions until nothing more changes ({@link #settle}), then the status to the peer.
 */
public final class ServerRecoveryManager {
    private final NodeSetup setup;
    private final NodeMachine machine;
    private final PeerLink link = new PeerLink();
    private final OwnHealth health;
    private final UserHoldings holdings;
    private final StatusSender sender = new StatusSender();
    private final Lifecycle lifecycle;
    private final ConfigAgreement config;
    private final TakeBack takeBack;
    private final HealthReactions healthReactions;
    private final PeerLoss peerLoss;
    private final Refusals refusals;
    private final EventDispatch dispatch;
    private final Deadlines deadlines;
    private final FlapGuard flap;

    /**
     * @param strict true in tests: an illegal transition throws. False in the agent: it is
     *               logged by the caller and the node goes to Running in Failed Mode (M21).
     */
    public ServerRecoveryManager(String node, SrmParameters params, boolean haEnabled, boolean strict) {
        setup = new NodeSetup(node, params, haEnabled, strict);
        machine = new NodeMachine(setup);
        health = new OwnHealth(setup);
        holdings = new UserHoldings(machine);
        AlertOnce alerts = new AlertOnce();
        MaintenanceHold hold = new MaintenanceHold(setup, machine, alerts);
        flap = new FlapGuard(setup, machine, alerts);
        takeBack = new TakeBack(setup, machine, health, holdings, link, hold, flap);
        WitnessGate witness = new WitnessGate(setup, machine, holdings);
        StoreGate store = new StoreGate(setup, machine);
        lifecycle = new Lifecycle(setup, machine, link, health, holdings, sender, takeBack, witness, store);
        config = new ConfigAgreement(setup, machine, holdings, lifecycle);
        healthReactions = new HealthReactions(setup, machine, link, health, holdings, alerts, hold, flap);
        peerLoss = new PeerLoss(setup, machine, link, health, holdings, lifecycle, alerts, witness, hold, store);
        PauseYield pause = new PauseYield(setup, machine, link, lifecycle, witness);
        PeerReactions peerReactions = new PeerReactions(setup, machine, link, health, holdings, sender, config, alerts,
                pause, witness);
        refusals = new Refusals(setup, lifecycle, this);
        dispatch = new EventDispatch(setup, machine, health, lifecycle, peerReactions, peerLoss, healthReactions,
                pause, witness, store,
                new AdminReactions(setup, machine, link, health, holdings, takeBack, lifecycle, flap),
                new MoveResults(setup, machine, health, holdings), link, sender);
        deadlines = new Deadlines(setup, machine, link, health, sender, takeBack, lifecycle);
        machine.listener((to, reason) -> {
            peerReactions.entered();
            // never persist Initializing: a crash during it must resume from the older state
            if (to != INITIALIZING) {
                machine.command(new PersistState(config.persistedFor(to), reason, machine.now(), health.stoppedBySrm()));
            }
        });
    }

    // ------------------------------------------------------------------ queries

    public String node() {
        return setup.node();
    }

    public NodeState state() {
        return machine.state();
    }

    public Reason reason() {
        return machine.reason();
    }

    public long sinceMs() {
        return machine.sinceMs();
    }

    /** The sentence of the last change: what happened and why. */
    public String sentence() {
        return machine.sentence();
    }

    public SrmParameters parameters() {
        return setup.params();
    }

    public boolean haEnabled() {
        return setup.haEnabled();
    }

    /** Anti-flapping limits of this node (agent configuration, not shared with the peer). */
    public void flapLimits(FlapLimits limits) {
        setup.flapLimits(limits);
    }

    public FlapLimits flapLimits() {
        return setup.flapLimits();
    }

    /** Automatic failovers of this node counted in the anti-flapping window now. */
    public int recentAutomaticFailovers() {
        return flap.recent(machine.now());
    }

    /** Maintenance mode: automatic failover, fallback and recovery are held. */
    public boolean maintenance() {
        return setup.maintenance();
    }

    /** The peer's last status, or null when it has not been seen or is lost. */
    public PeerStatus peer() {
        return link.peer();
    }

    public boolean peerReachable() {
        return link.reachable();
    }

    public long lastHeartbeatMs() {
        return link.lastHeartbeatMs();
    }

    /**
     * When the SRM will act on a monitored critical service that is down, or -1 when nothing is
     * pending: from Normal an automatic failover, from Running in Backup Mode an automatic
     * recovery, both once the critical-service-down delay (§4) has passed. -1 as well when
     * maintenance mode holds that action (the status says so itself). Consoles show it as a
     * countdown so a pending failover never looks like normal operation.
     */
    public long automaticFailoverAtMs() {
        NodeState state = machine.state();
        if (!setup.haEnabled() || setup.maintenance() || health.stoppedBySrm() || health.starting()
                || !health.databaseUp() || (state != NORMAL && state != RUNNING_IN_BACKUP_MODE)) {
            return -1;
        }
        return health.failureDueTimes().stream().mapToLong(Long::longValue).min().orElse(-1);
    }

    /** Heartbeats the peer should have sent since the last one seen. */
    public long missedHeartbeats(long atMs) {
        return link.missedHeartbeats(atMs, setup.params().heartbeatIntervalMs());
    }

    /** The heartbeat timeout in force: longer while initializing (§4). */
    public long timeoutInForceMs() {
        return setup.timeoutInForceMs(machine.state());
    }

    /** Why the peers disagree (M24), or null. */
    public String configProblem() {
        return config.problem();
    }

    public boolean databaseUp() {
        return health.databaseUp();
    }

    public Set<CriticalService> servicesDown() {
        return health.servicesDown();
    }

    /** Critical services and database up, and not held down on purpose. */
    public boolean healthy() {
        return health.healthy();
    }

    public boolean servicesStoppedBySrm() {
        return health.stoppedBySrm();
    }

    public Optional<String> refusal(AdminAction action) {
        return OfferedActions.refusal(action, setup.node(), machine.state(), machine.reason(), setup.haEnabled(),
                health.healthy(), link.peer());
    }

    /** What this node tells its peer now. */
    public PeerStatus status() {
        PeerStatus heard = link.lastHeard();
        return new PeerStatus(setup.node(), machine.state(), machine.reason(), setup.haEnabled(),
                setup.params().fingerprint(), health.servicesUp(), health.databaseUp(),
                machine.state() == INITIALIZING ? lifecycle.resumeState() : null, lifecycle.incarnation(),
                heard == null ? 0 : heard.incarnation(), holdings.peer());
    }

    /** When the next timer is due; call {@link #handle} with {@link TimeAdvanced} then. */
    public long nextDeadlineMs() {
        return deadlines.next();
    }

    // ------------------------------------------------------------------ events

    public Decision handle(SrmEvent event, long nowMs) {
        if (lifecycle.started() && nowMs < machine.now()) {
            throw new IllegalArgumentException("time went backwards: " + nowMs + " < " + machine.now());
        }
        Optional<String> refusal = event.accept(refusals);
        if (refusal.isPresent()) {
            return Decision.refused(refusal.get());
        }
        machine.begin(nowMs);
        NodeState before = machine.state();
        Reason beforeReason = machine.reason();
        event.accept(dispatch);
        settle();
        // the peer decides on our state and health (whether to take over, whether failover is offered): tell it at once
        boolean changed = machine.state() != before || machine.reason() != beforeReason
                || machine.transitionCount() > 0;
        sender.afterEvent(machine, status(), changed, setup.params().heartbeatIntervalMs());
        return new Decision(machine.transitions(), machine.commands(), null);
    }

    /** Fires due timers and acts on standing conditions until nothing more changes. */
    private void settle() {
        for (int round = 0; round < 8; round++) {
            int before = machine.transitionCount();
            peerLoss.checkTimeout();
            NodeState state = machine.state();
            if (state == INITIALIZING) {
                lifecycle.initialize();
            } else {
                if (setup.haEnabled()) { // automatic behaviour needs HA; finishing a transition does not
                    healthReactions.react();
                    takeBack.automatic();
                }
                if (link.lost() && setup.watchesPeer(state)) {
                    peerLoss.react();
                }
                takeBack.whenReady();
            }
            if (machine.transitionCount() == before) {
                return;
            }
        }
    }
}
