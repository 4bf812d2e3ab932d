package dev.tandem.agent.runtime;

import dev.tandem.agent.fence.PauseFence;
import dev.tandem.agent.metrics.PresenceFigures;
import dev.tandem.agent.peer.PeerLink;
import dev.tandem.agent.presence.GroupNodes;
import dev.tandem.agent.presence.NodeEndpoint;
import dev.tandem.agent.presence.PresenceNode;
import dev.tandem.agent.presence.PresenceNodeConfig;
import dev.tandem.agent.presence.ReloginLimits;
import dev.tandem.agent.presence.UserMoves;
import dev.tandem.agent.presence.sessions.SessionCounters;
import dev.tandem.agent.presence.store.MoveFault;
import dev.tandem.agent.presence.users.StoreSnapshot;
import dev.tandem.agent.presence.users.UserAssignmentMode;
import dev.tandem.agent.presence.users.UserChange;
import dev.tandem.agent.presence.users.UserRecord;
import dev.tandem.agent.presence.users.UserStore;
import dev.tandem.agent.replication.Replicator;
import dev.tandem.agent.replication.StoreChanges;
import dev.tandem.agent.srm.NodeState;
import dev.tandem.agent.srm.PeerStatus;
import dev.tandem.agent.srm.Reason;
import dev.tandem.agent.srm.SrmParameters;
import dev.tandem.agent.statedb.Database;
import dev.tandem.contract.CounterNames;
import dev.tandem.agent.replication.StoreTransfer;
import dev.tandem.proto.peer.v1.HeartbeatMessage;
import dev.tandem.proto.peer.v1.StoreChunk;
import dev.tandem.proto.peer.v1.StoreRequest;
import dev.tandem.proto.peer.v1.ReplicatedItem;
import dev.tandem.proto.peer.v1.ReplicationAck;
import dev.tandem.proto.peer.v1.ReplicationBatch;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's presence node and what ties it to the rest of the agent: the SRM's moves, the
 * replication of its user store to the peer (and of presence published here), the peer's
 * client endpoint, the two gates the SRM state sets (who may log in, whether users may be
 * added), and its counters for the heartbeat, the admin API and /metrics.
 */
