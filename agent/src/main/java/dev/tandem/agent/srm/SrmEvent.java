package dev.tandem.agent.srm;

/** Everything that can happen to a Server Recovery Manager. Time comes with each call. */
public sealed interface SrmEvent {

    /**
     * Hands this event to the visitor's method for its type. Every event type has one, so a
     * new event that nobody handles does not compile.
     */
    <R> R accept(Visitor<R> v);

    /** One method per event type: whoever reacts to events implements all of them. */
    interface Visitor<R> {
        R started(Started e);

        R haEnabledChanged(HaEnabledChanged e);

        R heartbeatReceived(HeartbeatReceived e);

        R timeAdvanced(TimeAdvanced e);

        R criticalServiceDown(CriticalServiceDown e);

        R criticalServiceUp(CriticalServiceUp e);

        R databaseDown(DatabaseDown e);

        R databaseUp(DatabaseUp e);

        R peerShutdownAnnounced(PeerShutdownAnnounced e);

        R pauseDetected(PauseDetected e);

        R witnessLeaseChanged(WitnessLeaseChanged e);

        R shutdownRequested(ShutdownRequested e);

        R adminRequest(AdminRequest e);

        R peerRecoveryRequested(PeerRecoveryRequested e);

        R usersMoved(UsersMoved e);

        R userMoveFailed(UserMoveFailed e);

        R criticalServicesStarted(CriticalServicesStarted e);

        R criticalServicesStartFailed(CriticalServicesStartFailed e);

        R parametersChanged(ParametersChanged e);

        R maintenanceChanged(MaintenanceChanged e);

        R storeResyncChanged(StoreResyncChanged e);
    }

    /**
     * Store convergence (issue 11), as the runtime sees it: {@code pending} while this node's user
     * store is known to be behind its peer's (it started empty and has not yet compared equal with
     * the peer's, or it lost a digest comparison) and the re-synchronisation from the peer has not
     * completed; false once it has. While pending the SRM takes none of its peer's users over
     * ({@link StoreGate}). {@code uncompared}: the store was not empty at start and has not been
     * compared with the peer's since; an initializing node whose peer answers waits for it (a
     * restored old backup serves nobody before it took the peer's store), a lost peer does not.
     */
    record StoreResyncChanged(boolean pending, boolean uncompared) implements SrmEvent {
        /** Only the resync: the store was compared (or the runtime does not say). */
        public StoreResyncChanged(boolean pending) {
            this(pending, false);
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.storeResyncChanged(this);
        }
    }

    /**
     * The SRM process started; {@code persisted} is null on a first start. The incarnation
     * must differ from every earlier start of this node (the edge draws a random one). The
     * edge also reads from its durable user store whether this node serves its own users and
     * its peer's: the SRM's state alone cannot say after every history.
     */
    record Started(PersistedState persisted, long incarnation, boolean servesOwnUsers, boolean servesPeerUsers)
            implements SrmEvent {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.started(this);
        }
    }

    /** The group's "Enable High Availability" flag changed on this node. */
    record HaEnabledChanged(boolean enabled) implements SrmEvent {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.haEnabledChanged(this);
        }
    }

    /** A heartbeat or status message from the peer arrived. */
    record HeartbeatReceived(PeerStatus peer) implements SrmEvent {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.heartbeatReceived(this);
        }
    }

    /** Nothing but time passed: timers due at or before now fire. */
    record TimeAdvanced() implements SrmEvent {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.timeAdvanced(this);
        }
    }

    record CriticalServiceDown(CriticalService service) implements SrmEvent {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.criticalServiceDown(this);
        }
    }

    record CriticalServiceUp(CriticalService service) implements SrmEvent {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.criticalServiceUp(this);
        }
    }

    record DatabaseDown() implements SrmEvent {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.databaseDown(this);
        }
    }

    record DatabaseUp() implements SrmEvent {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.databaseUp(this);
        }
    }

    /**
     * The peer said it is shutting down or rebooting in an orderly way (Peer Reboot). It
     * names the announcing SRM's incarnation, so an announcement from an earlier life of the
     * peer (delivered after a restart) is recognised and ignored.
     */
    record PeerShutdownAnnounced(long incarnation) implements SrmEvent {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.peerShutdownAnnounced(this);
        }
    }

    /**
     * This node did not run for {@code gapMs}, longer than the heartbeat timeout (SIGSTOP, a long
     * GC pause, a frozen VM): its peer may have taken its users over meanwhile (issue 10). For
     * one heartbeat timeout, a peer that holds this node's users makes a Normal node initialize
     * against it (and end failed over) instead of both claiming the users (M21).
     */
    record PauseDetected(long gapMs) implements SrmEvent {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.pauseDetected(this);
        }
    }

    /**
     * The witness (issue 10) changed: {@code required} when {@code witness.zookeeper} is set;
     * {@code peerLeaseHeld} when this node holds the lease of its peer's users;
     * {@code ownLeaseHeldByPeer} when the peer holds the lease of this node's users (it took them
     * over while this node was cut off or paused). Without a witness this event never comes and
     * nothing waits for a lease.
     */
    record WitnessLeaseChanged(boolean required, boolean peerLeaseHeld, boolean ownLeaseHeldByPeer) implements SrmEvent {
        /** Without news of this node's own lease. */
        public WitnessLeaseChanged(boolean required, boolean peerLeaseHeld) {
            this(required, peerLeaseHeld, false);
        }

        @Override
        public <R> R accept(Visitor<R> v) {
            return v.witnessLeaseChanged(this);
        }
    }

    /** This node's agent is stopping in an orderly way: tell the peer first. */
    record ShutdownRequested() implements SrmEvent {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.shutdownRequested(this);
        }
    }

    /** An administrator asks for a manual action on this node. */
    record AdminRequest(AdminAction action, String actor) implements SrmEvent {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.adminRequest(this);
        }
    }

    /** The peer's SRM asks this one to restart as part of a manual recovery. */
    record PeerRecoveryRequested() implements SrmEvent {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.peerRecoveryRequested(this);
        }
    }

    record UsersMoved(MoveKind kind, int users) implements SrmEvent {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.usersMoved(this);
        }
    }

    record UserMoveFailed(MoveKind kind, String error) implements SrmEvent {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.userMoveFailed(this);
        }
    }

    record CriticalServicesStarted() implements SrmEvent {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.criticalServicesStarted(this);
        }
    }

    record CriticalServicesStartFailed(String error) implements SrmEvent {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.criticalServicesStartFailed(this);
        }
    }

    record ParametersChanged(SrmParameters parameters) implements SrmEvent {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.parametersChanged(this);
        }
    }

    /**
     * The group's maintenance mode changed (an administrator's flag, the same on both nodes).
     * While on, the SRM starts no automatic failover, fallback or recovery: faults are still
     * detected and shown, manual actions stay possible.
     */
    record MaintenanceChanged(boolean on) implements SrmEvent {
        @Override
        public <R> R accept(Visitor<R> v) {
            return v.maintenanceChanged(this);
        }
    }
}
