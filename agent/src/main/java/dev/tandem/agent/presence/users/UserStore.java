package dev.tandem.agent.presence.users;

import dev.tandem.agent.presence.GroupNodes;
import dev.tandem.agent.srm.MoveKind;
import dev.tandem.agent.presence.store.PresenceStore;
import dev.tandem.agent.presence.store.RosterEntry;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The users of the group as one node sees them: home node, serving node, roster. Writes go
 * to the database first (one transaction each) and only then to memory and the listeners,
 * so a failed write changes nothing. Reads are lock-free.
 */
public final class UserStore {
    private static final Logger log = LoggerFactory.getLogger(UserStore.class);

    private final String self;
    private final GroupNodes nodes;
    private final PresenceStore db;
    private final UserRecords users = new UserRecords();
    private final RosterIndex roster = new RosterIndex();
    private final SecretHashes secrets = new SecretHashes();
    private final UserChangeListeners listeners;
    private String lastMoveBreakdown = "";
    private volatile UserAssignmentMode mode;
    private volatile String addRefusal;
    /**
     * The highest version written or seen here, of a record or a removal (a Lamport clock over
     * both nodes' writes; a removal is a write).
     * A local write stamps its records with the next version of this node's parity (the group's
     * first node even, the second odd), so the two nodes never stamp the same version and a
     * replicated record is applied only over an older one: two moves of one user that cross on
     * the peer link end in the same record on both nodes (before, each node kept the one it
     * received last, and the stores ended swapped).
     */
    private volatile long clock;
    private final int parity;
    /**
     * Removals kept with their version (issue 11): a replicated or fetched record older than the
     * removal is not applied, and the removal's version counts in {@link #clock}. A user has a
     * record or a tombstone, never both: a newer write clears the tombstone.
     */
    private final Tombstones tombstones;

    /** Tombstones a store keeps by default: the newest 10,000 removals (see {@link Tombstones}). */
    public static final int MAX_TOMBSTONES = 10_000;

    private UserStore(String self, GroupNodes nodes, PresenceStore db, int maxTombstones) {
        if (!nodes.contains(self)) {
            throw new IllegalArgumentException("node " + self + " is not in the group " + nodes);
        }
        this.self = self;
        this.nodes = nodes;
        this.db = db;
        this.parity = nodes.first().equals(self) ? 0 : 1;
        this.tombstones = new Tombstones(maxTombstones);
        this.listeners = new UserChangeListeners(self);
    }

    /** Loads the users, roster and assignment mode written before (BALANCED when none). */
    public static UserStore open(String self, GroupNodes nodes, PresenceStore db) throws SQLException {
        return open(self, nodes, db, MAX_TOMBSTONES);
    }

    /** As {@link #open(String, GroupNodes, PresenceStore)}, keeping at most {@code maxTombstones} removals. */
    public static UserStore open(String self, GroupNodes nodes, PresenceStore db, int maxTombstones) throws SQLException {
        UserStore store = new UserStore(self, nodes, db, maxTombstones);
        store.mode = db.loadMode().orElse(UserAssignmentMode.BALANCED);
        for (UserRecord u : db.loadUsers()) {
            store.put(u);
        }
        store.tombstones.load(db.loadTombstones());
        store.clock = Math.max(store.clock, store.tombstones.newest());
        // every roster entry and secret names a user of the store: the digest's extras and a
        // snapshot then cover the same entries (else the two nodes would resync without end)
        int orphans = db.dropOrphans();
        if (orphans > 0) {
            log.info("{}: dropped {} roster entries and secrets of users the store does not have", self, orphans);
        }
        for (RosterEntry e : db.loadRoster()) {
            store.roster.set(e, true);
        }
        store.secrets.putAll(db.loadSecrets());
        log.info("{}: loaded {} users, assignment mode {}", self, store.users.size(), store.mode);
        return store;
    }

    public String self() {
        return self;
    }

    public GroupNodes nodes() {
        return nodes;
    }

    public String peer() {
        return nodes.peerOf(self);
    }

    public void addListener(UserChangeListener listener) {
        listeners.add(listener);
    }

    /** Told before the listeners added so far (replication queues a move before the sessions follow it). */
    public void addListenerFirst(UserChangeListener listener) {
        listeners.addFirst(listener);
    }

    public void removeListener(UserChangeListener listener) {
        listeners.remove(listener);
    }

