package dev.tandem.agent.node;

import dev.tandem.agent.store.Database;
import dev.tandem.agent.store.Database.UserRow;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * The emulated node's users: every user of the cluster with its home node and which node
 * serves it, as this node sees it. Moves really change that assignment and write it to the
 * users table in one transaction. An optional delay makes moves last long enough for the
 * transitional rows (M2, M4) to be seen; a failure can be injected for the next move.
 */
public final class InMemoryUserMover implements UserMover {
    private final String self;
    private final String peer;
    private final Database db;
    private final Map<String, UserRow> users = new TreeMap<>();
    private volatile long delayMs;
    private final AtomicReference<String> failNext = new AtomicReference<>();

    public InMemoryUserMover(String self, String peer, Database db, long delayMs) {
        this.self = self;
        this.peer = peer;
        this.db = db;
        this.delayMs = delayMs;
        users.putAll(db.users());
    }

    public void setDelayMs(long delayMs) {
        this.delayMs = delayMs;
    }

    /** The next move throws with this message (a database error, say). */
    public void failNextMove(String error) {
        failNext.set(error);
    }

    @Override
    public int takeOverPeerUsers() throws Exception {
        return move(u -> u.home().equals(peer), self);
    }

    @Override
    public int handOverOwnUsers() throws Exception {
        return move(u -> u.home().equals(self), peer);
    }

    @Override
    public int takeBackOwnUsers() throws Exception {
        return move(u -> u.home().equals(self), self);
    }

    @Override
    public int giveBackPeerUsers() throws Exception {
        return move(u -> u.home().equals(peer), peer);
    }

    @Override
    public int resetToHome() throws Exception {
        pause();
        synchronized (this) {
            List<UserRow> changed = new ArrayList<>();
            for (UserRow u : users.values()) {
                if (!u.home().isEmpty() && !u.servedBy().equals(u.home())) {
                    changed.add(new UserRow(u.user(), u.home(), u.home()));
                }
            }
            apply(changed, List.of());
            return changed.size();
        }
    }

    private int move(Predicate<UserRow> which, String to) throws Exception {
        pause();
        synchronized (this) {
            List<UserRow> changed = new ArrayList<>();
            for (UserRow u : users.values()) {
                if (which.test(u) && !u.servedBy().equals(to)) {
                    changed.add(new UserRow(u.user(), u.home(), to));
                }
            }
            apply(changed, List.of());
            return (int) users.values().stream().filter(which).count();
        }
    }

    private void pause() throws Exception {
        String err = failNext.getAndSet(null);
        if (delayMs > 0) {
            Thread.sleep(delayMs); // emulates the time a real move of sessions takes
        }
        if (err != null) {
            throw new IllegalStateException(err);
        }
    }

    private void apply(List<UserRow> upserts, Collection<String> removed) {
        db.writeUsers(upserts, List.copyOf(removed));
        upserts.forEach(u -> users.put(u.user(), u));
        removed.forEach(users::remove);
    }

    /** Adds users (served by their home node) and removes others, durably. Returns how many changed. */
    public synchronized int change(List<UserRow> added, Collection<String> removed) {
        List<UserRow> add = added.stream().filter(u -> !users.containsKey(u.user())).toList();
        List<String> rem = removed.stream().filter(users::containsKey).toList();
        apply(add, rem);
        return add.size() + rem.size();
    }

    public synchronized List<UserRow> users() {
        return List.copyOf(users.values());
    }

    public synchronized int homeUsers(String node) {
        return (int) users.values().stream().filter(u -> u.home().equals(node)).count();
    }

    /** Users this node serves now. */
    public synchronized int servedHere() {
        return (int) users.values().stream().filter(u -> u.servedBy().equals(self)).count();
    }

    /** The peer's users this node holds standby sessions for (served by the peer). */
    public synchronized int peerUsersServedThere() {
        return (int) users.values().stream().filter(u -> u.home().equals(peer) && u.servedBy().equals(peer)).count();
    }

    public synchronized int total() {
        return users.size();
    }

    public synchronized boolean contains(String user) {
        return users.containsKey(user);
    }
}
