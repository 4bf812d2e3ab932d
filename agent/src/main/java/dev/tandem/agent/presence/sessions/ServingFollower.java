package dev.tandem.agent.presence.sessions;

import dev.tandem.agent.presence.users.UserChange;
import dev.tandem.agent.presence.users.UserRecord;
import dev.tandem.agent.presence.users.UserStore;
import dev.tandem.proto.presence.v1.Redirect;
import dev.tandem.proto.presence.v1.ServerMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Node-wide changes to the sessions: moves of users between the nodes, the serving and standby
 * gates the SRM sets, and the stop. They are serialized by one control lock and walk the shards
 * one at a time. Lock order: user store, control, shard.
 */
final class ServingFollower {
    private static final Logger log = LoggerFactory.getLogger(ServingFollower.class);

    private final UserStore users;
    private final SessionTable table;
    private final PresenceFanout fanout;
    private final Watching watching;
    private final Messages messages;
    private final Object control = new Object();
    private volatile String servesNobody;
    private volatile String standbyRefused;
    private volatile HandOff handOff = HandOff.AT_ONCE;

    ServingFollower(UserStore users, SessionTable table, PresenceFanout fanout, Watching watching, Messages messages) {
        this.users = users;
        this.table = table;
        this.fanout = fanout;
        this.watching = watching;
        this.messages = messages;
    }

    /** Why this node serves nobody now, or null when it may serve. */
    String servesNobody() {
        return servesNobody;
    }

    /** Why this node takes no standby connections now, or null when it takes them. */
    String standbyRefused() {
        return standbyRefused;
    }

    void setServing(boolean serving, String why) {
        setServing(serving, why, false);
    }

    /**
     * {@code peerPromoted}: the peer runs in backup mode, so it took over (and promoted the standby
     * connections of) every user its store says it serves: their redirects say promoted_there.
     */
    void setServing(boolean serving, String why, boolean peerPromoted) {
        synchronized (control) {
            servesNobody = serving ? null : why; // before the walk: logins on shards not yet walked see it
            String self = users.self();
            if (serving) {
                ServerMessage promoted = Messages.promoted("this node serves again");
                table.walk(s -> !s.active && users.find(s.userId).map(u -> u.isServedBy(self)).orElse(false),
                        (shard, s) -> table.promote(shard, s, promoted));
                return;
            }
            String peer = users.peer();
            Redirect redirect = messages.redirectTo(peer, why, true);
            Redirect promotedThere = peerPromoted ? messages.redirectTo(peer, why, true, true) : redirect;
            int redirected = table.walk(s -> s.active, (shard, s) -> table.redirectAll(shard, s,
                    peerPromoted && users.find(s.userId).map(u -> u.isServedBy(peer)).orElse(false)
                            ? promotedThere : redirect));
            if (redirected > 0) {
                log.info("{}: serves nobody now ({}): redirected {} active session(s)", self, why, redirected);
            }
        }
    }

    void setStandbyAccepted(boolean accepted, String why) {
        synchronized (control) {
            standbyRefused = accepted ? null : why;
            if (accepted) {
                return;
            }
            int closed = table.walk(s -> !s.active, (shard, s) -> table.closeAll(shard, s, Refusal.UNAVAILABLE, why));
            if (closed > 0) {
                log.info("{}: takes no standby connections now ({}): closed {}", users.self(), why, closed);
            }
        }
    }

    void disconnectAll(String reason) {
        synchronized (control) {
            table.walk(s -> true, (shard, s) -> table.closeAll(shard, s, Refusal.FAILED_PRECONDITION, reason));
        }
    }

    void setHandOff(HandOff handOff) {
        this.handOff = handOff;
    }

    void follow(UserChange change, UserChange.Origin origin) {
        synchronized (control) {
            if (change instanceof UserChange.Moved m) {
                String reason = "users moved (" + m.kind() + " by " + m.byNode() + ")";
                // this node's own move: the peer promotes the standby connections as it applies the
                // move; redirect only then (make before break, see HandOff)
                boolean ownMove = origin == UserChange.Origin.LOCAL && users.self().equals(m.byNode());
                List<List<UserRecord>> parts = byShard(m.users()); // once: the deferred redirects walk it too
                followServing(m.users(), parts, reason, !ownMove);
                if (ownMove) {
                    long committed = System.nanoTime();
                    handOff.afterPeerApplied(confirmed -> {
                        synchronized (control) {
                            int n = redirectMovedAway(parts, reason, true, confirmed);
                            if (n > 0) {
                                log.info("{}: {}: redirected {} active session(s) {} ms after the move, {}", users.self(),
                                        reason, n, (System.nanoTime() - committed) / 1_000_000, confirmed
                                                ? "once the peer had applied it" : "the peer did not confirm it in time");
                            }
                        }
                    });
                }
            } else if (change instanceof UserChange.Placed p) {
                followServing(p.users(), byShard(p.users()), "users re-placed (assignment mode " + p.mode() + ")", true);
            } else if (change instanceof UserChange.Removed r) {
                Shard shard = table.shardOf(r.userId());
                synchronized (shard) {
                    JsmSession s = shard.sessions.get(r.userId());
                    if (s != null) {
                        table.closeAll(shard, s, Refusal.NOT_FOUND, "user '" + r.userId() + "' was removed");
                    }
                }
                shard.flush();
                fanout.dropTemporaryTargeting(r.userId(), "user removed");
                watching.forget(r.userId());
            }
        }
    }

