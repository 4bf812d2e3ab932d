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
import java.util.concurrent.CopyOnWriteArrayList;
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
    private final Map<String, UserRecord> users = new ConcurrentHashMap<>();
    /**
     * Bumped after every change of a user record (under this store's lock), so readers can cache
     * what they derive from {@link #all()}: bumped after the change, a reader that sees the new
     * value also sees the change.
     */
    private volatile long version;
    private final Map<String, Integer> homeCounts = new HashMap<>();
    private final RosterIndex roster = new RosterIndex();
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final List<UserChangeListener> listeners = new CopyOnWriteArrayList<>();
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
     * XOR of {@link StoreDigest#hash} over every user record (id, home, serving node): kept up to
     * date with each change in O(1), so the peer link can compare the two stores in every
     * heartbeat at no cost, whatever the number of users.
     */
    private volatile long digest;
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
        listeners.add(0, listener);
    }

    public void removeListener(UserChangeListener listener) {
        listeners.remove(listener);
    }

    public Optional<UserRecord> find(String userId) {
        return Optional.ofNullable(userId == null ? null : users.get(userId));
    }

    /** Changes with every change of a user record; equal values mean {@link #all()} is unchanged. */
    public long version() {
        return version;
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
            if (users.containsKey(id) || !unique.add(id)) {
                throw new InvalidUserException("user '" + id + "' already exists");
            }
        }
        Map<String, Integer> counts = new HashMap<>(homeCounts);
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
        fire(new UserChange.Added(added), UserChange.Origin.LOCAL);
        return added;
    }

    /** The stored hash of the user's login secret, if one was set. */
    public Optional<String> secretHash(String userId) {
        return Optional.ofNullable(secrets.get(userId));
    }

    /** Sets the login secret of an existing user as its hash (SecretHasher form); replicated to the peer. */
    public synchronized void setSecretHash(String userId, String hash) {
        UserIds.check(userId);
        if (!users.containsKey(userId)) {
            throw new InvalidUserException("no user '" + userId + "'");
        }
        write(() -> db.setSecret(userId, hash), "set the secret of " + userId);
        secrets.put(userId, hash);
        fire(new UserChange.SecretSet(userId, hash), UserChange.Origin.LOCAL);
    }

    public synchronized void removeUser(String userId) {
        UserIds.check(userId);
        if (!users.containsKey(userId)) {
            throw new InvalidUserException("no user '" + userId + "'");
        }
        long v = nextVersion(); // a removal is a write: the newest, so it wins over what the peer missed
        Tombstones.Plan tomb = tombstones.plan(Map.of(userId, v), List.of());
        write(() -> db.deleteUser(userId, tombstoned(tomb)), "remove user " + userId);
        forget(userId);
        tombstones.apply(tomb);
        fire(new UserChange.Removed(userId, v), UserChange.Origin.LOCAL);
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
        fire(new UserChange.Placed(newMode, changed), UserChange.Origin.LOCAL);
        return changed;
    }

    /**
     * Changes the serving node of the users {@code which} selects, in one transaction with a
     * move record. On failure nothing changes and the SQL error is thrown.
     */
    public synchronized List<UserRecord> move(MoveKind kind, Predicate<UserRecord> which,
                                              Function<UserRecord, String> newServing) throws SQLException {
        long t0 = System.nanoTime();
        long cpu0 = threadCpuNanos();
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
        String listeners = fireTimed(new UserChange.Moved(kind, self, moved));
        // the thread's CPU time beside the wall times: on a loaded machine the wall time is mostly waiting for a core
        lastMoveBreakdown = "select " + ms(t1 - t0) + ", store write " + ms(t2 - t1) + ", memory " + ms(t3 - t2)
                + ", listeners " + listeners + "; CPU of the moving thread " + ms(threadCpuNanos() - cpu0);
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

    private static long threadCpuNanos() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        return mx.isCurrentThreadCpuTimeSupported() ? mx.getCurrentThreadCpuTime() : 0;
    }

    private static String ms(long nanos) {
        return (nanos / 100_000) / 10.0 + " ms";
    }

    /** Adds or removes a persistent (roster) subscription. */
    public synchronized void setRoster(String watcher, String target, boolean present) {
        UserIds.check(watcher);
        UserIds.check(target);
        if (!users.containsKey(watcher) || !users.containsKey(target)) {
            throw new InvalidUserException("no user '" + (users.containsKey(watcher) ? target : watcher) + "'");
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
        fire(new UserChange.RosterChanged(watcher, target, present), UserChange.Origin.LOCAL);
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
            List<UserRecord> fresh = newer(a.users());
            Tombstones.Plan untomb = untomb(fresh);
            write(() -> db.upsertUsers(fresh, tombstoned(untomb)), "replicate add");
            tombstones.apply(untomb);
            fresh.forEach(this::put);
            change = new UserChange.Added(fresh);
        } else if (change instanceof UserChange.Removed r) {
            if (!removeReplicated(r)) {
                return;
            }
        } else if (change instanceof UserChange.Placed p) {
            List<UserRecord> fresh = newer(p.users());
            Tombstones.Plan untomb = untomb(fresh);
            write(() -> db.placeUsers(p.mode(), fresh, tombstoned(untomb)), "replicate placement");
            tombstones.apply(untomb);
            mode = p.mode();
            fresh.forEach(this::put);
            change = new UserChange.Placed(p.mode(), fresh);
        } else if (change instanceof UserChange.Moved m) {
            List<UserRecord> fresh = newer(m.users());
            Tombstones.Plan untomb = untomb(fresh);
            write(() -> db.upsertUsers(fresh, tombstoned(untomb)), "replicate move");
            tombstones.apply(untomb);
            fresh.forEach(this::put);
            change = new UserChange.Moved(m.kind(), m.byNode(), fresh);
        } else if (change instanceof UserChange.RosterChanged rc) {
            RosterEntry entry = new RosterEntry(rc.watcher(), rc.target());
            write(() -> db.setRoster(entry, rc.added()), "replicate roster change");
            roster.set(entry, rc.added());
        } else if (change instanceof UserChange.SecretSet s) {
            write(() -> db.setSecret(s.userId(), s.hash()), "replicate a secret");
            secrets.put(s.userId(), s.hash());
        } else {
            throw new IllegalArgumentException("unknown user change " + change);
        }
        fire(change, UserChange.Origin.REPLICATED);
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

    /** The tombstones that records newer than them clear. */
    private Tombstones.Plan untomb(List<UserRecord> written) {
        List<String> ids = new ArrayList<>();
        for (UserRecord u : written) {
            if (tombstones.get(u.userId()) != null) {
                ids.add(u.userId());
            }
        }
        return tombstones.plan(Map.of(), ids);
    }

    /**
     * The records of a replicated change that are newer than this store's (see {@link #clock}):
     * than its record of the user, or than its removal of the user.
     */
    private List<UserRecord> newer(List<UserRecord> incoming) {
        List<UserRecord> fresh = new ArrayList<>(incoming.size());
        int older = 0;
        int removed = 0;
        String example = "";
        for (UserRecord u : incoming) {
            UserRecord mine = users.get(u.userId());
            Long tomb = mine == null ? tombstones.get(u.userId()) : null;
            if (u.version() == 0 || (mine == null ? tomb == null || u.version() > tomb : u.version() > mine.version())) {
                fresh.add(u);
            } else if (mine == null) {
                removed++;
                example = u.userId() + " (version " + u.version() + " < removal " + tomb + ")";
            } else if (!u.samePlacement(mine)) {
                older++;
                example = u.userId() + " (version " + u.version() + " < " + mine.version() + ", kept " + mine.servingNode() + ")";
            }
        }
        if (older + removed > 0) {
            log.info("{}: {} replicated record(s) older than this store's and {} older than its removal were not applied,"
                    + " e.g. {}", self, older, removed, example);
        }
        return fresh;
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

    /**
     * The whole store at one moment: what the peer takes when its store lost the comparison.
     * {@code tombstones}: the removals it keeps (user id to version; empty from an older peer).
     */
    public record Snapshot(UserAssignmentMode mode, List<UserRecord> users, List<RosterEntry> roster,
                           Map<String, String> secrets, StoreDigest digest, Map<String, Long> tombstones) {
        public Snapshot {
            tombstones = Map.copyOf(tombstones);
        }
    }

    public synchronized Snapshot snapshot() {
        List<RosterEntry> entries = new ArrayList<>();
        for (String watcher : users.keySet()) {
            for (String target : roster.targetsOf(watcher)) {
                entries.add(new RosterEntry(watcher, target));
            }
        }
        return new Snapshot(mode, List.copyOf(users.values()), entries, Map.copyOf(secrets), digest(), tombstones.copy());
    }

    /**
     * What taking the peer's store did: how many user records changed (added, replaced or
     * removed), and what this store kept because it is newer than the snapshot (its records,
     * its removals), to send back to the peer as replicated changes so both stores end equal.
     */
    public record Taken(int changed, List<UserChange> sendBack) {
        public Taken {
            sendBack = List.copyOf(sendBack);
        }
    }

    /**
     * Takes the peer's store (issue 11, convergence) in one transaction: each of its records
     * unless this store's record or removal of the user is newer; each of its removals (a
     * tombstone) unless this store's record is newer, removing the older record; its roster and
     * secrets. A user the snapshot has neither a record nor a tombstone of is removed unless it
     * was written here after the snapshot was read (version above its clock). Listeners hear the
     * changed records as a replicated placement and every removal, so sessions follow.
     */
    public synchronized Taken takeSnapshot(Snapshot theirs) {
        if (theirs.mode() == null) {
            throw new IllegalArgumentException("a snapshot names its assignment mode");
        }
        Map<String, UserRecord> incoming = new HashMap<>();
        theirs.users().forEach(u -> incoming.put(u.userId(), u));
        List<UserRecord> fresh = newer(theirs.users());
        List<String> gone = new ArrayList<>();
        List<UserRecord> keptNewer = new ArrayList<>();
        for (UserRecord mine : users.values()) {
            UserRecord in = incoming.get(mine.userId());
            Long removedThere = theirs.tombstones().get(mine.userId());
            if (in != null) {
                if (in.version() != 0 && in.version() < mine.version()) {
                    keptNewer.add(mine); // newer here than there
                }
            } else if (removedThere != null) {
                if (mine.version() < removedThere) {
                    gone.add(mine.userId());
                } else {
                    keptNewer.add(mine); // written here after its removal there
                }
            } else if (mine.version() <= theirs.digest().clock()) {
                gone.add(mine.userId()); // an older peer, or a removal it no longer keeps
            } else {
                keptNewer.add(mine);
            }
        }
        // their removals this store takes (unless its record is newer), and the removals it keeps that beat their record
        Map<String, Long> tombsTaken = new HashMap<>();
        theirs.tombstones().forEach((id, v) -> {
            UserRecord mine = users.get(id);
            if (!incoming.containsKey(id) && (mine == null || mine.version() < v)) {
                tombsTaken.put(id, v);
            }
        });
        List<UserChange> sendBack = new ArrayList<>();
        for (UserRecord in : theirs.users()) {
            Long removedHere = users.containsKey(in.userId()) ? null : tombstones.get(in.userId());
            if (removedHere != null && in.version() != 0 && in.version() < removedHere) {
                sendBack.add(new UserChange.Removed(in.userId(), removedHere));
            }
        }
        if (!keptNewer.isEmpty()) {
            sendBack.add(0, new UserChange.Placed(theirs.mode(), keptNewer));
        }
        Tombstones.Plan tombPlan = tombstones.plan(tombsTaken, fresh.stream().map(UserRecord::userId).toList());
        Set<RosterEntry> wantedRoster = new java.util.HashSet<>(theirs.roster());
        List<RosterEntry> rosterAdd = theirs.roster().stream().filter(e -> !roster.contains(e)
                && (users.containsKey(e.watcher()) || incoming.containsKey(e.watcher()))).toList();
        List<RosterEntry> rosterDrop = new ArrayList<>();
        for (String watcher : users.keySet()) {
            for (String target : roster.targetsOf(watcher)) {
                RosterEntry e = new RosterEntry(watcher, target);
                if (!wantedRoster.contains(e)) {
                    rosterDrop.add(e);
                }
            }
        }
        Map<String, String> secretsSet = new HashMap<>();
        theirs.secrets().forEach((id, hash) -> {
            if (!hash.equals(secrets.get(id))) {
                secretsSet.put(id, hash);
            }
        });
        write(() -> db.takeSnapshot(theirs.mode(), fresh, gone, rosterAdd, rosterDrop, secretsSet, tombstoned(tombPlan)),
                "take the peer's store");
        mode = theirs.mode();
        fresh.forEach(this::put);
        gone.forEach(this::forget);
        tombstones.apply(tombPlan);
        clock = Math.max(clock, Math.max(tombstones.newest(), theirs.digest().clock())); // seen
        rosterAdd.forEach(e -> roster.set(e, true));
        rosterDrop.forEach(e -> roster.set(e, false));
        secrets.putAll(secretsSet);
        log.info("{}: took the peer's store: {} record(s) added or replaced, {} removed, {} removal(s) taken, {} roster "
                + "entries added, {} dropped, {} secret(s) set; {} users now; kept newer here, sent back: {} record(s), "
                + "{} removal(s)", self, fresh.size(), gone.size(), tombPlan.set().size(), rosterAdd.size(),
                rosterDrop.size(), secretsSet.size(), users.size(), keptNewer.size(),
                sendBack.size() - (keptNewer.isEmpty() ? 0 : 1));
        gone.forEach(id -> fire(new UserChange.Removed(id, tombsTaken.getOrDefault(id, 0L)), UserChange.Origin.REPLICATED));
        fire(new UserChange.Placed(theirs.mode(), fresh), UserChange.Origin.REPLICATED);
        return new Taken(fresh.size() + gone.size(), sendBack);
    }

    /**
     * What the peer compares with its own store: users, their digest, the highest version.
     * Lock-free (the SRM thread builds every heartbeat with it, and a move of 15,000 users holds
     * this store's lock for its whole transaction); read during a change it may mix before and
     * after, which the comparison only takes as a difference while changes are still queued.
     */
    public StoreDigest digest() {
        return new StoreDigest(users.size(), digest, clock);
    }

    private void put(UserRecord u) {
        clock = Math.max(clock, u.version());
        UserRecord old = users.put(u.userId(), u);
        digest ^= StoreDigest.hash(u) ^ (old == null ? 0 : StoreDigest.hash(old));
        if (old != null && old.homeNode() != null) {
            homeCounts.merge(old.homeNode(), -1, Integer::sum);
        }
        if (u.homeNode() != null) {
            homeCounts.merge(u.homeNode(), 1, Integer::sum);
        }
        version++;
    }

    private void forget(String userId) {
        secrets.remove(userId);
        UserRecord old = users.remove(userId);
        digest ^= old == null ? 0 : StoreDigest.hash(old);
        if (old != null && old.homeNode() != null) {
            homeCounts.merge(old.homeNode(), -1, Integer::sum);
        }
        version++;
        roster.forgetUser(userId);
    }

    /** As {@link #fire} (origin local), timing each listener: "Name N ms, ...". */
    private String fireTimed(UserChange change) {
        StringBuilder out = new StringBuilder();
        for (UserChangeListener l : listeners) {
            long t = System.nanoTime();
            try {
                l.onChange(change, UserChange.Origin.LOCAL);
            } catch (RuntimeException e) {
                log.error("{}: user change listener failed on {}", self, change.getClass().getSimpleName(), e);
            }
            String name = l.getClass().getSimpleName();
            int cut = name.indexOf("$$");
            out.append(out.length() == 0 ? "" : ", ").append(cut > 0 ? name.substring(0, cut) : name).append(' ')
                    .append(ms(System.nanoTime() - t));
        }
        return out.toString();
    }

    private void fire(UserChange change, UserChange.Origin origin) {
        for (UserChangeListener l : listeners) {
            try {
                l.onChange(change, origin);
            } catch (RuntimeException e) {
                log.error("{}: user change listener failed on {}", self, change.getClass().getSimpleName(), e);
            }
        }
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
