package dev.tandem.agent.srm;

import java.util.Optional;

/**
 * What this node knows of its peer: its last status, when it was heard, and whether it
 * counts as lost (and why). The watch restarts at each start, recovery and HA enabling.
 */
final class PeerLink {
    private PeerStatus peer;
    private long lastHeartbeatMs = -1;
    private long watchStartMs;
    /** A full timeout counts from here at least (set when the parameters change), without forgetting the peer. */
    private long graceFromMs = -1;
    /** Why the peer counts as lost (Peer Down, Peer Reboot...), or null while it is present. */
    private Reason lostBecause;

    /** The peer's last status, or null when it has not been seen or is lost. */
    PeerStatus peer() {
        return lostBecause != null ? null : peer;
    }

    /** The last status heard, even from a peer now lost (its incarnation is still acknowledged). */
    PeerStatus lastHeard() {
        return peer;
    }

    boolean reachable() {
        return peer != null && lostBecause == null;
    }

    long lastHeartbeatMs() {
        return lastHeartbeatMs;
    }

    boolean lost() {
        return lostBecause != null;
    }

    Optional<Reason> lostBecause() {
        return Optional.ofNullable(lostBecause);
    }

    void markLost(Reason why) {
        lostBecause = why;
    }

    /** Starts watching from scratch: nothing heard, nothing lost. */
    void watchAfresh(long now) {
        peer = null;
        lastHeartbeatMs = -1;
        lostBecause = null;
        watchStartMs = now;
    }

    /** Whether this status is the first, or from a new incarnation, or in a new state. */
    boolean isNews(PeerStatus p) {
        return peer == null || p.incarnation() != peer.incarnation() || p.state() != peer.state();
    }

    /** The peer's status arrived: it is present again. */
    void heard(PeerStatus p, long now) {
        peer = p;
        lastHeartbeatMs = now;
        lostBecause = null;
    }

    /** Whether the present peer has been heard since the watch started and saw this incarnation. */
    boolean acknowledged(long incarnation) {
        return heardSinceWatchStart() && peer.peerIncarnationSeen() == incarnation;
    }

    /** Whether a present peer has been heard since the watch (re)started. */
    boolean heardSinceWatchStart() {
        return lostBecause == null && peer != null && lastHeartbeatMs >= watchStartMs;
    }

    /** When the peer counts as lost unless it is heard again. */
    long deadlineMs(long timeoutMs) {
        return Math.max(graceFromMs, Math.max(watchStartMs, lastHeartbeatMs)) + timeoutMs;
    }

    /**
     * New timers are in force: the peer gets a whole new timeout from {@code now} (a heartbeat
     * sent on the old, longer interval is not "late" under the new, shorter timeout).
     */
    void rearm(long now) {
        graceFromMs = now;
    }

    /** Heartbeats the peer should have sent since the last one seen. */
    long missedHeartbeats(long atMs, long intervalMs) {
        long from = Math.max(graceFromMs, lastHeartbeatMs >= 0 ? lastHeartbeatMs : watchStartMs);
        return Math.max(0, (atMs - from) / intervalMs);
    }
}
