package dev.tandem.agent.srm;

import dev.tandem.agent.srm.SrmCommand.SendStatusToPeer;

/**
 * When this node tells its peer its status: on every change the peer decides on (state,
 * reason, health, whose users it serves) at once, else once per heartbeat interval.
 */
final class StatusSender {
    private long nextHeartbeatMs;
    private PeerStatus lastSent;

    /** Send with the next event handled (a start, or a peer that may wait for our answer). */
    void soon(long now) {
        nextHeartbeatMs = now;
    }

    long nextHeartbeatMs() {
        return nextHeartbeatMs;
    }

    /** Sends {@code current} if the event changed something the peer decides on, or a heartbeat is due. */
    void afterEvent(NodeMachine machine, PeerStatus current, boolean stateChanged, long intervalMs) {
        long now = machine.now();
        if (stateChanged || healthChanged(current) || now >= nextHeartbeatMs) {
            machine.command(new SendStatusToPeer(current));
            lastSent = current;
            nextHeartbeatMs = now + intervalMs;
        }
    }

    private boolean healthChanged(PeerStatus current) {
        return lastSent == null || current.haEnabled() != lastSent.haEnabled()
                || current.criticalServicesUp() != lastSent.criticalServicesUp()
                || current.databaseUp() != lastSent.databaseUp() || current.servesPeerUsers() != lastSent.servesPeerUsers();
    }
}
