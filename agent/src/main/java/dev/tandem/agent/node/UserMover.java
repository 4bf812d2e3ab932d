package dev.tandem.agent.node;

/**
 * The seam through which the SRM moves users between the two nodes of a group; the agent
 * runs it on the presence node ({@link PresenceMover}), the SRM harness on a stand-in. Each
 * method returns how many users it moved and may throw: the SRM then reports a failed move
 * (M19, M20).
 */
public interface UserMover {

    /** Serve the peer's users here (failover, backup side). */
    int takeOverPeerUsers() throws Exception;

    /** Stop serving this node's own users; the peer serves them (failover, failing side). */
    int handOverOwnUsers() throws Exception;

    /** Serve this node's own users here again (fallback, home side). */
    int takeBackOwnUsers() throws Exception;

    /** Stop serving the peer's users; they go home (fallback, backup side). */
    int giveBackPeerUsers() throws Exception;

    /** Serve exactly this node's own users (after a recovery). */
    int resetToHome() throws Exception;
}