    public Optional<UserRecord> find(String userId) {
        return Optional.ofNullable(userId == null ? null : users.get(userId));
    }

    /** Changes with every change of a user record; equal values mean {@link #all()} is unchanged. */
    public long version() {
        return users.version();
    }

    public List<UserRecord> all() {
        return List.copyOf(users.values());
    }

    public int size() {
        return users.size();
    }

    public UserAssignmentMode assignmentMode() {
        return mode;
    }

    public Set<String> rosterOf(String watcher) {
        return roster.targetsOf(watcher);
    }

    public Set<String> rosterWatchersOf(String target) {
        return roster.watchersOf(target);
    }

    /** Opens or closes the gate for adding users; {@code why} is the message a refused add
     * carries (for example "node-a is Failing Over: no user can be added during failover"). */
    public void setAddUsersAllowed(boolean allowed, String why) {
        if (!allowed && (why == null || why.isBlank())) {
            throw new IllegalArgumentException("say why adding users is refused");
        }
        addRefusal = allowed ? null : why;
        log.info("{}: adding users {}", self, allowed ? "allowed" : "refused: " + why);
    }

    public boolean addUsersAllowed() {
        return addRefusal == null;
    }

    public UserRecord addUser(String userId) {
        return addUsers(List.of(userId)).get(0);
    }

    /** Adds users in one transaction: all of them, or none when any id is bad or taken. */
    public synchronized List<UserRecord> addUsers(Collection<String> userIds) {
        String refusal = addRefusal;
        if (refusal != null) {
            throw new UserChangeRefusedException("cannot add users now: " + refusal);
        }
        Set<String> unique = new LinkedHashSet<>();
        for (String id : userIds) {
            UserIds.check(id);
            if (users.contains(id) || !unique.add(id)) {
                throw new InvalidUserException("user '" + id + "' already exists");
            }
        }
        Map<String, Integer> counts = users.homeCounts();
        List<UserRecord> added = new ArrayList<>();
        long v = nextVersion();
        for (String id : unique) {
            String home = Placement.homeForNewUser(mode, nodes, counts);
            if (home != null) {
                counts.merge(home, 1, Integer::sum);
            }
            added.add(new UserRecord(id, home, home, v));
        }
        Tombstones.Plan untomb = tombstones.plan(Map.of(), unique); // added after their removal
        write(() -> db.upsertUsers(added, tombstoned(untomb)), "add " + added.size() + " user(s)");
        tombstones.apply(untomb);
        added.forEach(this::put);
        listeners.fire(new UserChange.Added(added), UserChange.Origin.LOCAL);
        return added;
    }

    /** The stored hash of the user's login secret, if one was set. */
    public Optional<String> secretHash(String userId) {
        return Optional.ofNullable(secrets.get(userId));
    }

    /** Sets the login secret of an existing user as its hash (SecretHasher form); replicated to the peer. */
    public synchronized void setSecretHash(String userId, String hash) {
        UserIds.check(userId);
        if (!users.contains(userId)) {
            throw new InvalidUserException("no user '" + userId + "'");
        }
        write(() -> db.setSecret(userId, hash), "set the secret of " + userId);
        secrets.put(userId, hash);
        listeners.fire(new UserChange.SecretSet(userId, hash), UserChange.Origin.LOCAL);
    }

    public synchronized void removeUser(String userId) {
        UserIds.check(userId);
        if (!users.contains(userId)) {
            throw new InvalidUserException("no user '" + userId + "'");
        }
        long v = nextVersion(); // a removal is a write: the newest, so it wins over what the peer missed
        Tombstones.Plan tomb = tombstones.plan(Map.of(userId, v), List.of());
        write(() -> db.deleteUser(userId, tombstoned(tomb)), "remove user " + userId);
        forget(userId);
        tombstones.apply(tomb);
        listeners.fire(new UserChange.Removed(userId, v), UserChange.Origin.LOCAL);
    }

    /** The removals this store keeps: user id to the removal's version. */
    public synchronized Map<String, Long> tombstones() {
        return tombstones.copy();
    }

    private static PresenceStore.Tombstoned tombstoned(Tombstones.Plan p) {
        return p.isEmpty() ? PresenceStore.Tombstoned.NONE : new PresenceStore.Tombstoned(p.set(), p.cleared());
    }

