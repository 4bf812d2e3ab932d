package dev.tandem.agent.runtime;

import dev.tandem.agent.presence.users.SnapshotTaken;
import dev.tandem.agent.presence.users.StoreSnapshot;
import dev.tandem.agent.presence.users.StoreDigest;
import dev.tandem.agent.presence.users.UserStore;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Store convergence (issue 11): compares this node's user store with the digest its peer sends
 * in every heartbeat, says when they differ, and fetches the peer's whole store when this side
 * loses the comparison (peer.proto, StoreDigest: a store that started empty loses, then the
 * lower clock, then fewer users, then the group's second node). Replication keeps two stores
 * equal while both run; this repairs what it cannot: a deleted or restored database, a
 * replication queue lost with a restart.
 *
 * <p>{@link #observe} runs on the SRM thread; the fetch on a thread of its own.
 */
final class StoreSync implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StoreSync.class);

    /** Reads the peer's whole store (FetchStore on the peer link). */
    interface Fetcher {
        StoreSnapshot fetch() throws Exception;
    }

    private final String self;
    private final String peer;
    private final boolean selfFirst;
    private final UserStore users;
    private final IntSupplier pending;
    private final Fetcher fetcher;
    private final long confirmMs;
    private final java.util.concurrent.Executor worker;
    /** The thread this sync owns (null when a test runs the fetch on its own thread). */
    private final ExecutorService own;
    private final AtomicLong resyncs = new AtomicLong();
    private volatile Consumer<String> notes = s -> { };
    private volatile Consumer<dev.tandem.agent.presence.users.UserChange> sendBack = c -> { };
    private volatile boolean fresh;
    private volatile boolean resyncing;
    /** This side lost a comparison that started a resync, and no resync has completed since. */
    private volatile boolean behind;
    /**
     * A store that was not empty at start has not been compared with the peer's since: it may be
     * an old backup restored, so an initializing node waits for the comparison while its peer
     * answers (issue 11: re-synchronised before it serves).
     */
    private volatile boolean uncompared;
    private volatile String problem = "";
    private long differSince = -1;
    private Consumer<Boolean> save;
    private Boolean saved;

    /**
     * @param pending   this node's store changes not yet applied by the peer
     * @param confirmMs how long two drained stores must differ before one is re-synchronised
     */
    StoreSync(String self, String peer, boolean selfFirst, UserStore users, IntSupplier pending, Fetcher fetcher,
              long confirmMs) {
        this(self, peer, selfFirst, users, pending, fetcher, confirmMs, null);
    }

    /** @param runFetch where the fetch runs (null: a thread of its own) */
    StoreSync(String self, String peer, boolean selfFirst, UserStore users, IntSupplier pending, Fetcher fetcher,
              long confirmMs, java.util.concurrent.Executor runFetch) {
        this.self = self;
        this.peer = peer;
        this.selfFirst = selfFirst;
        this.users = users;
        this.pending = pending;
        this.fetcher = fetcher;
        this.confirmMs = confirmMs;
        // a store with no user at start was deleted, lost or never filled: it takes the peer's
        this.fresh = users.size() == 0;
        this.uncompared = !fresh;
        this.own = runFetch != null ? null : Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "store-sync-" + self);
            t.setDaemon(true);
            return t;
        });
        this.worker = runFetch != null ? runFetch : own;
    }

    /**
     * Keeps {@link #resyncPending()} across restarts (issue 11): a node that started empty, received
     * part of its peer's store by replication and restarted before a resync is not fresh at its next
     * start (its store is not empty) but is still behind. {@code pendingAtStart}: what was saved.
     */
    void durable(boolean pendingAtStart, Consumer<Boolean> save) {
        if (pendingAtStart) {
            behind = true;
        }
        this.save = save;
        persist();
    }

    /** Saves the pending flag when it changed (SRM thread and the fetch's thread). */
    private synchronized void persist() {
        boolean now = resyncPending();
        if (save == null || (saved != null && saved == now)) {
            return;
        }
        try {
            save.accept(now);
            saved = now;
        } catch (RuntimeException e) {
            log.warn("{}: could not save whether a store resync is pending: {}", self, e.getMessage());
        }
    }

    /** Told a sentence for the event log when a re-synchronisation starts, ends or fails. */
    void onNote(Consumer<String> n) {
        notes = n;
    }

    /**
     * Told each change this node kept because it is newer than the peer's store it took (its
     * records, its removals): queued to the peer like a local change, so one resync makes the
     * two stores equal instead of the peer losing the next comparison in turn.
     */
    void onSendBack(Consumer<dev.tandem.agent.presence.users.UserChange> s) {
        sendBack = s;
    }

    /** What this node tells its peer in every heartbeat. */
    dev.tandem.proto.peer.v1.StoreDigest mine() {
        StoreDigest d = users.digest();
        return dev.tandem.proto.peer.v1.StoreDigest.newBuilder().setUsers(d.users()).setDigest(d.digest())
                .setClock(d.clock()).setExtras(d.extras()).setFresh(fresh).setPending(pending.getAsInt())
                .setResyncing(resyncing).build();
    }

    /** Empty while the stores agree (or cannot be compared), else what the status says about it. */
    String problem() {
        return problem;
    }

    boolean fresh() {
        return fresh;
    }

    boolean resyncing() {
        return resyncing;
    }

    /**
     * The SRM's store gate (issue 11): this store is known to be behind the peer's and no resync
     * has completed yet: it started empty and has not compared equal with the peer's store, or it
     * lost a comparison that started a resync. A store that only lags behind replication in
     * flight does not count (it is not known to be behind until the queues are empty).
     */
    boolean resyncPending() {
        return fresh || behind;
    }

    /**
     * This store was not empty at start and has not been compared with the peer's since (equal,
     * or the better one, or re-synchronised from it): until then an initializing SRM whose peer
     * answers waits (an old backup restored must not serve before it took the peer's store).
     */
    boolean uncompared() {
        return uncompared;
    }

    /**
     * The peer sends no store digest (an older agent during a rolling upgrade): nothing can be
     * compared or fetched, so the gate must not wait for a resync that cannot happen.
     */
    void peerCannotCompare() {
        fresh = false;
        behind = false;
        uncompared = false;
        persist();
    }

    /** Re-synchronisations this node completed since it started. */
    long resyncs() {
        return resyncs.get();
    }

    /** The peer is not heard: nothing can be compared (and no stale difference is shown). */
    void peerLost() {
        differSince = -1;
        if (!resyncing) {
            problem = "";
        }
    }

    /** A heartbeat's digest of the peer's store (SRM thread). */
    void observe(dev.tandem.proto.peer.v1.StoreDigest theirs, long nowMs) {
        StoreDigest mine = users.digest();
        if (mine.sameRecords(new StoreDigest(theirs.getUsers(), theirs.getDigest(), theirs.getClock(), theirs.getExtras()))) {
            if (problem.length() > 0 && !resyncing) {
                log.info("{}: the user stores of {} and {} agree again ({} users)", self, self, peer, mine.users());
            }
            differSince = -1;
            fresh = false; // compared equal: nothing to take (both empty at a pair's first start)
            behind = false;
            uncompared = false;
            persist();
            if (!resyncing) {
                problem = "";
            }
            return;
        }
        if (resyncing) {
            differSince = -1;
            return;
        }
        boolean iLose = loses(mine, fresh, theirs, selfFirst);
        String loser = iLose ? self : peer;
        String winner = iLose ? peer : self;
        String why = why(mine, theirs, iLose);
        String differ = "the user stores differ (" + self + ": " + mine.users() + " users, " + peer + ": "
                + theirs.getUsers() + " users)";
        if (theirs.getResyncing()) {
            problem = differ + ": " + peer + " re-synchronises from " + self;
            differSince = -1;
            uncompared = false; // the peer takes this store: it is the better one
            return;
        }
        if (fresh && !theirs.getFresh() && iLose) {
            // a node that started empty takes its peer's store at once: before it serves the peer's users
            resync(differ + ": " + self + " re-synchronises from " + peer + " (" + why + ")");
            return;
        }
        if (pending.getAsInt() > 0 || theirs.getPending() > 0) {
            differSince = -1; // changes on their way: the stores may agree once they arrive
            return;
        }
        if (differSince < 0) {
            differSince = nowMs;
            return;
        }
        if (nowMs - differSince < confirmMs) {
            return;
        }
        String text = differ + ": " + loser + " re-synchronises from " + winner + " (" + why + ")";
        if (iLose) {
            resync(text);
            return;
        }
        uncompared = false; // compared: this store wins, the peer re-synchronises from it
        if (!text.equals(problem)) {
            problem = text;
            log.warn("{}: {}", self, text);
            notes.accept(text);
        }
    }

    /**
     * Whether this store loses against the peer's (peer.proto StoreDigest): a fresh store loses to
     * one that is not, then the lower clock, then fewer users, then the group's second node.
     */
    static boolean loses(StoreDigest mine, boolean mineFresh, dev.tandem.proto.peer.v1.StoreDigest theirs,
                         boolean selfFirst) {
        if (mineFresh != theirs.getFresh()) {
            return mineFresh;
        }
        if (mine.clock() != theirs.getClock()) {
            return mine.clock() < theirs.getClock();
        }
        if (mine.users() != theirs.getUsers()) {
            return mine.users() < theirs.getUsers();
        }
        return !selfFirst;
    }

    private String why(StoreDigest mine, dev.tandem.proto.peer.v1.StoreDigest theirs, boolean iLose) {
        String loser = iLose ? self : peer;
        String winner = iLose ? peer : self;
        if (fresh != theirs.getFresh()) {
            return loser + " started with an empty store";
        }
        if (mine.clock() != theirs.getClock()) {
            return winner + "'s store has the newer writes (version " + Math.max(mine.clock(), theirs.getClock())
                    + " against " + Math.min(mine.clock(), theirs.getClock()) + ")";
        }
        if (mine.users() != theirs.getUsers()) {
            return winner + "'s store has more users";
        }
        if (mine.digest() == theirs.getDigest()) {
            return "the same user records, but rosters or login secrets differ; " + winner + " is the group's first node";
        }
        return winner + " is the group's first node";
    }

    private void resync(String text) {
        resyncing = true;
        behind = true;
        persist();
        differSince = -1;
        problem = text;
        log.warn("{}: {}", self, text);
        notes.accept(text);
        try {
            worker.execute(this::fetchAndTake);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            resyncing = false;
        }
    }

    private void fetchAndTake() {
        long t0 = System.nanoTime();
        try {
            StoreSnapshot s = fetcher.fetch();
            SnapshotTaken taken = users.takeSnapshot(s);
            int changed = taken.changed();
            taken.sendBack().forEach(sendBack);
            fresh = false;
            behind = false; // before the note below: the SRM is told the gate opened when it reads it
            uncompared = false;
            persist();
            resyncs.incrementAndGet();
            String text = self + " took the user store of " + peer + ": " + changed + " record(s) changed, "
                    + users.size() + " users now, in " + (System.nanoTime() - t0) / 1_000_000 + " ms"
                    + (taken.sendBack().isEmpty() ? "" : "; " + taken.sendBack().size() + " newer change(s) kept here sent back to " + peer);
            log.warn("{}: {}", self, text);
            notes.accept(text);
        } catch (Exception | Error e) {
            String text = self + " could not take the user store of " + peer + ": " + e.getMessage()
                    + " (tried again while the stores differ)";
            log.warn("{}: {}", self, text);
            notes.accept(text);
        } finally {
            resyncing = false;
        }
    }

    @Override
    public void close() {
        if (own != null) {
            own.shutdownNow();
        }
    }
}
