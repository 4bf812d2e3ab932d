package dev.tandem.agent.srm;

/** Which users a move concerns, seen from the node that runs it. */
public enum MoveKind {
    /** Serve the peer's users here (failover, backup side). */
    TAKE_OVER,
    /** Stop serving this node's own users; they go to the peer (failover, failing side). */
    HAND_OVER,
    /** Serve this node's own users here again (fallback, home side). */
    TAKE_BACK,
    /** Stop serving the peer's users; they go home (fallback, backup side). */
    GIVE_BACK,
    /** Serve everyone here: the peer cannot (auto-recovery S13, or peer lost while failed over). */
    TAKE_ALL,
    /** Serve nobody here: the peer takes everyone (auto-recovery S14). */
    GIVE_ALL,
    /** Serve exactly this node's own users (after recovery). */
    RESET_TO_HOME;

    /** True for moves that make this node serve more users (they can fail on the database). */
    public boolean acquires() {
        return this == TAKE_OVER || this == TAKE_BACK || this == TAKE_ALL || this == RESET_TO_HOME;
    }
}
