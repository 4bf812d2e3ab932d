package dev.tandem.agent.presence.sessions;

import dev.tandem.agent.presence.NodeEndpoint;
import dev.tandem.agent.presence.users.UserChange;
import dev.tandem.agent.presence.users.UserChangeListener;
import dev.tandem.agent.presence.users.UserRecord;
import dev.tandem.agent.presence.users.UserStore;
import dev.tandem.proto.presence.v1.ConnectionMode;
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
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's session manager: a {@link JsmSession} per user with connections here, active for
 * users this node serves and standby for the peer's users. It follows the user store: when a
 * user's serving node changes (a move here, or one replicated from the peer) it promotes the
 * user's inactive connections or redirects its active ones. One lock guards all sessions;
 * it is never held while calling into the user store's writers (lock order: store, then here).
 */
public final class SessionManager implements UserChangeListener {
    private static final Logger log = LoggerFactory.getLogger(SessionManager.class);

    private final UserStore users;
    private final Supplier<NodeEndpoint> peerEndpoint;
    private final Map<String, JsmSession> sessions = new HashMap<>();
    private final Map<ClientLink, Link> links = new HashMap<>();
    private final Map<String, PresenceUpdate> presence = new HashMap<>();
    private final Map<String, Set<String>> temporaryWatchers = new HashMap<>();
    private volatile boolean secureMode;
    private volatile PresenceRelay relay = PresenceRelay.NONE;
    private volatile String servesNobody;
    private volatile LoginGuard guard = LoginGuard.OPEN;
    private String standbyRefused;

    private static final class Link {
        final String userId;
        ConnectionMode mode;

        Link(String userId, ConnectionMode mode) {
            this.userId = userId;
            this.mode = mode;
        }
    }

    /** @param peerEndpoint where redirected clients find the peer (its address may be learnt late) */
    private volatile java.util.function.LongConsumer loginTimer = nanos -> { };