    /**
     * Sets the assignment mode and re-places every user; each user is then served by its
     * (new) home node. Refused while adding users is refused: re-placing users during a
     * failover would fight the SRM's moves.
     */
    public synchronized List<UserRecord> setAssignmentMode(UserAssignmentMode newMode) {
        if (newMode == null) {
            throw new IllegalArgumentException("an assignment mode is required (BALANCED, ACTIVE_STANDBY or NONE)");
        }
        String refusal = addRefusal;
        if (refusal != null) {
            throw new UserChangeRefusedException("cannot re-place users now: " + refusal);
        }
        Map<String, String> homes = new HashMap<>();
        users.values().forEach(u -> homes.put(u.userId(), u.homeNode()));
        Map<String, String> placed = Placement.place(newMode, nodes, homes);
        List<UserRecord> changed = new ArrayList<>();
        long v = nextVersion();
        for (UserRecord u : users.values()) {
            String home = placed.get(u.userId());
            if (!Objects.equals(home, u.homeNode()) || !Objects.equals(home, u.servingNode())) {
                changed.add(new UserRecord(u.userId(), home, home, v));
            }
        }
        write(() -> db.placeUsers(newMode, changed), "set assignment mode " + newMode);
        mode = newMode;
        changed.forEach(this::put);
        log.info("{}: assignment mode {} re-placed {} user(s)", self, newMode, changed.size());
        listeners.fire(new UserChange.Placed(newMode, changed), UserChange.Origin.LOCAL);
        return changed;
    }

    /**
     * Changes the serving node of the users {@code which} selects, in one transaction with a
     * move record. On failure nothing changes and the SQL error is thrown.
     */
    public synchronized List<UserRecord> move(MoveKind kind, Predicate<UserRecord> which,
                                              Function<UserRecord, String> newServing) throws SQLException {
        long t0 = System.nanoTime();
        long cpu0 = Millis.threadCpuNanos();
        List<UserRecord> moved = new ArrayList<>();
        for (UserRecord u : users.values()) {
            if (which.test(u)) {
                String target = newServing.apply(u);
                if (!Objects.equals(target, u.servingNode())) {
                    moved.add(u.servedBy(target));
                }
            }
        }
        if (!moved.isEmpty()) { // a move of nobody writes no record: the clock stays
            long v = nextVersion();
            moved.replaceAll(u -> u.withVersion(v));
        }
        String toNode = moved.isEmpty() ? null : moved.get(0).servingNode();
        long t1 = System.nanoTime();
        db.recordMove(self, kind, toNode, moved);
        long t2 = System.nanoTime();
        moved.forEach(this::put);
        long t3 = System.nanoTime();
        String heard = listeners.fireTimed(new UserChange.Moved(kind, self, moved));
        // the thread's CPU time beside the wall times: on a loaded machine the wall time is mostly waiting for a core
        lastMoveBreakdown = "select " + Millis.of(t1 - t0) + ", store write " + Millis.of(t2 - t1) + ", memory " + Millis.of(t3 - t2)
                + ", listeners " + heard + "; CPU of the moving thread " + Millis.of(Millis.threadCpuNanos() - cpu0);
        return moved;
    }

    /**
     * Where the last {@link #move} spent its time (selection, durable write, memory, each
     * listener), for the move's log line: the live takeover's move was seen to take ten times
     * the store's part, and this says which part.
     */
    public synchronized String lastMoveBreakdown() {
        return lastMoveBreakdown;
    }

    /** Adds or removes a persistent (roster) subscription. */
    public synchronized void setRoster(String watcher, String target, boolean present) {
        UserIds.check(watcher);
        UserIds.check(target);
        if (!users.contains(watcher) || !users.contains(target)) {
            throw new InvalidUserException("no user '" + (users.contains(watcher) ? target : watcher) + "'");
        }
        if (watcher.equals(target)) {
            throw new InvalidUserException("user '" + watcher + "' cannot subscribe to itself");
        }
        RosterEntry entry = new RosterEntry(watcher, target);
        if (roster.contains(entry) == present) {
            return;
        }
        write(() -> db.setRoster(entry, present), "roster change");
        roster.set(entry, present);
        listeners.fire(new UserChange.RosterChanged(watcher, target, present), UserChange.Origin.LOCAL);
    }

