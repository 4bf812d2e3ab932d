package dev.tandem.agent.presence.sessions;

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who holds a temporary subscription to whom, by target: the reverse index of the sessions'
 * own lists, read when a target publishes. Each target's watcher set is immutable and replaced
 * atomically, so readers never lock; a watcher's entries change under its shard's lock.
 */
final class TemporaryWatchers {
    private final ConcurrentHashMap<String, Set<String>> byTarget = new ConcurrentHashMap<>();

    void add(String target, String watcher) {
        byTarget.compute(target, (t, old) -> with(old, watcher));
    }

    void remove(String target, String watcher) {
        byTarget.computeIfPresent(target, (t, old) -> without(old, watcher));
    }

    /** Forgets every watcher of the target and returns them (empty when none). */
    Set<String> removeAll(String target) {
        Set<String> old = byTarget.remove(target);
        return old == null ? Set.of() : old;
    }

    Set<String> of(String target) {
        return byTarget.getOrDefault(target, Set.of());
    }

    private static Set<String> with(Set<String> old, String watcher) {
        if (old == null) {
            return Set.of(watcher);
        }
        if (old.contains(watcher)) {
            return old;
        }
        Set<String> n = new HashSet<>(old);
        n.add(watcher);
        return Set.copyOf(n);
    }

    private static Set<String> without(Set<String> old, String watcher) {
        if (!old.contains(watcher)) {
            return old;
        }
        Set<String> n = new HashSet<>(old);
        n.remove(watcher);
        return n.isEmpty() ? null : Set.copyOf(n);
    }
}
