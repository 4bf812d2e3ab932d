package dev.tandem.agent.presence.sessions;

import dev.tandem.agent.presence.NodeEndpoint;
import dev.tandem.agent.presence.users.UserChange;
import dev.tandem.agent.presence.users.UserChangeListener;
import dev.tandem.agent.presence.users.UserRecord;
import dev.tandem.agent.presence.users.UserStore;
import dev.tandem.proto.presence.v1.ConnectionMode;
import dev.tandem.proto.presence.v1.LoginAccepted;
import dev.tandem.proto.presence.v1.PresenceStatus;
import dev.tandem.proto.presence.v1.PresenceUpdate;
import dev.tandem.proto.presence.v1.ServerMessage;
import dev.tandem.proto.presence.v1.SubscriptionKind;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

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
 * standby session first and only then redirects active ones ({@link ServingFollower}). Lock
 * order: user store, control, shard; never the store's writers under a shard lock. The parts:
 * {@link SessionTable} (sessions, connections, counters), {@link Watching} (subscriptions and
 * presence), {@link PresenceFanout} (messages to watchers), {@link Messages}.
 */
public final class SessionManager implements UserChangeListener {
    /** Number of shards (a power of two): many more than cores, so two users rarely share a lock. */
    public static final int SHARDS = 64;

    private final UserStore users;
    private final Messages messages;
    private final Watching watching;
    private final SessionTable table;
    private final PresenceFanout fanout;
    private final ServingFollower follower;
    private volatile boolean secureMode;
    private volatile PresenceRelay relay = PresenceRelay.NONE;
    private volatile Supplier<String> activeLoginGuard = () -> null;
    private volatile LoginGuard guard = LoginGuard.OPEN;
    private volatile LongConsumer loginTimer = nanos -> { };

    /** @param peerEndpoint where redirected clients find the peer (its address may be learnt late) */
    public SessionManager(UserStore users, Supplier<NodeEndpoint> peerEndpoint, boolean secureMode) {
        this.users = users;
        this.secureMode = secureMode;
        this.messages = new Messages(peerEndpoint);
        this.watching = new Watching(users);
        this.table = new SessionTable(watching);
        this.fanout = new PresenceFanout(table, watching);
        this.follower = new ServingFollower(users, table, fanout, watching, messages);
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
     * A last check before an ACTIVE login: null allows it, else the reason to refuse it
     * (UNAVAILABLE: the client tries again later). The self-fence after a pause uses it: it must
     * hold even before the SRM thread has run after a resume.
     */
    public void setActiveLoginGuard(Supplier<String> guard) {
        activeLoginGuard = guard == null ? () -> null : guard;
    }

    /**
     * Whether this node may serve anyone now (its SRM decides: a node that is Initializing or
     * failed over serves nobody). Closing redirects every active connection to the peer and
     * refuses ACTIVE logins with {@code why}; standby logins stay allowed.
     */
    public void setServing(boolean serving, String why) {
        setServing(serving, why, false);
    }

    /**
     * As {@link #setServing(boolean, String)}; {@code peerPromoted}: the peer runs in backup mode
     * (it took over and promoted the standbys of the users it serves), so their redirects say
     * promoted_there (presence.proto).
     */
    public void setServing(boolean serving, String why, boolean peerPromoted) {
        if (!serving && (why == null || why.isBlank())) {
            throw new IllegalArgumentException("say why this node serves nobody");
        }
        follower.setServing(serving, why, peerPromoted);
    }

    /**
     * Whether this node takes standby (inactive) connections. A node whose critical services
     * are stopped cannot hold them: they are closed as UNAVAILABLE, so clients try again later.
     */
    public void setStandbyAccepted(boolean accepted, String why) {
        if (!accepted && (why == null || why.isBlank())) {
            throw new IllegalArgumentException("say why this node takes no standby connections");
        }
        follower.setStandbyAccepted(accepted, why);
    }

    /** Users with an active session here now (the served set as clients see it). */
    public Set<String> activeUsers() {
        return table.activeUsers();
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
        if (table.isLoggedIn(link)) {
            throw new SessionRefusedException(Refusal.INVALID_ARGUMENT, "this connection is already logged in");
        }
        if (mode != ConnectionMode.ACTIVE && mode != ConnectionMode.INACTIVE) {
            throw new SessionRefusedException(Refusal.INVALID_ARGUMENT, "login mode must be ACTIVE or INACTIVE");
        }
        Shard shard = table.shardOf(userId == null ? "" : userId);
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
            if (mode == ConnectionMode.ACTIVE) {
                LoginOutcome elsewhere = checkActive(user, self, servedHere);
                if (elsewhere != null) {
                    return elsewhere;
                }
            } else {
                checkStandby(userId, self, servedHere);
            }
            JsmSession session = table.sessionFor(shard, userId, servedHere);
            if (mode == ConnectionMode.ACTIVE) {
                table.replaceActive(shard, session, self);
            }
            table.addLink(shard, session, link, mode);
            ServerMessage accepted = ServerMessage.newBuilder()
                    .setLoginAccepted(LoginAccepted.newBuilder().setNodeName(self).setMode(mode)).build();
            shard.post(() -> link.send(accepted));
            if (servedHere) {
                watching.postRosterSnapshot(shard, session, link);
            }
        }
        shard.flush();
        return new LoginOutcome.Accepted(mode);
    }

