package dev.tandem.agent.presence.sessions;

import dev.tandem.proto.presence.v1.ConnectionMode;
import dev.tandem.proto.presence.v1.Redirect;
import dev.tandem.proto.presence.v1.ServerMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessions and connections of the node, split into shards by user id, and the changes
 * made to one session under its shard's lock (promote, replace, redirect, close, end). Every
 * method named "under the shard's lock" expects the caller to hold that shard's monitor and to
 * {@link Shard#flush} it after releasing it. The §8 counters follow every change here.
 */
final class SessionTable {
    private static final Logger log = LoggerFactory.getLogger(SessionTable.class);

    private final Shard[] shards = new Shard[SessionManager.SHARDS];
    private final Map<ClientLink, Link> links = new ConcurrentHashMap<>();
    private final LiveCounts counts = new LiveCounts();
    private final Watching watching;

    /** One logged-in connection: whose, and in which mode (changed under its shard's lock). */
    static final class Link {
        final String userId;
        final Shard shard;
        volatile ConnectionMode mode;

        Link(String userId, Shard shard, ConnectionMode mode) {
            this.userId = userId;
            this.shard = shard;
            this.mode = mode;
        }
    }

    SessionTable(Watching watching) {
        this.watching = watching;
        for (int i = 0; i < shards.length; i++) {
            shards[i] = new Shard();
        }
    }

    Shard shardOf(String userId) {
        return shards[indexOf(userId)];
    }

    Shard shardAt(int index) {
        return shards[index];
    }

    /**
     * The shard of a user id: the top bits of a multiplicative (Fibonacci) hash. Not the low
     * bits: each shard keeps its sessions in a HashMap, which picks buckets by the low bits of
     * the same spread hash, so a shard chosen by them left its map 1/64 of its buckets and
     * treeified bins (the login storm's profile showed HashMap$TreeNode in every login).
     */
    static int indexOf(String userId) {
        return (userId.hashCode() * 0x9E3779B9) >>> (Integer.SIZE - SHARD_BITS);
    }

    /** SHARDS is a power of two. */
    private static final int SHARD_BITS = Integer.numberOfTrailingZeros(SessionManager.SHARDS);

    Link linkOf(ClientLink link) {
        return links.get(link);
    }

    boolean isLoggedIn(ClientLink link) {
        return links.containsKey(link);
    }

    SessionCounters counters() {
        return counts.snapshot();
    }

    /**
     * Visits every session that matches, one shard at a time (its lock held while visiting,
     * its messages written after), and returns how many were visited.
     */
    int walk(Predicate<JsmSession> which, BiConsumer<Shard, JsmSession> visit) {
        int visited = 0;
        for (Shard shard : shards) {
            synchronized (shard) {
                for (JsmSession s : new ArrayList<>(shard.sessions.values())) {
                    if (which.test(s)) {
                        visit.accept(shard, s);
                        visited++;
                    }
                }
            }
            shard.flush();
        }
        return visited;
    }

    Set<String> activeUsers() {
        Set<String> out = new HashSet<>();
        for (Shard shard : shards) {
            synchronized (shard) {
                shard.sessions.values().forEach(s -> {
                    if (s.active) {
                        out.add(s.userId);
                    }
                });
            }
        }
        return out;
    }

    // ---- under the shard's lock ----

    /** The user's session, made when it has none yet. */
    JsmSession sessionFor(Shard shard, String userId, boolean active) {
        JsmSession session = shard.sessions.get(userId);
        if (session == null) {
            session = new JsmSession(userId, active);
            shard.sessions.put(userId, session);
            counts.sessionAdded(active);
        }
        return session;
    }

    void addLink(Shard shard, JsmSession session, ClientLink link, ConnectionMode mode) {
        session.links.add(link);
        links.put(link, new Link(session.userId, shard, mode));
        counts.linkAdded(mode == ConnectionMode.ACTIVE);
    }

    void promote(Shard shard, JsmSession s, ServerMessage promoted) {
        s.active = true;
        counts.sessionPromoted();
        for (ClientLink link : s.links) {
            Link l = links.get(link);
            if (l != null && l.mode != ConnectionMode.ACTIVE) {
                l.mode = ConnectionMode.ACTIVE;
                counts.linkPromoted();
            }
            shard.post(() -> link.send(promoted));
            watching.postRosterSnapshot(shard, s, link);
        }
    }

    /** One ACTIVE connection per user: the older ones are closed with ABORTED (their logout is then a no-op). */
    void replaceActive(Shard shard, JsmSession session, String self) {
        for (ClientLink old : List.copyOf(session.links)) {
            Link l = links.get(old);
            if (l != null && l.mode == ConnectionMode.ACTIVE) {
                unlink(old);
                session.links.remove(old);
                log.info("{}: a newer ACTIVE login of '{}' replaces its older connection", self, session.userId);
                String why = "replaced by a newer ACTIVE login of user '" + session.userId + "'";
                shard.post(() -> old.closeWithError(Refusal.ABORTED, why));
            }
        }
    }

    void redirectAll(Shard shard, JsmSession s, Redirect redirect) {
        for (ClientLink link : s.links) {
            unlink(link);
            shard.post(() -> link.closeWithRedirect(redirect));
        }
        s.links.clear();
        endSession(shard, s);
    }

    void closeAll(Shard shard, JsmSession s, Refusal refusal, String message) {
        for (ClientLink link : s.links) {
            unlink(link);
            shard.post(() -> link.closeWithError(refusal, message));
        }
        s.links.clear();
        endSession(shard, s);
    }

    /** Forgets the connection; false when it was gone already. */
    boolean unlink(ClientLink link) {
        Link l = links.remove(link);
        if (l == null) {
            return false;
        }
        counts.linkRemoved(l.mode == ConnectionMode.ACTIVE);
        return true;
    }

    void endSession(Shard shard, JsmSession s) {
        if (shard.sessions.remove(s.userId) != null) {
            counts.sessionRemoved(s.active);
        }
        watching.endAll(s);
    }
}
