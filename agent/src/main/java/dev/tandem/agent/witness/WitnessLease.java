package dev.tandem.agent.witness;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leases in a ZooKeeper witness for a presence redundancy group. A lease is named after a
 * home node ("the users of node-a") and is an ephemeral znode
 * {@code /tandem/<group>/serving/<home>} whose data is the node that serves those users: it
 * exists while its holder's ZooKeeper session lives. Only one node can hold it, so a node may
 * serve users of a home node only while it holds that home node's lease: the peer cannot take
 * the users over before the holder's session has expired (it died, or it lost the witness for
 * longer than the session timeout).
 *
 * <p>Curator's rule for connection loss applies (a holder that cannot confirm its session must
 * act as if it had lost the lock): on SUSPENDED or LOST every lease counts as lost at once and
 * the listener is told; on RECONNECTED a lease counts as held again only if its znode still
 * belongs to this session. SUSPENDED comes after 2/3 of the session timeout without an answer,
 * so the holder stops serving before the server expires its session and the peer can take over.
 *
 * <p>Thread-safe. Blocking calls ({@link #tryAcquire}, {@link #release}) talk to ZooKeeper and
 * must not run on the SRM thread.
 */
public final class WitnessLease implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WitnessLease.class);

    /** Told about every change of the held set or of the connection (on Curator's event thread). */
    public interface Listener {
        void leasesChanged(Set<String> held, boolean connected);
    }

    private final String self;
    private final String root;
    private final CuratorFramework client;
    private final long opTimeoutMs;
    private final Set<String> held = new TreeSet<>();
    /** Leases taken and not released: checked again on a reconnect (their znodes may have survived). */
    private final Set<String> claimed = new TreeSet<>();
    private final CopyOnWriteArrayList<Listener> listeners = new CopyOnWriteArrayList<>();
    private boolean connected;

    /**
     * @param connect        ZooKeeper connect string, HOST:PORT[,HOST:PORT...]
     * @param group          the presence redundancy group (one subtree per group)
     * @param self           this node's name (the data of the znodes it holds)
     * @param sessionTimeout the lease timeout: how long a silent holder keeps its leases
     */
    public WitnessLease(String connect, String group, String self, Duration sessionTimeout) {
        this(connect, group, self, sessionTimeout, Runnable::run);
    }

    /**
     * @param stateEvents runs this lease's handling of Curator's connection states (production:
     *                    Curator's own event thread; tests hold events back to show the race)
     */
    WitnessLease(String connect, String group, String self, Duration sessionTimeout, Executor stateEvents) {
        if (connect == null || connect.isBlank()) {
            throw new IllegalArgumentException("witness.zookeeper must name at least one HOST:PORT");
        }
        if (group == null || group.isBlank() || group.contains("/") || self == null || self.isBlank() || self.contains("/")) {
            throw new IllegalArgumentException("group and node names must be non-empty and contain no '/'");
        }
        if (sessionTimeout.toMillis() < 1000) {
            throw new IllegalArgumentException("the witness lease timeout must be at least 1 s, was " + sessionTimeout);
        }
        this.self = self;
        this.root = "/tandem/" + group + "/serving";
        int session = (int) sessionTimeout.toMillis();
        this.opTimeoutMs = Math.max(1000, session / 3);
        this.client = CuratorFrameworkFactory.builder().connectString(connect)
                .sessionTimeoutMs(session).connectionTimeoutMs(Math.max(1000, session / 3))
                .retryPolicy(new ExponentialBackoffRetry(100, 3, 1000)).build();
        client.getConnectionStateListenable().addListener((c, state) -> onConnectionState(state), stateEvents);
    }

    public void addListener(Listener l) {
        listeners.add(l);
    }

    /** Connects in the background; leases can be taken once connected. */
    public WitnessLease start() {
        client.start();
        return this;
    }

    /**
     * Waits at most {@code bound} until this lease has seen the connection, so that
     * {@link #tryAcquire} can take a lease. Curator's own blockUntilConnected is not enough: it
     * returns as soon as the client is connected, before the CONNECTED event has reached this
     * lease on Curator's event thread, and until then {@link #isConnected} is still false.
     */
    public synchronized boolean awaitConnected(Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!connected) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** The path of the lease for the users of {@code home}. */
    String path(String home) {
        return root + "/" + home;
    }

    /**
     * Takes the lease for the users of {@code home} if nobody holds it (or this session does).
     * Returns whether this node holds it now; false when another session holds it or the
     * witness cannot be reached.
     */
    public boolean tryAcquire(String home) {
        if (!isConnected()) {
            return false;
        }
        try {
            if (ownedBySession(home)) {
                markHeld(home, true);
                return true;
            }
            client.create().creatingParentContainersIfNeeded().withMode(CreateMode.EPHEMERAL)
                    .forPath(path(home), self.getBytes(StandardCharsets.UTF_8));
            // a SUSPENDED between the create and here would have cleared the set: check again
            boolean mine = isConnected() && ownedBySession(home);
            markHeld(home, mine);
            return mine;
        } catch (KeeperException.NodeExistsException someoneElse) {
            return false;
        } catch (Exception e) {
            log.warn("{}: could not take the witness lease for the users of {}: {}", self, home, e.toString());
            return false;
        }
    }

    /** Gives the lease back (users handed to the peer); no-op if not held. */
    public void release(String home) {
        boolean was;
        synchronized (this) {
            was = held.remove(home);
            claimed.remove(home);
        }
        if (was) {
            fire();
        }
        try {
            if (ownedBySession(home)) {
                client.delete().forPath(path(home));
            }
        } catch (KeeperException.NoNodeException gone) {
            // already gone with an expired session
        } catch (Exception e) {
            // the znode goes with our session at the latest; nobody can count on it meanwhile
            log.warn("{}: could not release the witness lease for the users of {}: {}", self, home, e.toString());
        }
    }

    /** Which node holds the lease for the users of {@code home} per the witness, or "" if none (or unknown). */
    public String holder(String home) {
        try {
            byte[] data = client.getData().forPath(path(home));
            return new String(data, StandardCharsets.UTF_8);
        } catch (Exception e) {
            return "";
        }
    }

    public synchronized boolean holds(String home) {
        return connected && held.contains(home);
    }

    public synchronized Set<String> held() {
        return connected ? Set.copyOf(held) : Set.of();
    }

    public synchronized boolean isConnected() {
        return connected;
    }

    private boolean ownedBySession(String home) throws Exception {
        Stat st = client.checkExists().forPath(path(home));
        long session = client.getZookeeperClient().getZooKeeper().getSessionId();
        return st != null && st.getEphemeralOwner() == session;
    }

    private void markHeld(String home, boolean mine) {
        boolean changed;
        synchronized (this) {
            changed = mine ? held.add(home) : held.remove(home);
            if (mine) {
                claimed.add(home);
            } else {
                claimed.remove(home);
            }
        }
        if (changed) {
            fire();
        }
    }

    private void onConnectionState(ConnectionState state) {
        switch (state) {
            case CONNECTED, RECONNECTED -> {
                synchronized (this) {
                    connected = true;
                    notifyAll(); // awaitConnected
                }
                revalidate();
            }
            case SUSPENDED, LOST, READ_ONLY -> {
                // cannot confirm the session: act as if every lease were lost (Curator's advice)
                boolean had;
                synchronized (this) {
                    had = connected;
                    if (state == ConnectionState.LOST) {
                        claimed.clear(); // the session is gone: so are its znodes
                    }
                    connected = false;
                    held.clear();
                }
                if (had) {
                    log.warn("{}: witness connection {}: every witness lease counts as lost", self, state);
                }
            }
            default -> {
            }
        }
        fire();
    }

    /** After a reconnect a lease is still ours only if its znode belongs to this session. */
    private void revalidate() {
        Set<String> before;
        synchronized (this) {
            before = Set.copyOf(claimed);
        }
        for (String home : before) {
            try {
                markHeld(home, ownedBySession(home));
            } catch (Exception e) {
                markHeld(home, false);
            }
        }
    }

    private void fire() {
        Set<String> h = held();
        boolean c = isConnected();
        for (Listener l : listeners) {
            try {
                l.leasesChanged(h, c);
            } catch (RuntimeException e) {
                log.warn("{}: a witness listener failed", self, e);
            }
        }
    }

    /** The operation timeout used by callers that bound their waits on the witness. */
    public long opTimeoutMs() {
        return opTimeoutMs;
    }

    /** Test and drill hook: the server ends this session, as for a holder silent beyond the timeout. */
    public void expireSessionForTests() throws Exception {
        client.getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();
    }

    /**
     * As a killed process: the connection drops without ending the session, so the server keeps
     * its leases until the lease timeout (an orderly {@link #close} ends it and frees them at once).
     */
    public void halt() {
        try {
            expireSessionForTests(); // client side only: no closeSession reaches the server
        } catch (Exception e) {
            log.debug("{}: halting the witness session: {}", self, e.toString());
        }
        close();
    }

    @Override
    public void close() {
        synchronized (this) {
            held.clear();
            claimed.clear();
            connected = false;
        }
        client.close();
    }
}
