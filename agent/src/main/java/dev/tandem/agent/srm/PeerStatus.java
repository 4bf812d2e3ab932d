package dev.tandem.agent.srm;

/**
 * What one SRM tells its peer in every heartbeat and on every change: enough for the peer
 * to walk the matrix rows in step (the state is the message).
 *
 * @param resumeState while initializing: the state persisted before the restart, so a
 *                    peer that restarts at the same time can tell M6 from M1; else null
 * @param incarnation identifies this start (or re-initialization) of the sender's SRM
 * @param peerIncarnationSeen the receiver's incarnation the sender last heard (0: none).
 *                    An initializing SRM settles only on a status that acknowledges its own
 *                    incarnation, so it never acts on a heartbeat sent before its restart.
 * @param servesPeerUsers whether the sender serves (or is taking) the receiver's users, so
 *                    a failed or recovering receiver knows whether to let its own users go
 */
public record PeerStatus(
        String node,
        NodeState state,
        Reason reason,
        boolean haEnabled,
        String parametersFingerprint,
        boolean criticalServicesUp,
        boolean databaseUp,
        NodeState resumeState,
        long incarnation,
        long peerIncarnationSeen,
        boolean servesPeerUsers) {
}