    public SessionManager(UserStore users, Supplier<NodeEndpoint> peerEndpoint, boolean secureMode) {
        this.users = users;
        this.peerEndpoint = peerEndpoint;
        this.secureMode = secureMode;
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
    public synchronized void setServing(boolean serving, String why) {
        if (!serving && (why == null || why.isBlank())) {
            throw new IllegalArgumentException("say why this node serves nobody");
        }
        servesNobody = serving ? null : why;
        if (serving) {
            for (JsmSession s : new ArrayList<>(sessions.values())) {
                if (!s.active && users.find(s.userId).map(u -> u.isServedBy(users.self())).orElse(false)) {
                    promote(s, "this node serves again");
                }
            }
            return;
        }
        int redirected = 0;
        for (JsmSession s : new ArrayList<>(sessions.values())) {
            if (s.active) {
                redirectAll(s, users.peer(), why);
                redirected++;
            }
        }
        if (redirected > 0) {
            log.info("{}: serves nobody now ({}): redirected {} active session(s)", users.self(), why, redirected);
        }
    }

    /**
     * Whether this node takes standby (inactive) connections. A node whose critical services
     * are stopped cannot hold them: they are closed as UNAVAILABLE, so clients try again later.
     */
    public synchronized void setStandbyAccepted(boolean accepted, String why) {
        if (!accepted && (why == null || why.isBlank())) {
            throw new IllegalArgumentException("say why this node takes no standby connections");
        }
        standbyRefused = accepted ? null : why;
        if (accepted) {
            return;
        }
        int closed = 0;
        for (JsmSession s : new ArrayList<>(sessions.values())) {
            if (!s.active) {
                closeAll(s, Refusal.UNAVAILABLE, why);
                closed++;
            }
        }
        if (closed > 0) {
            log.info("{}: takes no standby connections now ({}): closed {}", users.self(), why, closed);
        }
    }

    /** Users with an active session here now (the served set as clients see it). */
    public synchronized Set<String> activeUsers() {
        Set<String> out = new HashSet<>();
        sessions.values().forEach(s -> {
            if (s.active) {
                out.add(s.userId);
            }
        });
        return out;
    }

    /** Told how long each login took in nanoseconds, waiting for the lock included (the metrics' histogram). */
    public void setLoginTimer(java.util.function.LongConsumer timer) {
        loginTimer = timer;
    }

    public LoginOutcome login(ClientLink link, String userId, ConnectionMode mode) {
        return login(link, userId, "", mode);
    }

    /**
     * Logs {@code link} in as {@code userId} after the {@link LoginGuard} accepted {@code secret}.
     * One ACTIVE connection per user: a newer ACTIVE login replaces the older one, which is
     * closed with ABORTED (a client that lost its connection can always log in again; only the
     * holder of the secret can do it).
     */
    public LoginOutcome login(ClientLink link, String userId, String secret, ConnectionMode mode) {
        // outside the lock: the secret check may cost milliseconds (PBKDF2)
        guard.check(userId, secret);
        long t0 = System.nanoTime();
        try {
            return admit(link, userId, mode);
        } finally {
            loginTimer.accept(System.nanoTime() - t0);
        }
    }

    private synchronized LoginOutcome admit(ClientLink link, String userId, ConnectionMode mode) {
        if (links.containsKey(link)) {
            throw new SessionRefusedException(Refusal.INVALID_ARGUMENT, "this connection is already logged in");
        }
        if (mode != ConnectionMode.ACTIVE && mode != ConnectionMode.INACTIVE) {
            throw new SessionRefusedException(Refusal.INVALID_ARGUMENT, "login mode must be ACTIVE or INACTIVE");
        }
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
            if (standbyRefused != null) {
                throw new SessionRefusedException(Refusal.UNAVAILABLE, standbyRefused);
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
        JsmSession session = sessions.computeIfAbsent(userId, u -> new JsmSession(u, servedHere));
        if (mode == ConnectionMode.ACTIVE) {
            for (ClientLink old : List.copyOf(session.links)) {
                Link l = links.get(old);
                if (l != null && l.mode == ConnectionMode.ACTIVE) {
                    links.remove(old);
                    session.links.remove(old);
                    log.info("{}: a newer ACTIVE login of '{}' replaces its older connection", self, userId);
                    old.closeWithError(Refusal.ABORTED, "replaced by a newer ACTIVE login of user '" + userId + "'");
                }
            }
        }
        session.links.add(link);
        links.put(link, new Link(userId, mode));
        if (servedHere) {
            sendRosterSnapshot(session, link);
        }
        return new LoginOutcome.Accepted(mode);
    }

    /** The connection ended (client closed it, or it broke). Unknown links are ignored. */
    public synchronized void logout(ClientLink link) {
        Link l = links.remove(link);
        if (l == null) {
            return;
        }
        JsmSession s = sessions.get(l.userId);
        if (s != null) {
            s.links.remove(link);
            if (s.links.isEmpty()) {
                endSession(s, "session ended");
            }
        }
    }

    public void publish(ClientLink link, PresenceStatus status, String note) {
        PresenceUpdate update;
        synchronized (this) {
            Link l = activeLink(link, "publish presence");
            if (status == PresenceStatus.PRESENCE_STATUS_UNSPECIFIED || status == PresenceStatus.UNRECOGNIZED) {
                throw new SessionRefusedException(Refusal.INVALID_ARGUMENT, "a presence status is required");
            }
            update = PresenceUpdate.newBuilder().setUserId(l.userId).setStatus(status)
                    .setNote(note == null ? "" : note).build();
            deliver(update);
        }
        relay.relay(update);
    }

    /** Presence published on the peer node, for watchers served here. */
    public synchronized void applyPeerPresence(PresenceUpdate update) {
        deliver(update);
    }

    public void subscribe(ClientLink link, String target, SubscriptionKind kind) {
        String watcher;
        synchronized (this) {
            watcher = activeLink(link, "subscribe").userId;
            if (kind != SubscriptionKind.ROSTER && kind != SubscriptionKind.TEMPORARY) {
                throw new SessionRefusedException(Refusal.INVALID_ARGUMENT, "subscription kind must be ROSTER or TEMPORARY");
            }
            if (users.find(target).isEmpty() || target.equals(watcher)) {
                link.send(dropped(target, target.equals(watcher) ? "cannot subscribe to yourself" : "no such user"));
                return;
            }
            if (kind == SubscriptionKind.TEMPORARY) {
                sessions.get(watcher).temporarySubscriptions.add(target);
                temporaryWatchers.computeIfAbsent(target, t -> new HashSet<>()).add(watcher);
            }
        }
        if (kind == SubscriptionKind.ROSTER) {
            users.setRoster(watcher, target, true); // outside our lock: the store calls back into us
        }
        synchronized (this) {
            PresenceUpdate known = presence.get(target);
            if (known != null && links.containsKey(link)) {
                link.send(ServerMessage.newBuilder().setPresence(known).build());
            }
        }
    }

    public void unsubscribe(ClientLink link, String target) {
        String watcher;
        synchronized (this) {
            watcher = activeLink(link, "unsubscribe").userId;
            dropTemporary(sessions.get(watcher), target);
        }
        if (users.rosterOf(watcher).contains(target)) {
            users.setRoster(watcher, target, false);
        }
    }

    public synchronized SessionCounters counters() {
        long active = 0;
        long standby = 0;
        long activeLinks = 0;
        long inactiveLinks = 0;
        for (JsmSession s : sessions.values()) {
            if (s.active) {
                active++;
            } else {
                standby++;
            }
        }
        for (Link l : links.values()) {
            if (l.mode == ConnectionMode.ACTIVE) {
                activeLinks++;
            } else {
                inactiveLinks++;
            }
        }
        return new SessionCounters(active, standby, activeLinks, inactiveLinks, active + standby);
    }

    /** The user's temporary subscriptions held here (empty without an active session). */
    public synchronized Set<String> temporarySubscriptionsOf(String userId) {
        JsmSession s = sessions.get(userId);
        return s == null ? Set.of() : Set.copyOf(s.temporarySubscriptions);
    }

    public synchronized Optional<PresenceUpdate> presenceOf(String userId) {
        return Optional.ofNullable(presence.get(userId));
    }

    /** Ends every connection (node stopping). */
    public synchronized void disconnectAll(String reason) {
        for (JsmSession s : new ArrayList<>(sessions.values())) {
            for (ClientLink link : List.copyOf(s.links)) {
                links.remove(link);
                link.closeWithError(Refusal.FAILED_PRECONDITION, reason);
            }
            s.links.clear();
            endSession(s, reason);
        }
    }

    @Override
    public synchronized void onChange(UserChange change, UserChange.Origin origin) {
        if (change instanceof UserChange.Moved m) {
            followServing(m.users(), "users moved (" + m.kind() + " by " + m.byNode() + ")");
        } else if (change instanceof UserChange.Placed p) {
            followServing(p.users(), "users re-placed (assignment mode " + p.mode() + ")");
        } else if (change instanceof UserChange.Removed r) {
            JsmSession s = sessions.get(r.userId());
            if (s != null) {
                closeAll(s, Refusal.NOT_FOUND, "user '" + r.userId() + "' was removed");
            }
            dropTemporaryTargeting(r.userId(), "user removed");
            presence.remove(r.userId());
        }
    }

    private void followServing(List<UserRecord> changed, String reason) {
        String self = users.self();
        int promoted = 0;
        int redirected = 0;
        for (UserRecord u : changed) {
            JsmSession s = sessions.get(u.userId());
            if (s != null) {
                if (u.isServedBy(self) && !s.active) {
                    if (servesNobody == null) { // else promoted when this node may serve again
                        promote(s, reason);
                        promoted++;
                    }
                } else if (!u.isServedBy(self) && s.active) {
                    redirectAll(s, u.servingNode(), reason);
                    redirected++;
                } else if (u.servingNode() == null) {
                    closeAll(s, Refusal.FAILED_PRECONDITION, "user '" + u.userId() + "' is assigned to no node now");
                }
            }
            dropTemporaryTargeting(u.userId(), "watched user moved; subscribe again");
        }
        if (promoted + redirected > 0) {
            log.info("{}: {}: promoted {} standby session(s), redirected {} active session(s)",
                    self, reason, promoted, redirected);
        }
    }

    private void promote(JsmSession s, String reason) {
        s.active = true;
        ServerMessage msg = ServerMessage.newBuilder().setPromoted(Promoted.newBuilder().setReason(reason)).build();
        for (ClientLink link : s.links) {
            links.get(link).mode = ConnectionMode.ACTIVE;
            link.send(msg);
            sendRosterSnapshot(s, link);
        }
    }

    private void redirectAll(JsmSession s, String servingNode, String reason) {
        if (servingNode == null) {
            closeAll(s, Refusal.FAILED_PRECONDITION, "user '" + s.userId + "' is assigned to no node now");
            return;
        }
        Redirect redirect = redirectTo(servingNode, reason, true);
        for (ClientLink link : s.links) {
            links.remove(link);
            link.closeWithRedirect(redirect);
        }
        s.links.clear();
        endSession(s, reason);
    }

    private void closeAll(JsmSession s, Refusal refusal, String message) {
        for (ClientLink link : s.links) {
            links.remove(link);
            link.closeWithError(refusal, message);
        }
        s.links.clear();
        endSession(s, message);
    }

    private void endSession(JsmSession s, String reason) {
        sessions.remove(s.userId);
        for (String target : List.copyOf(s.temporarySubscriptions)) {
            dropTemporary(s, target);
        }
    }

    private void dropTemporary(JsmSession watcher, String target) {
        if (watcher == null) {
            return;
        }
        watcher.temporarySubscriptions.remove(target);
        Set<String> w = temporaryWatchers.get(target);
        if (w != null) {
            w.remove(watcher.userId);
            if (w.isEmpty()) {
                temporaryWatchers.remove(target);
            }
        }
    }

    private void dropTemporaryTargeting(String target, String reason) {
        Set<String> watchers = temporaryWatchers.remove(target);
        if (watchers == null) {
            return;
        }
        for (String w : watchers) {
            JsmSession s = sessions.get(w);
            if (s != null) {
                s.temporarySubscriptions.remove(target);
                s.links.forEach(l -> l.send(dropped(target, reason)));
            }
        }
    }

    private void deliver(PresenceUpdate update) {
        presence.put(update.getUserId(), update);
        ServerMessage msg = ServerMessage.newBuilder().setPresence(update).build();
        Set<String> watchers = new HashSet<>(users.rosterWatchersOf(update.getUserId()));
        watchers.addAll(temporaryWatchers.getOrDefault(update.getUserId(), Set.of()));
        for (String w : watchers) {
            JsmSession s = sessions.get(w);
            if (s != null && s.active) {
                s.links.forEach(l -> l.send(msg));
            }
        }
    }

    /** Fresh presence of the roster, so a watcher never starts from stale state. */
    private void sendRosterSnapshot(JsmSession s, ClientLink link) {
        for (String target : users.rosterOf(s.userId)) {
            PresenceUpdate known = presence.get(target);
            if (known != null) {
                link.send(ServerMessage.newBuilder().setPresence(known).build());
            }
        }
    }

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

    private Redirect redirectTo(String node, String reason, boolean moved) {
        NodeEndpoint peer = peerEndpoint.get();
        Redirect.Builder r = Redirect.newBuilder().setReason(reason).setMoved(moved);
        if (peer != null && peer.name().equals(node)) {
            r.setNode(peer.toRef());
        } else {
            r.setNode(dev.tandem.proto.presence.v1.NodeRef.newBuilder().setName(node));
        }
        return r.build();
    }

    private static ServerMessage dropped(String target, String reason) {
        return ServerMessage.newBuilder()
                .setSubscriptionDropped(SubscriptionDropped.newBuilder().setTargetUserId(target).setReason(reason))
                .build();
    }
}
