package dev.tandem.agent.presence.store;

/** A persistent (roster) subscription: {@code watcher} sees {@code target}'s presence. */
public record RosterEntry(String watcher, String target) {
}
