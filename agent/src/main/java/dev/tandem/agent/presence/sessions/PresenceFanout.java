package dev.tandem.agent.presence.sessions;

import dev.tandem.proto.presence.v1.PresenceUpdate;
import dev.tandem.proto.presence.v1.ServerMessage;
import java.util.Set;

/**
 * Messages to a user's watchers, which live on other shards than the user: each watcher's
 * shard lock is taken on its own, one at a time, so no two shard locks are ever held.
 */
final class PresenceFanout {
    private final SessionTable table;
    private final Watching watching;

    PresenceFanout(SessionTable table, Watching watching) {
        this.table = table;
        this.watching = watching;
    }

    /** A user's new presence, to every active session that watches the user. */
    void deliver(PresenceUpdate update) {
        watching.remember(update);
        Set<String> watchers = watching.watchersOf(update.getUserId());
        if (watchers.isEmpty()) {
            return;
        }
        ServerMessage msg = Messages.presence(update);
        for (String w : watchers) {
            Shard shard = table.shardOf(w);
            synchronized (shard) {
                JsmSession s = shard.sessions.get(w);
                if (s != null && s.active) {
                    s.links.forEach(l -> shard.post(() -> l.send(msg)));
                }
            }
            shard.flush();
        }
    }

    /** Ends every temporary subscription to {@code target}, telling each watcher why. */
    void dropTemporaryTargeting(String target, String reason) {
        Set<String> watchers = watching.takeTemporaryWatchers(target);
        if (watchers.isEmpty()) {
            return;
        }
        ServerMessage msg = Messages.dropped(target, reason);
        for (String w : watchers) {
            Shard shard = table.shardOf(w);
            synchronized (shard) {
                JsmSession s = shard.sessions.get(w);
                boolean subscribedAgain = watching.watchesTemporarily(w, target);
                if (s != null && !subscribedAgain) {
                    s.temporarySubscriptions.remove(target);
                    s.links.forEach(l -> shard.post(() -> l.send(msg)));
                }
            }
            shard.flush();
        }
    }
}
