package dev.tandem.agent.srm;

/**
 * What one SRM tells its peer in every heartbeat and on every change: enough for the peer
 * to walk the matrix rows in step (the state is the message).
 *
 * @param resumeState while initializing: the state persisted before the restart, so a
 *                    peer that restarts at the same time can tell M6 from M1; else null
 */
public record PeerStatus(
        String node,
        NodeState state,
        Reason reason,
        boolean haEnabled,
        String parametersFingerprint,
        boolean criticalServicesUp,
        boolean databaseUp,
        NodeState resumeState) {
}
