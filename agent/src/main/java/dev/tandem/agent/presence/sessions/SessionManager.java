package dev.tandem.agent.presence.sessions;

import dev.tandem.agent.presence.NodeEndpoint;
import dev.tandem.agent.presence.users.UserChange;
import dev.tandem.agent.presence.users.UserChangeListener;
import dev.tandem.agent.presence.users.UserRecord;
import dev.tandem.agent.presence.users.UserStore;
import dev.tandem.proto.presence.v1.ConnectionMode;
import dev.tandem.proto.presence.v1.LoginAccepted;
import dev.tandem.proto.presence.v1.NodeRef;
import dev.tandem.proto.presence.v1.PresenceStatus;
import dev.tandem.proto.presence.v1.PresenceUpdate;
import dev.tandem.proto.presence.v1.Promoted;
import dev.tandem.proto.presence.v1.Redirect;
import dev.tandem.proto.presence.v1.ServerMessage;
import dev.tandem.proto.presence.v1.SubscriptionDropped;
import dev.tandem.proto.presence.v1.SubscriptionKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's session manager: a {@link JsmSession} per user with connections here, active for
 * users this node serves and standby for the peer's users. It follows the user store: when a
 * user's serving node changes (a move here, or one replicated from the peer) it promotes the
 * user's inactive connections or redirects its active ones.
 *
 * <p>Sessions are split into {@link #SHARDS} shards by user id, each with its own lock, so
 * logins, logouts and presence of different users proceed in parallel. No lock is held while
 * writing to a connection: messages are queued per shard under its lock and written after it
 * is released (see {@link Shard}). Node-wide changes (moves, serving and standby gates, stop)
 * are serialized by one control lock and walk the shards one at a time; a move promotes every
 * standby session first and only then redirects active ones. Lock order: user store, control,
 * shard; never the store's writers under a shard lock.
 */
public final class SessionManager implements UserChangeListener {
    private static final Logger log = LoggerFactory.getLogger(SessionManager.class);

    /** Number of shards (a power of two): many more than cores, so two users rarely share a lock. */
    public static final int SHARDS = 64;

    private final UserStore users;
    private final Supplier<NodeEndpoint> peerEndpoint;
    private final Shard[] shards = new Shard[SHARDS];
    private final Object control = new Object();
    private final Map<ClientLink, Link> links = new ConcurrentHashMap<>();
    private final Map<String, PresenceUpdate> presence = new ConcurrentHashMap<>();
    private final TemporaryWatchers temporaryWatchers = new TemporaryWatchers();
    private final LiveCounts counts = new LiveCounts();
    private volatile boolean secureMode;
    private volatile PresenceRelay relay = PresenceRelay.NONE;
    private volatile String servesNobody;
    private volatile String standbyRefused;
    private volatile LoginGuard guard = LoginGuard.OPEN;
    private volatile LongConsumer loginTimer = nanos -> { };

    /** One logged-in connection: whose, and in which mode (changed under its shard's lock). */
    private static final class Link {
        final String userId;
        final Shard shard;
        volatile ConnectionMode mode;

        Link(String userId, Shard shard, ConnectionMode mode) {
            this.userId = userId;
            this.shard = shard;
            this.mode = mode;
        }
    }

    /** @param peerEndpoint where redirected clients find the peer (its address may be learnt late) */
    public SessionManager(UserStore users, Supplier<NodeEndpoint> peerEndpoint, boolean secureMode) {
        this.users = users;
        this.peerEndpoint = peerEndpoint;
        this.secureMode = secureMode;
        for (int i = 0; i < SHARDS; i++) {
            shards[i] = new Shard();
        }
        users.addListener(this);
    }

    /** Who may log in as whom (the per-user secret check); {@link LoginGuard#OPEN} until set. */
    public void setLoginGuard(LoginGuard guard) {
        this.guard = guard;
    }

    /** Secure mode for clients (TLS): when off, dual connections are not offered (§8). */
    public void setSecureMode(boolean on) {
        secureMode = on;
    }

    public boolean secureMode() {
        return secureMode;
    }

    public void setPresenceRelay(PresenceRelay relay) {
        this.relay = relay == null ? PresenceRelay.NONE : relay;
    }

    /**
     * Whether this node may serve anyone now (its SRM decides: a node that is Initializing or
     * failed over serves nobody). Closing redirects every active connection to the peer and
     * refuses ACTIVE logins with {@code why}; standby logins stay allowed.
     */
    public void setServing(boolean serving, String why) {
        if (!serving && (why == null || why.isBlank())) {
            throw new IllegalArgumentException("say why this node serves nobody");
        }
        synchronized (control) {
            servesNobody = serving ? null : why; // before the walk: logins on shards not yet walked see it
            String self = users.self();
            if (serving) {
                ServerMessage promoted = promotedMessage("this node serves again");
                for (Shard shard : shards) {
                    synchronized (shard) {
                        for (JsmSession s : new ArrayList<>(shard.sessions.values())) {
                            if (!s.active && users.find(s.userId).map(u -> u.isServedBy(self)).orElse(false)) {
                                promote(shard, s, promoted);
                            }
                        }
                    }
                    shard.flush();
                }
                return;
            }
            int redirected = 0;
            Redirect redirect = redirectTo(users.peer(), why, true);
            for (Shard shard : shards) {
                synchronized (shard) {
                    for (JsmSession s : new ArrayList<>(shard.sessions.values())) {
                        if (s.active) {
                            redirectAll(shard, s, redirect);
                            redirected++;
                        }
                    }
                }
                shard.flush();
            }
            if (redirected > 0) {
                log.info("{}: serves nobody now ({}): redirected {} active session(s)", self, why, redirected);
            }
        }
    }

    /**
     * Whether this node takes standby (inactive) connections. A node whose critical services
     * are stopped cannot hold them: they are closed as UNAVAILABLE, so clients try again later.
     */
    public void setStandbyAccepted(boolean accepted, String why) {
        if (!accepted && (why == null || why.isBlank())) {
            throw new IllegalArgumentException("say why this node takes no standby connections");
        }
        synchronized (control) {
            standbyRefused = accepted ? null : why;
            if (accepted) {
                return;
            }
            int closed = 0;
            for (Shard shard : shards) {
                synchronized (shard) {
                    for (JsmSession s : new ArrayList<>(shard.sessions.values())) {
                        if (!s.active) {
                            closeAll(shard, s, Refusal.UNAVAILABLE, why);
                            closed++;
                        }
                    }
                }
                shard.flush();
            }
            if (closed > 0) {
                log.info("{}: takes no standby connections now ({}): closed {}", users.self(), why, closed);
            }
        }
    }

    /** Users with an active session here now (the served set as clients see it). */
    public Set<String> activeUsers() {
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

    /** Told how long each login took in nanoseconds, waiting for the shard's lock included (the metrics' histogram). */
    public void setLoginTimer(LongConsumer timer) {
        loginTimer = timer;
    }

    public LoginOutcome login(ClientLink link, String userId, ConnectionMode mode) {
        return login(link, userId, "", mode);
    }

    /**
     * Logs {@code link} in as {@code userId} after the {@link LoginGuard} accepted {@code secret}.
     * One ACTIVE connection per user: a newer ACTIVE login replaces the older one, which is
     * closed with ABORTED (a client that lost its connection can always log in again; only the
     * holder of the secret can do it). When accepted, the session manager itself queues the
     * LoginAccepted message (then the roster's presence), so it precedes anything else the
     * session sends on that connection.
     */
    public LoginOutcome login(ClientLink link, String userId, String secret, ConnectionMode mode) {
        // outside any lock: the secret check may cost milliseconds (PBKDF2)
        guard.check(userId, secret);
        long t0 = System.nanoTime();
        try {
            return admit(link, userId, mode);
        } finally {
            loginTimer.accept(System.nanoTime() - t0);
        }
    }

    private LoginOutcome admit(ClientLink link, String userId, ConnectionMode mode) {
        if (links.containsKey(link)) {
            throw new SessionRefusedException(Refusal.INVALID_ARGUMENT, "this connection is already logged in");
        }
        if (mode != ConnectionMode.ACTIVE && mode != ConnectionMode.INACTIVE) {
            throw new SessionRefusedException(Refusal.INVALID_ARGUMENT, "login mode must be ACTIVE or INACTIVE");
        }
        Shard shard = shardOf(userId == null ? "" : userId);
        synchronized (shard) {
            // read under the shard's lock: a move's session changes wait for it, so they see this session
            UserRecord user = users.find(userId).orElseThrow(() ->
                    new SessionRefusedException(Refusal.NOT_FOUND, "no user '" + userId + "' in this cluster"));
            String self = users.self();
            if (user.servingNode() == null) {
                throw new SessionRefusedException(Refusal.FAILED_PRECONDITION,
                        "user '" + userId + "' is assigned to no node (assignment mode " + users.assignmentMode() + ")");
            }
            boolean servedHere = user.isServedBy(self);
            String nobody = servesNobody;
            if (mode == ConnectionMode.ACTIVE && nobody != null) {
                throw new SessionRefusedException(Refusal.FAILED_PRECONDITION, nobody);
            }
            if (mode == ConnectionMode.ACTIVE && !servedHere) {
                return new LoginOutcome.Redirected(redirectTo(user.servingNode(),
                        "user '" + userId + "' is served by " + user.servingNode() + " now", false));
            }
            if (mode == ConnectionMode.INACTIVE) {
                String refused = standbyRefused;
                if (refused != null) {
                    throw new SessionRefusedException(Refusal.UNAVAILABLE, refused);
                }
                if (!secureMode) {
                    throw new SessionRefusedException(Refusal.FAILED_PRECONDITION, "secure mode is off on " + self
                            + ": dual connections are not offered, so inactive connections are refused");
                }
                if (servedHere) {
                    throw new SessionRefusedException(Refusal.FAILED_PRECONDITION,
                            "user '" + userId + "' is served by " + self + " now: log in ACTIVE here");
                }
            }
            JsmSession session = shard.sessions.get(userId);
            if (session == null) {
                session = new JsmSession(userId, servedHere);
                shard.sessions.put(userId, session);
                counts.sessionAdded(servedHere);
            }
            if (mode == ConnectionMode.ACTIVE) {
                replaceActive(shard, session, self);
            }
            session.links.add(link);
            links.put(link, new Link(userId, shard, mode));
            counts.linkAdded(mode == ConnectionMode.ACTIVE);
            ServerMessage accepted = ServerMessage.newBuilder()
                    .setLoginAccepted(LoginAccepted.newBuilder().setNodeName(self).setMode(mode)).build();
            shard.post(() -> link.send(accepted));
            if (servedHere) {
                postRosterSnapshot(shard, session, link);
            }
        }
        shard.flush();
        return new LoginOutcome.Accepted(mode);
    }

    /** The connection ended (client closed it, or it broke). Unknown links are ignored. */
    public void logout(ClientLink link) {
        Link l = links.get(link);
        if (l == null) {
            return;
        }
        synchronized (l.shard) {
            if (!unlink(link)) {
                return; // redirected or closed meanwhile
            }
            JsmSession s = l.shard.sessions.get(l.userId);
            if (s != null) {
                s.links.remove(link);
                if (s.links.isEmpty()) {
                    endSession(l.shard, s);
                }
            }
        }
    }

    public void publish(ClientLink link, PresenceStatus status, String note) {
        Link l = activeLink(link, "publish presence");
        if (status == PresenceStatus.PRESENCE_STATUS_UNSPECIFIED || status == PresenceStatus.UNRECOGNIZED) {
            throw new SessionRefusedException(Refusal.INVALID_ARGUMENT, "a presence status is required");
        }
        PresenceUpdate update = PresenceUpdate.newBuilder().setUserId(l.userId).setStatus(status)
                .setNote(note == null ? "" : note).build();
        deliver(update);
        relay.relay(update);
    }

    /** Presence published on the peer node, for watchers served here. */
    public void applyPeerPresence(PresenceUpdate update) {
        deliver(update);
    }

    public void subscribe(ClientLink link, String target, SubscriptionKind kind) {
        Link l = activeLink(link, "subscribe");
        String watcher = l.userId;
        if (kind != SubscriptionKind.ROSTER && kind != SubscriptionKind.TEMPORARY) {
            throw new SessionRefusedException(Refusal.INVALID_ARGUMENT, "subscription kind must be ROSTER or TEMPORARY");
        }
        if (users.find(target).isEmpty() || target.equals(watcher)) {
            ServerMessage msg = dropped(target, target.equals(watcher) ? "cannot subscribe to yourself" : "no such user");
            l.shard.post(() -> link.send(msg));
            l.shard.flush();
            return;
        }
        if (kind == SubscriptionKind.TEMPORARY) {
            synchronized (l.shard) {
                JsmSession s = l.shard.sessions.get(watcher);
                if (s == null || links.get(link) != l) {
                    return; // the connection ended meanwhile
                }
                s.temporarySubscriptions.add(target);
                temporaryWatchers.add(target, watcher);
            }
        } else {
            users.setRoster(watcher, target, true); // outside our locks: the store calls back into us
        }
        PresenceUpdate known = presence.get(target);
        if (known != null) {
            ServerMessage msg = ServerMessage.newBuilder().setPresence(known).build();
            synchronized (l.shard) {
                if (links.containsKey(link)) {
                    l.shard.post(() -> link.send(msg));
                }
            }
            l.shard.flush();
        }
    }

    public void unsubscribe(ClientLink link, String target) {
        Link l = activeLink(link, "unsubscribe");
        String watcher = l.userId;
        synchronized (l.shard) {
            dropTemporary(l.shard.sessions.get(watcher), target);
        }
        if (users.rosterOf(watcher).contains(target)) {
            users.setRoster(watcher, target, false);
        }
    }

    /** The §8 counters now; never waits for a shard. */
    public SessionCounters counters() {
        return counts.snapshot();
    }

    /** The user's temporary subscriptions held here (empty without an active session). */
    public Set<String> temporarySubscriptionsOf(String userId) {
        Shard shard = shardOf(userId);
        synchronized (shard) {
            JsmSession s = shard.sessions.get(userId);
            return s == null ? Set.of() : Set.copyOf(s.temporarySubscriptions);
        }
    }

    public Optional<PresenceUpdate> presenceOf(String userId) {
        return Optional.ofNullable(presence.get(userId));
    }

    /** Ends every connection (node stopping). */
    public void disconnectAll(String reason) {
        synchronized (control) {
            for (Shard shard : shards) {
                synchronized (shard) {
                    for (JsmSession s : new ArrayList<>(shard.sessions.values())) {
                        closeAll(shard, s, Refusal.FAILED_PRECONDITION, reason);
                    }
                }
                shard.flush();
            }
        }
    }

    @Override
    public void onChange(UserChange change, UserChange.Origin origin) {
        synchronized (control) {
            if (change instanceof UserChange.Moved m) {
                followServing(m.users(), "users moved (" + m.kind() + " by " + m.byNode() + ")");
            } else if (change instanceof UserChange.Placed p) {
                followServing(p.users(), "users re-placed (assignment mode " + p.mode() + ")");
            } else if (change instanceof UserChange.Removed r) {
                Shard shard = shardOf(r.userId());
                synchronized (shard) {
                    JsmSession s = shard.sessions.get(r.userId());
                    if (s != null) {
                        closeAll(shard, s, Refusal.NOT_FOUND, "user '" + r.userId() + "' was removed");
                    }
                }
                shard.flush();
                dropTemporaryTargeting(r.userId(), "user removed");
                presence.remove(r.userId());
            }
        }
    }

    /**
     * Follows a change of serving nodes in two passes over the shards: first every standby
     * session of a user now served here is promoted (and its Promoted messages written), then
     * the active sessions of users served elsewhere now are redirected. A client that holds
     * both connections thus never waits on a redirect for a promotion this node already made.
     */
    private void followServing(List<UserRecord> changed, String reason) {
        String self = users.self();
        List<List<UserRecord>> byShard = new ArrayList<>(SHARDS);
        for (int i = 0; i < SHARDS; i++) {
            byShard.add(null);
        }
        for (UserRecord u : changed) {
            int i = indexOf(u.userId());
            if (byShard.get(i) == null) {
                byShard.set(i, new ArrayList<>());
            }
            byShard.get(i).add(u);
        }
        int promoted = 0;
        if (servesNobody == null) { // else promoted when this node may serve again
            ServerMessage promotedMsg = promotedMessage(reason);
            for (int i = 0; i < SHARDS; i++) {
                List<UserRecord> part = byShard.get(i);
                if (part == null) {
                    continue;
                }
                Shard shard = shards[i];
                synchronized (shard) {
                    for (UserRecord u : part) {
                        JsmSession s = shard.sessions.get(u.userId());
                        if (s != null && !s.active && u.isServedBy(self)) {
                            promote(shard, s, promotedMsg);
                            promoted++;
                        }
                    }
                }
                shard.flush();
            }
        }
        int redirected = 0;
        Map<String, Redirect> redirects = new HashMap<>();
        for (int i = 0; i < SHARDS; i++) {
            List<UserRecord> part = byShard.get(i);
            if (part == null) {
                continue;
            }
            Shard shard = shards[i];
            synchronized (shard) {
                for (UserRecord u : part) {
                    JsmSession s = shard.sessions.get(u.userId());
                    if (s == null) {
                        continue;
                    }
                    if (u.servingNode() == null) {
                        closeAll(shard, s, Refusal.FAILED_PRECONDITION, "user '" + u.userId() + "' is assigned to no node now");
                    } else if (!u.isServedBy(self) && s.active) {
                        Redirect r = redirects.computeIfAbsent(u.servingNode(), n -> redirectTo(n, reason, true));
                        redirectAll(shard, s, r);
                        redirected++;
                    }
                }
            }
            shard.flush();
        }
        for (UserRecord u : changed) {
            dropTemporaryTargeting(u.userId(), "watched user moved; subscribe again");
        }
        if (promoted + redirected > 0) {
            log.info("{}: {}: promoted {} standby session(s), redirected {} active session(s)",
                    self, reason, promoted, redirected);
        }
    }

    // ---- under the shard's lock ----

    private void promote(Shard shard, JsmSession s, ServerMessage promoted) {
        s.active = true;
        counts.sessionPromoted();
        for (ClientLink link : s.links) {
            Link l = links.get(link);
            if (l != null && l.mode != ConnectionMode.ACTIVE) {
                l.mode = ConnectionMode.ACTIVE;
                counts.linkPromoted();
            }
            shard.post(() -> link.send(promoted));
            postRosterSnapshot(shard, s, link);
        }
    }

    /** One ACTIVE connection per user: the older ones are closed with ABORTED (their logout is then a no-op). */
    private void replaceActive(Shard shard, JsmSession session, String self) {
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

    private void redirectAll(Shard shard, JsmSession s, Redirect redirect) {
        for (ClientLink link : s.links) {
            unlink(link);
            shard.post(() -> link.closeWithRedirect(redirect));
        }
        s.links.clear();
        endSession(shard, s);
    }

    private void closeAll(Shard shard, JsmSession s, Refusal refusal, String message) {
        for (ClientLink link : s.links) {
            unlink(link);
            shard.post(() -> link.closeWithError(refusal, message));
        }
        s.links.clear();
        endSession(shard, s);
    }

    /** Forgets the connection; false when it was gone already. */
    private boolean unlink(ClientLink link) {
        Link l = links.remove(link);
        if (l == null) {
            return false;
        }
        counts.linkRemoved(l.mode == ConnectionMode.ACTIVE);
        return true;
    }

    private void endSession(Shard shard, JsmSession s) {
        if (shard.sessions.remove(s.userId) != null) {
            counts.sessionRemoved(s.active);
        }
        for (String target : List.copyOf(s.temporarySubscriptions)) {
            dropTemporary(s, target);
        }
    }

    private void dropTemporary(JsmSession watcher, String target) {
        if (watcher == null) {
            return;
        }
        watcher.temporarySubscriptions.remove(target);
        temporaryWatchers.remove(target, watcher.userId);
    }

    /** Fresh presence of the roster, so a watcher never starts from stale state. */
    private void postRosterSnapshot(Shard shard, JsmSession s, ClientLink link) {
        for (String target : users.rosterOf(s.userId)) {
            PresenceUpdate known = presence.get(target);
            if (known != null) {
                ServerMessage msg = ServerMessage.newBuilder().setPresence(known).build();
                shard.post(() -> link.send(msg));
            }
        }
    }

    // ---- taking shard locks one at a time ----

    private void dropTemporaryTargeting(String target, String reason) {
        Set<String> watchers = temporaryWatchers.removeAll(target);
        if (watchers.isEmpty()) {
            return;
        }
        ServerMessage msg = dropped(target, reason);
        for (String w : watchers) {
            Shard shard = shardOf(w);
            synchronized (shard) {
                JsmSession s = shard.sessions.get(w);
                boolean subscribedAgain = temporaryWatchers.of(target).contains(w);
                if (s != null && !subscribedAgain) {
                    s.temporarySubscriptions.remove(target);
                    s.links.forEach(l -> shard.post(() -> l.send(msg)));
                }
            }
            shard.flush();
        }
    }

    private void deliver(PresenceUpdate update) {
        presence.put(update.getUserId(), update);
        Set<String> watchers = new HashSet<>(users.rosterWatchersOf(update.getUserId()));
        watchers.addAll(temporaryWatchers.of(update.getUserId()));
        if (watchers.isEmpty()) {
            return;
        }
        ServerMessage msg = ServerMessage.newBuilder().setPresence(update).build();
        for (String w : watchers) {
            Shard shard = shardOf(w);
            synchronized (shard) {
                JsmSession s = shard.sessions.get(w);
                if (s != null && s.active) {
                    s.links.forEach(l -> shard.post(() -> l.send(msg)));
                }
            }
            shard.flush();
        }
    }

    // ---- no lock ----

    private Link activeLink(ClientLink link, String what) {
        Link l = links.get(link);
        if (l == null) {
            throw new SessionRefusedException(Refusal.FAILED_PRECONDITION, "log in before you " + what);
        }
        if (l.mode != ConnectionMode.ACTIVE) {
            throw new SessionRefusedException(Refusal.FAILED_PRECONDITION,
                    "an inactive (standby) connection cannot " + what);
        }
        return l;
    }

    private Shard shardOf(String userId) {
        return shards[indexOf(userId)];
    }

    private static int indexOf(String userId) {
        int h = userId.hashCode();
        return (h ^ (h >>> 16)) & (SHARDS - 1);
    }

    private Redirect redirectTo(String node, String reason, boolean moved) {
        NodeEndpoint peer = peerEndpoint.get();
        Redirect.Builder r = Redirect.newBuilder().setReason(reason).setMoved(moved);
        if (peer != null && peer.name().equals(node)) {
            r.setNode(peer.toRef());
        } else {
            r.setNode(NodeRef.newBuilder().setName(node));
        }
        return r.build();
    }

    private static ServerMessage promotedMessage(String reason) {
        return ServerMessage.newBuilder().setPromoted(Promoted.newBuilder().setReason(reason)).build();
    }

    private static ServerMessage dropped(String target, String reason) {
        return ServerMessage.newBuilder()
                .setSubscriptionDropped(SubscriptionDropped.newBuilder().setTargetUserId(target).setReason(reason))
                .build();
    }
}