    /**
     * Applies a change committed on the peer (sent by the agent's peer link). Idempotent. A
     * replicated record replaces the local one only when it is newer (its version is higher, or
     * it is not versioned: an older peer) and is newer than the user's removal if one is kept; a
     * replicated removal removes only an older record and keeps a tombstone. The listeners hear
     * only what applied.
     */
    public synchronized void applyReplicated(UserChange change) {
        // Java 17: no pattern matching in switch yet, so an instanceof chain.
        if (change instanceof UserChange.Added a) {
            change = new UserChange.Added(upsertReplicated(a.users(), "replicate add"));
        } else if (change instanceof UserChange.Removed r) {
            if (!removeReplicated(r)) {
                return;
            }
        } else if (change instanceof UserChange.Placed p) {
            List<UserRecord> fresh = newer(p.users());
            Tombstones.Plan untomb = NewerWins.untomb(fresh, tombstones);
            write(() -> db.placeUsers(p.mode(), fresh, tombstoned(untomb)), "replicate placement");
            tombstones.apply(untomb);
            mode = p.mode();
            fresh.forEach(this::put);
            change = new UserChange.Placed(p.mode(), fresh);
        } else if (change instanceof UserChange.Moved m) {
            change = new UserChange.Moved(m.kind(), m.byNode(), upsertReplicated(m.users(), "replicate move"));
        } else if (change instanceof UserChange.RosterChanged rc) {
            if (rc.added() && !(users.contains(rc.watcher()) && users.contains(rc.target()))) {
                // removed here while the peer changed the roster: the removal wins on both nodes
                // (the peer's entry went with the user when the removal reached it)
                log.info("{}: a replicated roster entry {} -> {} names a user this store does not have; not applied",
                        self, rc.watcher(), rc.target());
                return;
            }
            RosterEntry entry = new RosterEntry(rc.watcher(), rc.target());
            write(() -> db.setRoster(entry, rc.added()), "replicate roster change");
            roster.set(entry, rc.added());
        } else if (change instanceof UserChange.SecretSet s) {
            if (!users.contains(s.userId())) {
                log.info("{}: a replicated secret of {}, a user this store does not have, was not applied", self, s.userId());
                return;
            }
            write(() -> db.setSecret(s.userId(), s.hash()), "replicate a secret");
            secrets.put(s.userId(), s.hash());
        } else {
            throw new IllegalArgumentException("unknown user change " + change);
        }
        listeners.fire(change, UserChange.Origin.REPLICATED);
    }

    /**
     * A replicated removal: the record goes only when it is older than the removal, and the
     * removal is kept as a tombstone (unless the record is newer). An older peer's (version 0)
     * removes whatever the record, as before, and leaves no tombstone.
     *
     * @return whether a record was removed (the listeners hear of it)
     */
    private boolean removeReplicated(UserChange.Removed r) {
        String id = r.userId();
        UserRecord mine = users.get(id);
        if (r.version() == 0) {
            write(() -> db.deleteUser(id, PresenceStore.Tombstoned.NONE), "replicate remove");
            forget(id);
            return mine != null;
        }
        clock = Math.max(clock, r.version()); // seen: this node's next write stamps above it
        if (mine != null && mine.version() > r.version()) {
            log.info("{}: a replicated removal of {} older than this store's record was not applied (version {} < {})",
                    self, id, r.version(), mine.version());
            return false;
        }
        Tombstones.Plan tomb = tombstones.plan(Map.of(id, r.version()), List.of());
        write(() -> db.deleteUser(id, tombstoned(tomb)), "replicate remove");
        tombstones.apply(tomb);
        if (mine == null) {
            return false;
        }
        forget(id);
        return true;
    }

    /** Writes the replicated records newer than this store's (and clears their tombstones); returns them. */
    private List<UserRecord> upsertReplicated(List<UserRecord> records, String what) {
        List<UserRecord> fresh = newer(records);
        Tombstones.Plan untomb = NewerWins.untomb(fresh, tombstones);
        write(() -> db.upsertUsers(fresh, tombstoned(untomb)), what);
        tombstones.apply(untomb);
        fresh.forEach(this::put);
        return fresh;
    }

    /** The records of a replicated change newer than this store's record or removal of the user. */
    private List<UserRecord> newer(List<UserRecord> incoming) {
        return NewerWins.newer(incoming, users, tombstones, self);
    }

    /** The next version this node stamps its writes with: above every version seen, of its parity. */
    private long nextVersion() {
        long v = clock + 1;
        if ((v & 1) != parity) {
            v++;
        }
        clock = v;
        return v;
    }

