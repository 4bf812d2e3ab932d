package dev.tandem.agent.srm;

import static dev.tandem.agent.srm.NodeState.TAKING_BACK;

import dev.tandem.agent.srm.SrmEvent.*;

/**
 * Hands each accepted event to the part of the SRM that owns it. One method per event type
 * ({@link SrmEvent.Visitor}): an event nobody handles does not compile. Timers and standing
 * conditions are not here; {@link ServerRecoveryManager} settles them after every event.
 */
final class EventDispatch implements SrmEvent.Visitor<Void> {
    private final NodeSetup setup;
    private final NodeMachine machine;
    private final OwnHealth health;
    private final Lifecycle lifecycle;
    private final PeerReactions peerReactions;
    private final PeerLoss peerLoss;
    private final HealthReactions healthReactions;
    private final PauseYield pause;
    private final WitnessGate witness;
    private final StoreGate store;
    private final AdminReactions admin;
    private final MoveResults moves;
    private final PeerLink link;
    private final StatusSender sender;

    EventDispatch(NodeSetup setup, NodeMachine machine, OwnHealth health, Lifecycle lifecycle,
                  PeerReactions peerReactions, PeerLoss peerLoss, HealthReactions healthReactions, PauseYield pause,
                  WitnessGate witness, StoreGate store, AdminReactions admin, MoveResults moves, PeerLink link, StatusSender sender) {
        this.setup = setup;
        this.machine = machine;
        this.health = health;
        this.lifecycle = lifecycle;
        this.peerReactions = peerReactions;
        this.peerLoss = peerLoss;
        this.healthReactions = healthReactions;
        this.pause = pause;
        this.witness = witness;
        this.store = store;
        this.admin = admin;
        this.moves = moves;
        this.link = link;
        this.sender = sender;
    }

    @Override
    public Void started(Started e) {
        lifecycle.start(e);
        return null;
    }

    @Override
    public Void haEnabledChanged(HaEnabledChanged e) {
        lifecycle.haChanged(e.enabled());
        return null;
    }

    @Override
    public Void heartbeatReceived(HeartbeatReceived e) {
        peerReactions.heartbeat(e.peer());
        return null;
    }

    @Override
    public Void timeAdvanced(TimeAdvanced e) {
        return null; // nothing but the timers, which the SRM settles after every event
    }

    @Override
    public Void criticalServiceDown(CriticalServiceDown e) {
        healthReactions.serviceDown(e.service());
        return null;
    }

    @Override
    public Void criticalServiceUp(CriticalServiceUp e) {
        health.serviceUp(e.service());
        return null;
    }

    @Override
    public Void databaseDown(DatabaseDown e) {
        healthReactions.databaseDown();
        return null;
    }

    @Override
    public Void databaseUp(DatabaseUp e) {
        health.databaseUp(true);
        return null;
    }

    @Override
    public Void peerShutdownAnnounced(PeerShutdownAnnounced e) {
        peerLoss.announced(e.incarnation());
        return null;
    }

    @Override
    public Void witnessLeaseChanged(WitnessLeaseChanged e) {
        witness.changed(e.required(), e.peerLeaseHeld(), e.ownLeaseHeldByPeer());
        return null;
    }

    @Override
    public Void storeResyncChanged(StoreResyncChanged e) {
        if (store.changed(e.pending(), e.uncompared())) {
            lifecycle.reinitialize(null, "StoreResynced", setup.node() + " took its peer's user store; it"
                    + " initializes against its peer again");
        }
        return null;
    }

    @Override
    public Void pauseDetected(PauseDetected e) {
        pause.paused(e.gapMs());
        return null;
    }

    @Override
    public Void shutdownRequested(ShutdownRequested e) {
        machine.command(new SrmCommand.AnnounceShutdownToPeer(lifecycle.incarnation()));
        return null;
    }

    @Override
    public Void adminRequest(AdminRequest e) {
        admin.handle(e);
        return null;
    }

    @Override
    public Void peerRecoveryRequested(PeerRecoveryRequested e) {
        admin.peerAsksRecovery();
        return null;
    }

    @Override
    public Void usersMoved(UsersMoved e) {
        moves.moved(e);
        return null;
    }

    @Override
    public Void userMoveFailed(UserMoveFailed e) {
        moves.failed(e);
        return null;
    }

    @Override
    public Void criticalServicesStarted(CriticalServicesStarted e) {
        health.servicesStarted();
        return null;
    }

    @Override
    public Void criticalServicesStartFailed(CriticalServicesStartFailed e) {
        health.starting(false);
        if (machine.state() == TAKING_BACK) {
            machine.fail(Reason.CRITICAL_SERVICE_START_FAILED, "CriticalServicesStartFailed", "critical services of "
                    + setup.node() + " would not start during the takeback (" + e.error() + "); recovery needed");
        }
        return null;
    }

    @Override
    public Void parametersChanged(ParametersChanged e) {
        setup.params(e.parameters());
        // every deadline re-arms from now under the new timers: a full peer timeout, and our
        // heartbeat at once (the peer may have just shortened its timeout too)
        link.rearm(machine.now());
        sender.soon(machine.now());
        return null;
    }

    @Override
    public Void maintenanceChanged(MaintenanceChanged e) {
        if (e.on() != setup.maintenance()) {
            setup.maintenance(e.on());
            machine.alert(AlertType.MAINTENANCE_MODE, e.on()
                    ? "maintenance mode on: automatic failover, fallback and recovery of " + setup.node() + " are held"
                    : "maintenance mode off: automatic actions of " + setup.node() + " resume");
        }
        return null;
    }
}
