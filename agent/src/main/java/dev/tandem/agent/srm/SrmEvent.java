package dev.tandem.agent.srm;

/** Everything that can happen to a Server Recovery Manager. Time comes with each call. */
public sealed interface SrmEvent {

    /**
     * The SRM process started; {@code persisted} is null on a first start. The incarnation
     * must differ from every earlier start of this node (the edge draws a random one). The
     * edge also reads from its durable user store whether this node serves its own users and
     * its peer's: the SRM's state alone cannot say after every history.
     */
    record Started(PersistedState persisted, long incarnation, boolean servesOwnUsers, boolean servesPeerUsers)
            implements SrmEvent {}

    /** The group's "Enable High Availability" flag changed on this node. */
    record HaEnabledChanged(boolean enabled) implements SrmEvent {}

    /** A heartbeat or status message from the peer arrived. */
    record HeartbeatReceived(PeerStatus peer) implements SrmEvent {}

    /** Nothing but time passed: timers due at or before now fire. */
    record TimeAdvanced() implements SrmEvent {}

    record CriticalServiceDown(CriticalService service) implements SrmEvent {}

    record CriticalServiceUp(CriticalService service) implements SrmEvent {}

    record DatabaseDown() implements SrmEvent {}

    record DatabaseUp() implements SrmEvent {}

    /**
     * The peer said it is shutting down or rebooting in an orderly way (Peer Reboot). It
     * names the announcing SRM's incarnation, so an announcement from an earlier life of the
     * peer (delivered after a restart) is recognised and ignored.
     */
    record PeerShutdownAnnounced(long incarnation) implements SrmEvent {}

    /**
     * This node did not run for {@code gapMs}, longer than the heartbeat timeout (SIGSTOP, a long
     * GC pause, a frozen VM): its peer may have taken its users over meanwhile (issue 10). For
     * one heartbeat timeout, a peer that holds this node's users makes a Normal node initialize
     * against it (and end failed over) instead of both claiming the users (M21).
     */
    record PauseDetected(long gapMs) implements SrmEvent {}

    /** This node's agent is stopping in an orderly way: tell the peer first. */
    record ShutdownRequested() implements SrmEvent {}

    /** An administrator asks for a manual action on this node. */
    record AdminRequest(AdminAction action, String actor) implements SrmEvent {}

    /** The peer's SRM asks this one to restart as part of a manual recovery. */
    record PeerRecoveryRequested() implements SrmEvent {}

    record UsersMoved(MoveKind kind, int users) implements SrmEvent {}

    record UserMoveFailed(MoveKind kind, String error) implements SrmEvent {}

    record CriticalServicesStarted() implements SrmEvent {}

    record CriticalServicesStartFailed(String error) implements SrmEvent {}

    record ParametersChanged(SrmParameters parameters) implements SrmEvent {}
}
