package dev.tandem.agent.srm;

/** What the SRM asks its surroundings to do. The edges run these; the core never does I/O. */
public sealed interface SrmCommand {

    record StopCriticalServices() implements SrmCommand {}

    /** Start every monitored critical service; answer with CriticalServicesStarted or ...StartFailed. */
    record StartCriticalServices() implements SrmCommand {}

    /** Move users; answer with UsersMoved or UserMoveFailed for acquiring moves. */
    record MoveUsers(MoveKind kind) implements SrmCommand {}

    /** Send this status to the peer now (heartbeat, or a change the peer must see). */
    record SendStatusToPeer(PeerStatus status) implements SrmCommand {}

    /** Tell the peer this SRM (this incarnation) is going away in an orderly way. */
    record AnnounceShutdownToPeer(long incarnation) implements SrmCommand {}

    record RequestPeerRecovery() implements SrmCommand {}

    /** Write state and reason durably before anything else sees them. */
    record PersistState(NodeState state, Reason reason, long sinceMs, boolean servicesStoppedBySrm)
            implements SrmCommand {}

    /**
     * Raise an alert. {@code subject} names what it is about when a node can have several of the
     * type at once (a critical service id, or "database" for CriticalServiceDown); else empty.
     */
    record RaiseAlert(AlertType type, String text, String subject) implements SrmCommand {
        /** The subject of a CriticalServiceDown alert about the database. */
        public static final String DATABASE = "database";

        public RaiseAlert(AlertType type, String text) {
            this(type, text, "");
        }
    }
}
