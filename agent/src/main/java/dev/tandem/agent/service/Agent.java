package dev.tandem.agent.service;

import dev.tandem.agent.runtime.Protos;
import dev.tandem.agent.runtime.NodePresence;
import dev.tandem.agent.runtime.SrmLoop;
import dev.tandem.agent.admin.AdminOps;
import dev.tandem.agent.admin.AdminServiceImpl;
import dev.tandem.agent.metrics.AgentMetrics;
import dev.tandem.agent.presence.store.MoveFault;
import dev.tandem.agent.peer.PeerHandler;
import dev.tandem.agent.peer.PeerLink;
import dev.tandem.agent.peer.PeerServiceImpl;
import dev.tandem.agent.witness.WitnessKeeper;
import dev.tandem.agent.witness.WitnessLease;
import dev.tandem.agent.security.PortSecurity;
import dev.tandem.agent.security.pki.PkiDirectory;
import dev.tandem.agent.peer.PeerTransport;
import dev.tandem.agent.critical.CriticalServices;
import dev.tandem.agent.critical.EmulatedDatabase;
import dev.tandem.agent.critical.ServiceBinding;
import dev.tandem.agent.srm.CriticalService;
import dev.tandem.agent.srm.PersistedState;
import dev.tandem.agent.statedb.Database;
import dev.tandem.proto.admin.v1.GroupConfiguration;
import dev.tandem.proto.peer.v1.ForwardedReply;
import dev.tandem.proto.peer.v1.ForwardedRequest;
import dev.tandem.proto.peer.v1.HeartbeatMessage;
import dev.tandem.proto.peer.v1.RecoveryRequest;
import dev.tandem.proto.peer.v1.SharedConfig;
import dev.tandem.proto.peer.v1.ShutdownNotice;
import dev.tandem.proto.peer.v1.ReplicationAck;
import dev.tandem.proto.peer.v1.ReplicationBatch;
import io.grpc.Server;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node agent: its SRM, critical services, database, the presence node with its client
 * port and replicated user store, the service port (peer link), the admin port and,
 * when configured, /metrics. {@link #start()}, then {@link #stop()} (orderly: the peer is told
 * first) or {@link #kill()} (abrupt, for tests: the peer sees a lost heartbeat).
 * Ports 0 pick free ports; {@link #servicePort()}, {@link #adminPort()}, {@link #clientPort()}
 * and {@link #metricsPort()} tell which.
 */
public final class Agent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Agent.class);

    private final AgentConfig config;
    private final LongSupplier clock;
    private final WallClock wall;
    private Database db;
    private CriticalServices services;
    private NodePresence presence;
    private AgentMetrics metrics;
    private PeerTransport transport;
    private PeerLink link;
    private volatile SrmLoop loop;
    private AdminOps ops;
    private NodeRecords records;
    private Server peerServer;
    /** The ZooKeeper witness (issue 10), or null when witness.zookeeper is not set. */
    private volatile WitnessKeeper witness;
    private Server adminServer;
    private ScheduledExecutorService poller;
    private HealthStatusManager health;
    private volatile boolean running;

    public Agent(AgentConfig config) {
        this(config, new WallClock());
    }

    private Agent(AgentConfig config, WallClock wall) {
        this(config, new MonotonicClock(wall), wall);
    }

    /**
     * @param clock the SRM's monotonic time (deadlines)
     * @param wall  wall-clock time, for display only (event and audit timestamps)
     */
    public Agent(AgentConfig config, LongSupplier clock, WallClock wall) {
        this.config = config;
        this.clock = clock;
        this.wall = wall;
    }

    /** The wall clock used for display; a test steps it to show that deadlines do not depend on it. */
    public WallClock wallClock() {
        return wall;
    }

    /** Starts everything; returns when both ports listen and the SRM has started. */
    public synchronized Agent start() throws IOException {
        if (running) {
            throw new IllegalStateException("agent " + config.node() + " is already running");
        }
        // TLS files first: a node that cannot secure its ports does not start (--insecure is explicit)
        PortSecurity security = config.insecure() ? PortSecurity.insecure(config.node())
                : PortSecurity.tls(new PkiDirectory(config.tlsDir()), config.node(), config.peer());
        db = Database.open(config.dataDir());
        SharedConfig shared = loadShared();
        Map<CriticalService, ServiceBinding> bindings = new EnumMap<>(CriticalService.class);
        config.bindings().forEach((s, b) -> bindings.put(s, ServiceBinding.parse(b[0], b[1], b[2])));
        services = new CriticalServices(bindings, clock);
        EmulatedDatabase database = new EmulatedDatabase(clock.getAsLong());
        long interval = shared.getConfiguration().getParameters().getHeartbeatIntervalMs();
        transport = new PeerTransport(config.node(), target -> security.peerChannel(target), security::peerServer);
        link = new PeerLink(config.node(), wall, Math.max(1000, 2 * interval), transport);
        presence = new NodePresence(config.node(), config.peer(), config.nodes(), config.bindAddress(),
                config.clientPort(), Protos.parameters(shared.getConfiguration().getParameters()),
                shared.getConfiguration().getUserAssignmentMode(), db, link, security.clientBinding(), !config.insecure());
        Handler handler = new Handler();
        peerServer = transport.server(new InetSocketAddress(config.bindAddress(), config.servicePort()))
                .addService(security.peerService(new PeerServiceImpl(config.node(), handler, wall))).build().start();
        health = new HealthStatusManager();
        AdminServiceImpl adminImpl = new AdminServiceImpl();
        adminServer = security.adminServer(new InetSocketAddress(config.bindAddress(), config.adminPort()))
                .addService(security.adminService(adminImpl.bindService()))
                .addService(security.adminService(health.getHealthService().bindService()))
                .addService(security.adminService(ProtoReflectionServiceV1.newInstance().bindService()))
                .addService(security.adminService(ProtoReflectionService.newInstance().bindService()))
                .build().start();
        String host = host();
        loop = new SrmLoop(config.node(), config.peer(), config.userMoveDelayMs(), shared, clock, wall,
                new SrmLoop.Parts(db, services, database, presence, link), peerServer.getPort(),
                adminServer.getPort(), host + ":" + adminServer.getPort());
        loop.flapLimits(config.flapLimits());
        ops = new AdminOps(loop, config.cluster(), link);
        records = new NodeRecords(config.node(), loop, db, link, clock, wall);
        adminImpl.bind(ops, records.api());
        handler.ops = ops;
        Optional<PersistedState> persisted = db.loadState();
        loop.start(persisted.orElse(null));
        if (config.witnessEnabled()) {
            // after the start: the SRM hears that takeovers need the lease before it could decide one
            witness = new WitnessKeeper(config.node(), config.peer(), new WitnessLease(config.witnessZookeeper(),
                    shared.getConfiguration().getGroup(), config.node(), Duration.ofMillis(config.witnessLeaseTimeoutMs())),
                    loop, presence).start();
        }
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "service-poll-" + config.node());
            t.setDaemon(true);
            return t;
        });
        services.startPolling(poller, config.servicePollMs());
        records.start();
        if (config.metricsPort() != AgentConfig.METRICS_OFF) {
            startMetrics();
        }
        link.connect(config.peerAddress());
        health.setStatus("", io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING);
        running = true;
        log.info("{}: agent started (group {}, {}, service port {}, admin port {}, client port {}, metrics {}, peer {}{})",
                config.node(), security.isInsecure() ? "INSECURE plaintext" : "TLS from " + config.tlsDir(), shared.getConfiguration().getGroup(), peerServer.getPort(), adminServer.getPort(),
                clientPort(), metrics == null ? "off" : "port " + metrics.port(), config.peer(),
                persisted.map(p -> ", resuming " + p.state().label() + " / " + p.reason().label()).orElse(""));
        return this;
    }

    /** /metrics, and the hooks that feed its histograms and counters. */
    private void startMetrics() throws IOException {
        SrmLoop l = loop;
        metrics = AgentMetrics.start(new InetSocketAddress(config.metricsBind(), config.metricsPort()), config.node(),
                () -> l.statuses().latest(), presence::figures);
        AgentMetrics m = metrics;
        // SRM thread: the view's actor-only reads are allowed there
        l.addDecisionListener(d -> m.srmDecided(d, l.view().lastHeartbeatMs()));
        link.addRoundTripListener(m::heartbeatRoundTrip);
        presence.node().moves().setReportListener(r -> m.userMove(r.kind().name(), r.elapsed().toNanos()));
        presence.node().sessions().setLoginTimer(m::login);
    }

    /** The shared configuration: the database's if an admin changed it, else the file's. */
    private SharedConfig loadShared() {
        Optional<byte[]> stored = db.getConfig("shared");
        if (stored.isPresent()) {
            try {
                return SharedConfig.parseFrom(stored.get());
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                log.warn("{}: stored configuration unreadable, using the file's: {}", config.node(), e.getMessage());
            }
        }
        SharedConfig s = SharedConfig.newBuilder().setRevision(0).setConfiguration(GroupConfiguration.newBuilder()
                .setGroup(config.group()).setDescription(config.description()).addAllNodes(config.nodes())
                .setHaEnabled(config.haEnabled())
                .setParameters(Protos.parameters(config.parameters(), config.servicePort(), config.adminPort()))
                .setUserAssignmentMode(config.userAssignmentMode())).build();
        db.putConfig("shared", s.toByteArray());
        return s;
    }

    /** Points the peer link at the peer's service port (for agents started with ports 0). */
    public void connectPeer(String hostPort) {
        link.connect(hostPort);
    }

    public String name() {
        return config.node();
    }

    public AgentConfig config() {
        return config;
    }

    public int servicePort() {
        return peerServer.getPort();
    }

    public int adminPort() {
        return adminServer.getPort();
    }

    /** host:port a client dials for the admin API. */
    public String adminTarget() {
        return host() + ":" + adminPort();
    }

    public String serviceTarget() {
        return host() + ":" + servicePort();
    }

    public boolean isRunning() {
        return running;
    }

    /** The client port of the presence node (clients log in here). */
    public int clientPort() {
        return presence.node().endpoint().address().isEmpty() ? -1
                : Integer.parseInt(presence.node().endpoint().address().replaceAll(".*:", ""));
    }

    /** host:port a client dials for the client port. */
    public String clientTarget() {
        return host() + ":" + clientPort();
    }

    /** The host clients dial: not a wildcard address (node certificates name localhost and 127.0.0.1). */
    private String host() {
        String b = config.bindAddress();
        return b.equals("0.0.0.0") || b.equals("::") ? "localhost" : b;
    }

    /** The port of /metrics, or -1 when metrics.port is not set. */
    public int metricsPort() {
        return metrics == null ? -1 : metrics.port();
    }

    /** The presence node: its user store, sessions and counters (tests, embedded demo). */
    public NodePresence presence() {
        return presence;
    }

    /** Test and drill hook: the next user move's database write fails half-way (M19, M20). */
    public void failNextMove() {
        presence.failNextMove(MoveFault.FAIL_WRITE);
    }

    /** With the witness: whether this node's SRM was told that its peer holds its users' lease (tests). */
    public boolean witnessSaysPeerHoldsOwnLease() {
        WitnessKeeper w = witness;
        return w != null && w.peerHoldsOwnLease();
    }

    public CriticalServices criticalServices() {
        return services;
    }

    public Database database() {
        return db;
    }

    public AdminOps admin() {
        return ops;
    }

    /** Orderly stop: tells the peer (Peer Reboot there), then closes the ports and the database. */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        log.info("{}: stopping in an orderly way; telling the peer first", config.node());
        loop.shutdown(2000);
        if (witness != null) {
            witness.close(); // after the goodbye: the peer may take the leases at once
        }
        presence.close();
        closeAll();
    }

    /** Stops at once without telling the peer, as a killed process would (Peer Down there). */
    public synchronized void kill() {
        if (!running) {
            return;
        }
        log.info("{}: killed", config.node());
        if (witness != null) {
            witness.halt();
        }
        loop.halt();
        presence.halt();
        closeAll();
    }

    private void closeAll() {
        running = false;
        health.enterTerminalState();
        poller.shutdownNow();
        records.close();
        if (metrics != null) {
            metrics.close();
        }
        peerServer.shutdownNow();
        adminServer.shutdownNow();
        try {
            peerServer.awaitTermination(2, TimeUnit.SECONDS);
            adminServer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        transport.close();
        db.close();
        notifyAll();
    }

    public synchronized void blockUntilShutdown() throws InterruptedException {
        while (running) {
            wait();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Messages of the peer, handed to the SRM thread. */
    private final class Handler implements PeerHandler {
        volatile AdminOps ops;

        @Override
        public void onHeartbeat(HeartbeatMessage m) {
            loop.onHeartbeat(m);
        }

        @Override
        public void onShutdown(ShutdownNotice n) {
            loop.onShutdown(n.getEnvelope(), n.getSrmIncarnation());
        }

        @Override
        public void onRecovery(RecoveryRequest r) {
            loop.onRecovery(r.getEnvelope(), r.getActor());
        }

        @Override
        public ReplicationAck onReplicate(ReplicationBatch b) {
            ReplicationAck ack = presence.apply(b);
            SrmLoop l = loop;
            if (ack.getApplied() > 0 && l != null) {
                l.republish(); // users may have moved: the status shows it at once
            }
            return ack;
        }

        @Override
        public void onFetchStore(dev.tandem.proto.peer.v1.StoreRequest r,
                                 io.grpc.stub.StreamObserver<dev.tandem.proto.peer.v1.StoreChunk> o) {
            presence.streamStore(r, o);
        }

        @Override
        public ForwardedReply onForward(ForwardedRequest r) {
            return ops.forwarded(r);
        }
    }
}