    /**
     * Follows a change of serving nodes in two passes over the shards: first every standby
     * session of a user now served here is promoted (and its Promoted messages written), then
     * the active sessions of users served elsewhere now are redirected. A client that holds
     * both connections thus never waits on a redirect for a promotion this node already made.
     */
    private void followServing(List<UserRecord> changed, List<List<UserRecord>> byShard, String reason,
                               boolean redirectNow) {
        String self = users.self();
        int promoted = 0;
        long t0 = System.nanoTime();
        long writeNanos = 0;
        if (servesNobody == null) { // else promoted when this node may serve again
            ServerMessage promotedMsg = Messages.promoted(reason);
            for (int i = 0; i < byShard.size(); i++) {
                List<UserRecord> part = byShard.get(i);
                if (part == null) {
                    continue;
                }
                Shard shard = table.shardAt(i);
                synchronized (shard) {
                    for (UserRecord u : part) {
                        JsmSession s = shard.sessions.get(u.userId());
                        if (s != null && !s.active && u.isServedBy(self)) {
                            table.promote(shard, s, promotedMsg);
                            promoted++;
                        }
                    }
                }
                long w = System.nanoTime();
                shard.flush();
                writeNanos += System.nanoTime() - w;
            }
        }
        long t1 = System.nanoTime();
        int redirected = redirectNow ? redirectMovedAway(byShard, reason, false, false) : 0;
        long t2 = System.nanoTime();
        for (UserRecord u : changed) {
            fanout.dropTemporaryTargeting(u.userId(), "watched user moved; subscribe again");
        }
        long t3 = System.nanoTime();
        if (promoted + redirected > 0) {
            // the phases' times: where a move's session part goes (issue 12's profiles)
            log.info("{}: {}: promoted {} standby session(s) in {} ms (writing {} ms), redirected {} active"
                            + " session(s) in {} ms, temporary subscriptions {} ms", self, reason, promoted,
                    (t1 - t0) / 1_000_000, writeNanos / 1_000_000, redirected, (t2 - t1) / 1_000_000,
                    (t3 - t2) / 1_000_000);
        }
    }

    /**
     * Redirects the active sessions of the given users (by shard) that another node serves now (and closes
     * those of users assigned to none). {@code reread}: the users' current records decide, not
     * the ones given (a deferred pass: they may have moved again since). {@code peerPromoted}: the
     * peer confirmed it applied the move first (the redirects say promoted_there).
     */
    private int redirectMovedAway(List<List<UserRecord>> byShard, String reason, boolean reread, boolean peerPromoted) {
        String self = users.self();
        int redirected = 0;
        Map<String, Redirect> redirects = new HashMap<>();
        for (int i = 0; i < byShard.size(); i++) {
            List<UserRecord> part = byShard.get(i);
            if (part == null) {
                continue;
            }
            Shard shard = table.shardAt(i);
            synchronized (shard) {
                for (UserRecord given : part) {
                    UserRecord u = reread ? users.find(given.userId()).orElse(null) : given;
                    JsmSession s = shard.sessions.get(given.userId());
                    if (s == null || u == null) {
                        continue; // a removed user's sessions were closed when it was removed
                    }
                    if (u.servingNode() == null) {
                        table.closeAll(shard, s, Refusal.FAILED_PRECONDITION,
                                "user '" + u.userId() + "' is assigned to no node now");
                    } else if (!u.isServedBy(self) && s.active) {
                        Redirect r = redirects.computeIfAbsent(u.servingNode(),
                                n -> messages.redirectTo(n, reason, true, peerPromoted));
                        table.redirectAll(shard, s, r);
                        redirected++;
                    }
                }
            }
            shard.flush();
        }
        return redirected;
    }

    /** The changed users by shard index (null where a shard has none). */
    private static List<List<UserRecord>> byShard(List<UserRecord> changed) {
        List<List<UserRecord>> byShard = new ArrayList<>(SessionManager.SHARDS);
        for (int i = 0; i < SessionManager.SHARDS; i++) {
            byShard.add(null);
        }
        for (UserRecord u : changed) {
            int i = SessionTable.indexOf(u.userId());
            if (byShard.get(i) == null) {
                byShard.set(i, new ArrayList<>());
            }
            byShard.get(i).add(u);
        }
        return byShard;
    }
}
