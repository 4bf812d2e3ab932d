package dev.tandem.agent.presence.sessions;

import dev.tandem.agent.presence.users.UserStore;
import dev.tandem.proto.presence.v1.PresenceUpdate;
import dev.tandem.proto.presence.v1.ServerMessage;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who watches whom and the last presence of each user: the roster subscriptions (kept in the
 * user store) and the temporary ones (kept in the sessions, indexed here by target). A
 * session's own entries change under its shard's lock; the indexes never lock.
 */
final class Watching {
    private final UserStore users;
    private final Map<String, PresenceUpdate> presence = new ConcurrentHashMap<>();
    private final TemporaryWatchers temporaryWatchers = new TemporaryWatchers();

    Watching(UserStore users) {
        this.users = users;
    }

    void remember(PresenceUpdate update) {
        presence.put(update.getUserId(), update);
    }

    void forget(String userId) {
        presence.remove(userId);
    }

    Optional<PresenceUpdate> presenceOf(String userId) {
        return Optional.ofNullable(presence.get(userId));
    }

    /** Everyone who should hear the user's presence: roster and temporary watchers. */
    Set<String> watchersOf(String userId) {
        Set<String> watchers = new HashSet<>(users.rosterWatchersOf(userId));
        watchers.addAll(temporaryWatchers.of(userId));
        return watchers;
    }

    /** Under the watcher's shard lock. */
    void addTemporary(JsmSession watcher, String target) {
        watcher.temporarySubscriptions.add(target);
        temporaryWatchers.add(target, watcher.userId);
    }

    /** Under the watcher's shard lock; a null session (ended meanwhile) is ignored. */
    void dropTemporary(JsmSession watcher, String target) {
        if (watcher == null) {
            return;
        }
        watcher.temporarySubscriptions.remove(target);
        temporaryWatchers.remove(target, watcher.userId);
    }

    /** Under the watcher's shard lock: the session ends, and its temporary subscriptions with it (§9). */
    void endAll(JsmSession watcher) {
        for (String target : List.copyOf(watcher.temporarySubscriptions)) {
            dropTemporary(watcher, target);
        }
    }

    /** Forgets every temporary watcher of the target and returns them. */
    Set<String> takeTemporaryWatchers(String target) {
        return temporaryWatchers.removeAll(target);
    }

    boolean watchesTemporarily(String watcher, String target) {
        return temporaryWatchers.of(target).contains(watcher);
    }

    /** Under the shard's lock: fresh presence of the roster, so a watcher never starts from stale state. */
    void postRosterSnapshot(Shard shard, JsmSession s, ClientLink link) {
        for (String target : users.rosterOf(s.userId)) {
            PresenceUpdate known = presence.get(target);
            if (known != null) {
                ServerMessage msg = Messages.presence(known);
                shard.post(() -> link.send(msg));
            }
        }
    }
}
