package dev.tandem.agent.presence;

/** User moves the agent runs when the SRM commands them (from a worker thread); each is one
 * database transaction: either every user concerned moves, or none does. */
public interface UserMoves {
    /** This node now serves the peer's users: their standby sessions become active. */
    MoveReport takeOverPeerUsers() throws MoveFailedException;

    /** This node stops serving its own users: their active connections are redirected to the peer. */
    MoveReport handOverOwnUsers() throws MoveFailedException;

    /** Fallback, home side: this node serves its own users again. */
    MoveReport takeBackOwnUsers() throws MoveFailedException;

    /** Fallback, backup side: the peer's users served here are redirected home. */
    MoveReport giveBackPeerUsers() throws MoveFailedException;

    /** After recovery: serve exactly this node's own home users. */
    MoveReport resetToHome() throws MoveFailedException;
}