public final class NodePresence implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodePresence.class);
    /** States in which a node serves nobody (§2: its users are with its peer, or it is not up yet). */
    static final Set<NodeState> SERVES_NOBODY = EnumSet.of(NodeState.INITIALIZING, NodeState.IDLE,
            NodeState.FAILED_OVER, NodeState.FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING,
            NodeState.FAILOVER_AFFECTED_SERVICES);
    static final long COUNTER_REFRESH_MS = 100;
    /** The longest an orderly move's redirects wait for the peer to apply it (then they go anyway). */
    static final long HAND_OFF_WAIT_MAX_MS = 5_000;
    /** How often the pause watchdog beats; a gap longer than the heartbeat timeout is a pause. */
    static final long WATCHDOG_TICK_MS = 50;

    private final String self;
    private final String peerName;
    private final String bindHost;
    private final PresenceNode node;
    private final Replicator replicator;
    private final PeerLink link;
    private final ScheduledExecutorService sampler;
    private final ScheduledExecutorService watchdog;
    private final PauseFence fence;
    private final StoreSync storeSync;
    /** Config key of the agent's store: 1 while the user store's resync from the peer is pending (issue 11). */
    private static final String RESYNC_PENDING_KEY = "store.resync-pending";
    private volatile SessionCounters counters = new SessionCounters(0, 0, 0, 0, 0);
    private volatile CachedCounts cachedCounts;
    private String servingGate = "";
    /** Every critical service is stopped: the users assigned here are served by nobody (any thread reads it). */
    private volatile boolean servicesStopped;
    /** With a witness (issue 10): this node does not hold the lease of its own users now. */
    private volatile boolean ownLeaseMissing;
    /** Set from the SRM's view: cut off from both peer and witness, this node serves nobody (any thread reads it). */
    private volatile boolean witnessFenced;
    private String standbyGate = "";
    private String addGate = "";
    private String peerClientAddress = "";

    /** How many users this node sees where: one pass over the store. */
    public record UserCounts(int homeHere, int servedHere, int peerUsersServedThere, int total) {
    }

    /**
     * @param nodes the group's two nodes in configuration order
     * @param bindHost the address the client port listens on
     * @param clientBinding how the client port is secured (TLS, limits, strict parsing)
     * @param secretsRequired a user logs in only with the user's secret (false: --insecure)
     */
    public NodePresence(String self, String peerName, List<String> nodes, String bindHost, int clientPort,
                        SrmParameters params, dev.tandem.proto.admin.v1.UserAssignmentMode mode, Database db,
                        PeerLink link, dev.tandem.agent.presence.clientport.ClientPortBinding clientBinding,
                        boolean secretsRequired) throws IOException {
        this.self = self;
        this.peerName = peerName;
        this.bindHost = bindHost;
        this.link = link;
        ReloginLimits relogin = ReloginLimits.ofMillis(params.reloginLowerLimitMs(), params.reloginUpperLimitMs());
        PresenceNodeConfig pc = new PresenceNodeConfig(self, new GroupNodes(nodes.get(0), nodes.get(1)),
                new InetSocketAddress(bindHost, clientPort), relogin, true);
        try {
            node = new PresenceNode(pc, db.connection()).reportStorageTo(db.storage());
        } catch (SQLException e) {
            throw new IOException("cannot open the presence store of " + self + ": " + e.getMessage(), e);
        }
        node.sessions().setServing(false, self + " is starting and serves no users yet");
        UserAssignmentMode wanted = UserAssignmentMode.valueOf(mode.name());
        if (node.users().assignmentMode() != wanted) {
            node.users().setAssignmentMode(wanted); // same result on both nodes: placement is deterministic
        }
        replicator = new Replicator(self, link::channel);
        // first: a move is queued to the peer before the sessions follow it, so their hand-off can wait for it
        node.users().addListenerFirst((change, origin) -> {
            if (origin == UserChange.Origin.LOCAL) {
                replicator.change(change);
            }
        });
        // make before break (issue 12): this node's own moves redirect their clients once the peer
        // has applied them (and promoted the standby connections), at most HAND_OFF_WAIT_MAX_MS later
        long handOffWaitMs = Math.min(params.heartbeatTimeoutMs(), HAND_OFF_WAIT_MAX_MS);
        node.sessions().setHandOff(redirect -> replicator.whenQueuedApplied()
                .orTimeout(handOffWaitMs, java.util.concurrent.TimeUnit.MILLISECONDS)
                .whenComplete((applied, timedOut) -> redirect.accept(timedOut == null)));
        node.sessions().setPresenceRelay(replicator::presence);
        storeSync = new StoreSync(self, peerName, nodes.get(0).equals(self), node.users(), replicator::pending,
                this::fetchPeerStore, Math.max(1000, 2 * params.heartbeatIntervalMs()));
        storeSync.onSendBack(replicator::change); // what a resync kept here because it is newer goes to the peer
        // a resync still pending at the last stop is pending now, even if replication filled part of the store
        storeSync.durable(db.getConfig(RESYNC_PENDING_KEY).map(v -> v.length > 0 && v[0] == 1).orElse(false),
                pending -> db.putConfig(RESYNC_PENDING_KEY, new byte[] {(byte) (pending ? 1 : 0)}));
        // a user logs in only with that user's secret; --insecure lets users without one in (docs/security.md)
        node.sessions().setLoginGuard(new dev.tandem.agent.security.secrets.SecretLoginGuard(node.users(), secretsRequired));
        node.secureWith(clientBinding).start();
        sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "presence-counters-" + self);
            t.setDaemon(true);
            return t;
        });
        // sampled off the SRM thread: a move of thousands of sessions holds the session lock a while
        sampler.scheduleWithFixedDelay(() -> counters = node.counters(), 0, COUNTER_REFRESH_MS, TimeUnit.MILLISECONDS);
        // self-fence after a pause (issue 10): its own thread, so a busy sampler cannot look like a pause
        long tick = Math.max(1, Math.min(WATCHDOG_TICK_MS, params.heartbeatTimeoutMs() / 4));
        fence = new PauseFence(System::nanoTime, link::lastSeq, System::currentTimeMillis, tick,
                params.heartbeatTimeoutMs());
        node.sessions().setActiveLoginGuard(() -> fence.refusal().map(r -> self + ": " + r).orElse(null));
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pause-watchdog-" + self);
            t.setDaemon(true);
            t.setPriority(Thread.MAX_PRIORITY);
            return t;
        });
        watchdog.scheduleAtFixedRate(fence::tick, tick, tick, TimeUnit.MILLISECONDS);
    }

    public PresenceNode node() {
        return node;
    }

    public UserStore users() {
        return node.users();
    }

    /** The one entry point of the SRM's user moves (each one transaction). */
    UserMoves moves() {
        return node.moves();
    }

    Replicator replicator() {
        return replicator;
    }

    /** Fault injection: the next move's database write fails half-way (M19, M20). */
    public void failNextMove(MoveFault fault) {
        node.moves().failNextMove(fault);
    }

    /** The §8 counters, at most {@link #COUNTER_REFRESH_MS} old. */
    public SessionCounters counters() {
        return counters;
    }

    /**
     * Counted again only when a user record changed: the SRM thread asks several times per
     * status and per heartbeat, and a pass over 15,000 users on it delayed heartbeats (issue 10).
     */
    public UserCounts counts() {
        long v = node.users().version();
        boolean nobody = servesNobodyAssigned();
        CachedCounts c = cachedCounts;
        if (c != null && c.version() == v && c.servesNobody() == nobody) {
            return c.counts();
        }
        UserCounts fresh = count(); // a change during the pass only makes the next call count again
        cachedCounts = new CachedCounts(v, nobody, fresh);
        return fresh;
    }

    /** The users assigned here are served by nobody: critical services stopped (M15), or fenced by the witness. */
    private boolean servesNobodyAssigned() {
        return servicesStopped || witnessFenced;
    }

    private record CachedCounts(long version, boolean servesNobody, UserCounts counts) {
    }

    private UserCounts count() {
        int home = 0;
        int served = 0;
        int peerThere = 0;
        List<UserRecord> all = node.users().all();
        for (UserRecord u : all) {
            if (u.isHomedOn(self)) {
                home++;
            }
            if (u.isServedBy(self) && !servesNobodyAssigned()) { // assigned here, but nobody serves them now
                served++;
            }
            if (u.isHomedOn(peerName) && u.isServedBy(peerName)) {
                peerThere++;
            }
        }
        return new UserCounts(home, served, peerThere, all.size());
    }

    /** This node's client port as the peer should hand it to clients (host:port). */
    public String clientAddress() {
        return node.endpoint().address();
    }

    public ReloginLimits relogin() {
        return node.endpoint().relogin();
    }

    // ------------------------------------------------------------------ SRM thread

    /** Sets both gates from the SRM's view; cheap when nothing changed. Actor thread. */
    void onSrmState(NodeState mine, Reason reason, PeerStatus peer, boolean criticalServicesStopped) {
        if (peer == null && fence.fenced() && mine != NodeState.NORMAL) {
            // the SRM has seen its peer silent and acted on it by its own rules (takeover, initialization)
            fence.peerSilenceConfirmed();
        }
        servicesStopped = criticalServicesStopped;
        if (peer == null) {
            storeSync.peerLost();
        }
        witnessFenced = ownLeaseMissing && peer == null && !SERVES_NOBODY.contains(mine);
        // issue 11 (M15): with its critical services stopped a node serves nobody, whatever its state says
        String serving = SERVES_NOBODY.contains(mine)
                ? self + " is " + mine.label() + " (" + reason.label() + ") and serves no users now"
                : criticalServicesStopped ? self + " has its critical services stopped and serves no users now"
                // cut off from its peer and the witness: the peer may hold the lease and serve them (issue 10)
                : witnessFenced ? self + " holds no witness lease and hears no peer: it serves no"
                + " users now, its peer may" : "";
        if (!serving.equals(servingGate)) {
            servingGate = serving;
            // a peer in backup mode took these users over and promoted their standbys (make before break)
            boolean peerPromoted = peer != null && (peer.state() == NodeState.RUNNING_IN_BACKUP_MODE
                    || peer.state() == NodeState.BACKUP_ACTIVATED);
            node.sessions().setServing(serving.isEmpty(), serving.isEmpty() ? null : serving, peerPromoted);
        }
        // critical services stopped: no standby connections either (clients retry later)
        String standby = mine == NodeState.IDLE || mine == NodeState.FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING
                ? self + " is " + mine.label() + ": its critical services are not running" : "";
        if (!standby.equals(standbyGate)) {
            standbyGate = standby;
            node.sessions().setStandbyAccepted(standby.isEmpty(), standby.isEmpty() ? null : standby);
        }
        String blocked = usersBlocked(mine, reason, peer);
        String add = blocked == null ? "" : blocked;
        if (!add.equals(addGate)) {
            addGate = add;
            node.users().setAddUsersAllowed(add.isEmpty(), blocked);
        }
    }

    /** §5: users are added (and removed) only while both nodes are Normal; else why not. */
    public String usersBlocked(NodeState mine, Reason reason, PeerStatus p) {
        if (mine != NodeState.NORMAL) {
            return self + " is " + mine.label() + " (" + reason.label()
                    + "); users can be changed only while both nodes are Normal";
        }
        if (p == null) {
            return peerName + " is unreachable; users can be changed only while both nodes are Normal";
        }
        if (p.state() != NodeState.NORMAL) {
            return peerName + " is " + p.state().label() + " (" + p.reason().label()
                    + "); users can be changed only while both nodes are Normal";
        }
        return null;
    }

    /**
     * With a witness: whether this node holds the lease of its own users. Without it and
     * without its peer, it serves nobody (the gate is set at the SRM's next event). Any thread.
     */
    public void ownLeaseHeld(boolean held) {
        ownLeaseMissing = !held;
    }

    /** The pause fence (self-fencing after a pause). */
    public PauseFence fence() {
        return fence;
    }

    /** How often this node took its peer's whole store since it started (issue 11). */
    public long storeResyncs() {
        return storeSync.resyncs();
    }

    /** Store convergence (issue 11): the comparison with the peer's store. */
    StoreSync storeSync() {
        return storeSync;
    }

    /** Compares the peer's store, as its heartbeat sums it up, with this one. Actor thread. */
    void onPeerStore(HeartbeatMessage m, long nowMs) {
        if (m.hasStore()) {
            storeSync.observe(m.getStore(), nowMs);
        } else {
            storeSync.peerCannotCompare();
        }
    }

    /** The peer's whole store, read over the data channel (FetchStore); checked like a replicated change. */
    private StoreSnapshot fetchPeerStore() {
        io.grpc.ManagedChannel ch = link.channel();
        if (ch == null) {
            throw new IllegalStateException("the address of " + peerName + " is not known");
        }
        return StoreTransfer.fetch(ch, self, peerName, node.users().nodes());
    }

    /** This node's whole store to the peer, read at one moment (FetchStore; any thread). */
    public void streamStore(StoreRequest r, io.grpc.stub.StreamObserver<StoreChunk> o) {
        StoreTransfer.stream(node.users(), self, peerName, r, o);
    }

    /** Learns the peer's client port from its heartbeat. Actor thread. */
    void onPeerHeartbeat(HeartbeatMessage m) {
        String address = m.getClientAddress();
        if (address.isEmpty() || address.equals(peerClientAddress)) {
            return;
        }
        peerClientAddress = address;
        String reachable = address;
        if (address.startsWith("0.0.0.0:") || address.startsWith("[::]:")) {
            // the peer listens on every interface: reach it on the host its service port is known by
            String host = link.address().contains(":") ? link.address().substring(0, link.address().lastIndexOf(':')) : "";
            reachable = host + address.substring(address.lastIndexOf(':'));
        }
        node.setPeerEndpoint(new NodeEndpoint(peerName, reachable,
                ReloginLimits.ofMillis(m.getReloginLowerMs(), Math.max(m.getReloginLowerMs(), m.getReloginUpperMs()))));
        log.info("{}: the client port of {} is {}", self, peerName, reachable);
    }

    // ------------------------------------------------------------------ from the peer

    /** Applies the peer's batch in order (a gRPC thread; holds no lock of ours). */
    public ReplicationAck apply(ReplicationBatch b) {
        int applied = 0;
        String error = "";
        if (!b.getNode().equals(peerName)) {
            return ReplicationAck.newBuilder().setNode(self).setError("replication from "
                    + dev.tandem.agent.security.input.Inputs.quote(b.getNode()) + " refused: the peer of " + self
                    + " is " + peerName).build();
        }
        List<String> group = List.of(node.users().nodes().first(), node.users().nodes().second());
        for (ReplicatedItem item : b.getItemsList()) {
            try {
                if (item.hasChange()) {
                    // even the authenticated peer's changes must be well-formed (issue 9: forged users survived restarts)
                    List<String> problems = dev.tandem.agent.security.peer.PeerMessageRules.changeProblems(item.getChange(), group);
                    if (!problems.isEmpty()) {
                        throw new IllegalArgumentException("refused: " + String.join("; ", problems));
                    }
                    node.users().applyReplicated(StoreChanges.decode(item.getChange()));
                } else if (item.hasPresence()) {
                    node.sessions().applyPeerPresence(item.getPresence());
                }
                applied++;
            } catch (RuntimeException e) {
                error = self + " could not apply a change from " + peerName + ": " + e.getMessage();
                log.warn("{}", error);
                break;
            }
        }
        return ReplicationAck.newBuilder().setNode(self).setApplied(applied).setError(error).build();
    }

    // ------------------------------------------------------------------ metrics

    /** The §8 counters, this node's user figures and the replication backlog, for /metrics (any thread). */
    public PresenceFigures figures() {
        UserCounts u = counts();
        return new PresenceFigures(node.counters(), u.total(), u.homeHere(), u.servedHere(), replicator.pending());
    }

    // ------------------------------------------------------------------ life cycle

    /** Orderly: clients are told, then the client port closes. */
    @Override
    public void close() {
        sampler.shutdownNow();
        watchdog.shutdownNow();
        storeSync.close();
        replicator.close();
        try {
            node.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Abrupt: connections just break and queued changes are lost, as in a killed process. */
    public void halt() {
        sampler.shutdownNow();
        watchdog.shutdownNow();
        storeSync.close();
        replicator.close();
        try {
            node.halt();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
