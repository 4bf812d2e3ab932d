package dev.tandem.agent.presence.sessions;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The §8 counters kept up to date by every shard as it changes (under the shard's lock), so
 * reading them costs nothing and never waits for a shard. Each count is exact: it is the sum
 * of the shards' changes; JsmSessionsComposed is active plus standby by definition.
 */
final class LiveCounts {
    final AtomicLong activeSessions = new AtomicLong();
    final AtomicLong standbySessions = new AtomicLong();
    final AtomicLong activeLinks = new AtomicLong();
    final AtomicLong inactiveLinks = new AtomicLong();

    void sessionAdded(boolean active) {
        (active ? activeSessions : standbySessions).incrementAndGet();
    }

    void sessionRemoved(boolean active) {
        (active ? activeSessions : standbySessions).decrementAndGet();
    }

    void sessionPromoted() {
        standbySessions.decrementAndGet();
        activeSessions.incrementAndGet();
    }

    void linkAdded(boolean active) {
        (active ? activeLinks : inactiveLinks).incrementAndGet();
    }

    void linkRemoved(boolean active) {
        (active ? activeLinks : inactiveLinks).decrementAndGet();
    }

    void linkPromoted() {
        inactiveLinks.decrementAndGet();
        activeLinks.incrementAndGet();
    }

    SessionCounters snapshot() {
        long active = activeSessions.get();
        long standby = standbySessions.get();
        return new SessionCounters(active, standby, activeLinks.get(), inactiveLinks.get(), active + standby);
    }
}