    /** Refuses an ACTIVE login this node may not take now; a redirect when the peer serves the user. */
    private LoginOutcome checkActive(UserRecord user, String self, boolean servedHere) {
        String nobody = follower.servesNobody();
        if (nobody != null) {
            throw new SessionRefusedException(Refusal.FAILED_PRECONDITION, nobody);
        }
        String fenced = activeLoginGuard.get();
        if (fenced != null) {
            throw new SessionRefusedException(Refusal.UNAVAILABLE, fenced);
        }
        if (!servedHere) {
            return new LoginOutcome.Redirected(messages.redirectTo(user.servingNode(),
                    "user '" + user.userId() + "' is served by " + user.servingNode() + " now", false));
        }
        return null;
    }

    /** Refuses a standby (INACTIVE) login this node may not hold now. */
    private void checkStandby(String userId, String self, boolean servedHere) {
        String refused = follower.standbyRefused();
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

    /** The connection ended (client closed it, or it broke). Unknown links are ignored. */
    public void logout(ClientLink link) {
        SessionTable.Link l = table.linkOf(link);
        if (l == null) {
            return;
        }
        synchronized (l.shard) {
            if (!table.unlink(link)) {
                return; // redirected or closed meanwhile
            }
            JsmSession s = l.shard.sessions.get(l.userId);
            if (s != null) {
                s.links.remove(link);
                if (s.links.isEmpty()) {
                    table.endSession(l.shard, s);
                }
            }
        }
    }

    public void publish(ClientLink link, PresenceStatus status, String note) {
        SessionTable.Link l = activeLink(link, "publish presence");
        if (status == PresenceStatus.PRESENCE_STATUS_UNSPECIFIED || status == PresenceStatus.UNRECOGNIZED) {
            throw new SessionRefusedException(Refusal.INVALID_ARGUMENT, "a presence status is required");
        }
        PresenceUpdate update = PresenceUpdate.newBuilder().setUserId(l.userId).setStatus(status)
                .setNote(note == null ? "" : note).build();
        fanout.deliver(update);
        relay.relay(update);
    }

    /** Presence published on the peer node, for watchers served here. */
    public void applyPeerPresence(PresenceUpdate update) {
        fanout.deliver(update);
    }

    public void subscribe(ClientLink link, String target, SubscriptionKind kind) {
        SessionTable.Link l = activeLink(link, "subscribe");
        String watcher = l.userId;
        if (kind != SubscriptionKind.ROSTER && kind != SubscriptionKind.TEMPORARY) {
            throw new SessionRefusedException(Refusal.INVALID_ARGUMENT, "subscription kind must be ROSTER or TEMPORARY");
        }
        if (users.find(target).isEmpty() || target.equals(watcher)) {
            ServerMessage msg = Messages.dropped(target,
                    target.equals(watcher) ? "cannot subscribe to yourself" : "no such user");
            l.shard.post(() -> link.send(msg));
            l.shard.flush();
            return;
        }
        if (kind == SubscriptionKind.TEMPORARY) {
            synchronized (l.shard) {
                JsmSession s = l.shard.sessions.get(watcher);
                if (s == null || table.linkOf(link) != l) {
                    return; // the connection ended meanwhile
                }
                watching.addTemporary(s, target);
            }
        } else {
            users.setRoster(watcher, target, true); // outside our locks: the store calls back into us
        }
        Optional<PresenceUpdate> known = watching.presenceOf(target);
        if (known.isPresent()) {
            ServerMessage msg = Messages.presence(known.get());
            synchronized (l.shard) {
                if (table.isLoggedIn(link)) {
                    l.shard.post(() -> link.send(msg));
                }
            }
            l.shard.flush();
        }
    }

    public void unsubscribe(ClientLink link, String target) {
        SessionTable.Link l = activeLink(link, "unsubscribe");
        String watcher = l.userId;
        synchronized (l.shard) {
            watching.dropTemporary(l.shard.sessions.get(watcher), target);
        }
        if (users.rosterOf(watcher).contains(target)) {
            users.setRoster(watcher, target, false);
        }
    }

    /** The §8 counters now; never waits for a shard. */
    public SessionCounters counters() {
        return table.counters();
    }

    /** The user's temporary subscriptions held here (empty without an active session). */
    public Set<String> temporarySubscriptionsOf(String userId) {
        Shard shard = table.shardOf(userId);
        synchronized (shard) {
            JsmSession s = shard.sessions.get(userId);
            return s == null ? Set.of() : Set.copyOf(s.temporarySubscriptions);
        }
    }

    public Optional<PresenceUpdate> presenceOf(String userId) {
        return watching.presenceOf(userId);
    }

    /** Ends every connection (node stopping). */
    public void disconnectAll(String reason) {
        follower.disconnectAll(reason);
    }

    /** When this node's own moves redirect their clients; {@link HandOff#AT_ONCE} until set. */
    public void setHandOff(HandOff handOff) {
        follower.setHandOff(handOff == null ? HandOff.AT_ONCE : handOff);
    }

    @Override
    public void onChange(UserChange change, UserChange.Origin origin) {
        follower.follow(change, origin);
    }

    private SessionTable.Link activeLink(ClientLink link, String what) {
        SessionTable.Link l = table.linkOf(link);
        if (l == null) {
            throw new SessionRefusedException(Refusal.FAILED_PRECONDITION, "log in before you " + what);
        }
        if (l.mode != ConnectionMode.ACTIVE) {
            throw new SessionRefusedException(Refusal.FAILED_PRECONDITION,
                    "an inactive (standby) connection cannot " + what);
        }
        return l;
    }
}
