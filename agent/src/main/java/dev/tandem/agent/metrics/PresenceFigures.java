package dev.tandem.agent.metrics;

import dev.tandem.agent.presence.sessions.SessionCounters;

/** One node's presence figures at one moment: the §8 counters, its users and the replication backlog. */
public record PresenceFigures(SessionCounters sessions, long users, long homeUsers, long servedUsers,
                              long replicationQueue) {
}