    /** The highest version this store has written or seen: of a record or of a removal (tombstone). */
    public long clock() {
        return clock;
    }

    public synchronized StoreSnapshot snapshot() {
        List<RosterEntry> entries = new ArrayList<>();
        for (String watcher : users.ids()) {
            for (String target : roster.targetsOf(watcher)) {
                entries.add(new RosterEntry(watcher, target));
            }
        }
        return new StoreSnapshot(mode, List.copyOf(users.values()), entries, secrets.copy(), digest(), tombstones.copy());
    }

    /**
     * Takes the peer's store (issue 11, convergence) in one transaction: each of its records
     * unless this store's record or removal of the user is newer; each of its removals (a
     * tombstone) unless this store's record is newer, removing the older record; its roster and
     * secrets. A user the snapshot has neither a record nor a tombstone of is removed unless it
     * was written here after the snapshot was read (version above its clock). Listeners hear the
     * changed records as a replicated placement and every removal, so sessions follow.
     */
    public synchronized SnapshotTaken takeSnapshot(StoreSnapshot theirs) {
        if (theirs.mode() == null) {
            throw new IllegalArgumentException("a snapshot names its assignment mode");
        }
        SnapshotMerge.Plan plan = SnapshotMerge.plan(theirs, newer(theirs.users()), users.view(), tombstones, roster,
                secrets.copy());
        List<UserRecord> fresh = plan.fresh();
        List<String> gone = plan.gone();
        Tombstones.Plan tombPlan = tombstones.plan(plan.tombsTaken(), fresh.stream().map(UserRecord::userId).toList());
        write(() -> db.takeSnapshot(theirs.mode(), fresh, gone, plan.rosterAdd(), plan.rosterDrop(), plan.secretsSet(),
                plan.secretsDrop(),
                tombstoned(tombPlan)), "take the peer's store");
        mode = theirs.mode();
        fresh.forEach(this::put);
        gone.forEach(this::forget);
        tombstones.apply(tombPlan);
        clock = Math.max(clock, Math.max(tombstones.newest(), theirs.digest().clock())); // seen
        plan.rosterAdd().forEach(e -> roster.set(e, true));
        plan.rosterDrop().forEach(e -> roster.set(e, false));
        secrets.putAll(plan.secretsSet());
        plan.secretsDrop().forEach(secrets::remove);
        log.info("{}: took the peer's store: {} record(s) added or replaced, {} removed, {} removal(s) taken, {} roster "
                + "entries added, {} dropped, {} secret(s) set; {} users now; kept newer here, sent back: {} record(s), "
                + "{} removal(s)", self, fresh.size(), gone.size(), tombPlan.set().size(), plan.rosterAdd().size(),
                plan.rosterDrop().size(), plan.secretsSet().size(), users.size(), plan.keptNewer().size(),
                plan.sendBack().size() - (plan.keptNewer().isEmpty() ? 0 : 1));
        gone.forEach(id -> listeners.fire(new UserChange.Removed(id, plan.tombsTaken().getOrDefault(id, 0L)),
                UserChange.Origin.REPLICATED));
        listeners.fire(new UserChange.Placed(theirs.mode(), fresh), UserChange.Origin.REPLICATED);
        return new SnapshotTaken(fresh.size() + gone.size(), plan.sendBack());
    }

    /**
     * What the peer compares with its own store: users, their digest, the highest version.
     * Lock-free (the SRM thread builds every heartbeat with it, and a move of 15,000 users holds
     * this store's lock for its whole transaction); read during a change it may mix before and
     * after, which the comparison only takes as a difference while changes are still queued.
     */
    public StoreDigest digest() {
        return new StoreDigest(users.size(), users.digest(), clock, roster.digest() ^ secrets.digest() ^ StoreDigest.EXTRAS_SEED);
    }

    private void put(UserRecord u) {
        clock = Math.max(clock, u.version());
        users.put(u);
    }

    private void forget(String userId) {
        secrets.remove(userId);
        users.remove(userId);
        roster.forgetUser(userId);
    }

    private interface SqlWrite {
        void run() throws SQLException;
    }

    private void write(SqlWrite w, String what) {
        try {
            w.run();
        } catch (SQLException e) {
            throw new UserStoreException(self + ": could not " + what + ": " + e.getMessage(), e);
        }
    }
}
