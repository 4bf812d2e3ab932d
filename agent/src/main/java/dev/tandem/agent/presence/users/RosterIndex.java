package dev.tandem.agent.presence.users;

import dev.tandem.agent.presence.store.RosterEntry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Roster subscriptions indexed both ways, with the XOR of their hashes (the store digest's
 * extras); safe to read while one writer changes it.
 */
final class RosterIndex {
    private final Map<String, Set<String>> byWatcher = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> byTarget = new ConcurrentHashMap<>();
    private volatile long digest;

    boolean contains(RosterEntry e) {
        return byWatcher.getOrDefault(e.watcher(), Set.of()).contains(e.target());
    }

    void set(RosterEntry e, boolean present) {
        boolean changed;
        if (present) {
            changed = byWatcher.computeIfAbsent(e.watcher(), k -> ConcurrentHashMap.newKeySet()).add(e.target());
            byTarget.computeIfAbsent(e.target(), k -> ConcurrentHashMap.newKeySet()).add(e.watcher());
        } else {
            changed = byWatcher.getOrDefault(e.watcher(), Set.of()).remove(e.target());
            byTarget.getOrDefault(e.target(), Set.of()).remove(e.watcher());
        }
        if (changed) {
            digest ^= StoreDigest.hash(e);
        }
    }

    void forgetUser(String user) {
        Set<String> targets = byWatcher.remove(user);
        if (targets != null) {
            targets.forEach(t -> {
                byTarget.getOrDefault(t, Set.of()).remove(user);
                digest ^= StoreDigest.hash(new RosterEntry(user, t));
            });
        }
        Set<String> watchers = byTarget.remove(user);
        if (watchers != null) {
            watchers.forEach(w -> {
                if (byWatcher.getOrDefault(w, Set.of()).remove(user)) {
                    digest ^= StoreDigest.hash(new RosterEntry(w, user));
                }
            });
        }
    }

    /** XOR of {@link StoreDigest#hash(RosterEntry)} over every entry. */
    long digest() {
        return digest;
    }

    Set<String> targetsOf(String watcher) {
        return Set.copyOf(byWatcher.getOrDefault(watcher, Set.of()));
    }

    Set<String> watchersOf(String target) {
        return Set.copyOf(byTarget.getOrDefault(target, Set.of()));
    }
}
