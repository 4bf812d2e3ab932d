package dev.tandem.agent.service;

import dev.tandem.agent.admin.AdminOps;
import dev.tandem.agent.admin.AdminServiceImpl;
import dev.tandem.agent.node.InMemoryUserMover;
import dev.tandem.agent.peer.PeerHandler;
import dev.tandem.agent.peer.PeerLink;
import dev.tandem.agent.peer.PeerServiceImpl;
import dev.tandem.agent.services.CriticalServices;
import dev.tandem.agent.services.EmulatedDatabase;
import dev.tandem.agent.services.ServiceBinding;
import dev.tandem.agent.srm.CriticalService;
import dev.tandem.agent.srm.PersistedState;
import dev.tandem.agent.store.Database;
import dev.tandem.agent.store.Database.UserRow;
import dev.tandem.proto.admin.v1.GroupConfiguration;
import dev.tandem.proto.peer.v1.ForwardedReply;
import dev.tandem.proto.peer.v1.ForwardedRequest;
import dev.tandem.proto.peer.v1.HeartbeatMessage;
import dev.tandem.proto.peer.v1.RecoveryRequest;
import dev.tandem.proto.peer.v1.SharedConfig;
import dev.tandem.proto.peer.v1.ShutdownNotice;
import dev.tandem.proto.peer.v1.UserChange;
import dev.tandem.proto.peer.v1.UserHome;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionService;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node agent: its SRM, critical services, database, users, the service port (peer
 * link) and the admin port. {@link #start()}, then {@link #stop()} (orderly: the peer is told
 * first) or {@link #kill()} (abrupt, for tests: the peer sees a lost heartbeat).
 * Ports 0 pick free ports; {@link #servicePort()} and {@link #adminPort()} tell which.
 */
public final class Agent implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Agent.class);

    private final AgentConfig config;
    private final LongSupplier clock;
    private Database db;
    private CriticalServices services;
    private InMemoryUserMover mover;
    private PeerLink link;
    private SrmLoop loop;
    private AdminOps ops;
    private Server peerServer;
    private Server adminServer;
    private ScheduledExecutorService poller;
    private HealthStatusManager health;
    private volatile boolean running;

    public Agent(AgentConfig config) {
        this(config, new MonotonicClock());
    }

    public Agent(AgentConfig config, LongSupplier clock) {
        this.config = config;
        this.clock = clock;
    }

    /** Starts everything; returns when both ports listen and the SRM has started. */
    public synchronized Agent start() throws IOException {
        if (running) {
            throw new IllegalStateException("agent " + config.node() + " is already running");
        }
        db = Database.open(config.dataDir());
        SharedConfig shared = loadShared();
        Map<CriticalService, ServiceBinding> bindings = new EnumMap<>(CriticalService.class);
        config.bindings().forEach((s, b) -> bindings.put(s, ServiceBinding.parse(b[0], b[1], b[2])));
        services = new CriticalServices(bindings, clock);
        EmulatedDatabase database = new EmulatedDatabase(clock.getAsLong());
        mover = new InMemoryUserMover(config.node(), config.peer(), db, config.userMoveDelayMs());
        long interval = shared.getConfiguration().getParameters().getHeartbeatIntervalMs();
        link = new PeerLink(config.node(), clock, Math.max(1000, 2 * interval));
        Handler handler = new Handler();
        peerServer = NettyServerBuilder.forAddress(new InetSocketAddress(config.bindAddress(), config.servicePort()))
                .addService(new PeerServiceImpl(config.node(), handler, clock)).build().start();
        health = new HealthStatusManager();
        AdminServiceImpl adminImpl = new AdminServiceImpl();
        adminServer = NettyServerBuilder.forAddress(new InetSocketAddress(config.bindAddress(), config.adminPort()))
                .addService(adminImpl)
                .addService(health.getHealthService())
                .addService(ProtoReflectionServiceV1.newInstance())
                .addService(ProtoReflectionService.newInstance())
                .build().start();
        String host = config.bindAddress().equals("0.0.0.0") ? "localhost" : config.bindAddress();
        loop = new SrmLoop(config, shared, clock, db, services, database, mover, link, peerServer.getPort(),
                adminServer.getPort(), host + ":" + adminServer.getPort());
        ops = new AdminOps(loop, config, link);
        adminImpl.bind(ops);
        handler.ops = ops;
        Optional<PersistedState> persisted = db.loadState();
        loop.start(persisted.orElse(null));
        poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "service-poll-" + config.node());
            t.setDaemon(true);
            return t;
        });
        services.startPolling(poller, config.servicePollMs());
        link.connect(config.peerAddress());
        health.setStatus("", io.grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING);
        running = true;
        log.info("{}: agent started (group {}, service port {}, admin port {}, peer {}{})", config.node(),
                shared.getConfiguration().getGroup(), peerServer.getPort(), adminServer.getPort(), config.peer(),
                persisted.map(p -> ", resuming " + p.state().label() + " / " + p.reason().label()).orElse(""));
        return this;
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
        return (config.bindAddress().equals("0.0.0.0") ? "localhost" : config.bindAddress()) + ":" + adminPort();
    }

    public String serviceTarget() {
        return (config.bindAddress().equals("0.0.0.0") ? "localhost" : config.bindAddress()) + ":" + servicePort();
    }

    public boolean isRunning() {
        return running;
    }

    /** The emulated node's users (tests, embedded demo). */
    public InMemoryUserMover users() {
        return mover;
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
        closeAll();
    }

    /** Stops at once without telling the peer, as a killed process would (Peer Down there). */
    public synchronized void kill() {
        if (!running) {
            return;
        }
        log.info("{}: killed", config.node());
        loop.halt();
        closeAll();
    }

    private void closeAll() {
        running = false;
        health.enterTerminalState();
        poller.shutdownNow();
        peerServer.shutdownNow();
        adminServer.shutdownNow();
        try {
            peerServer.awaitTermination(2, TimeUnit.SECONDS);
            adminServer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
        public void onUsers(UserChange c) {
            List<UserRow> added = c.getAddedList().stream().map((UserHome u) -> new UserRow(u.getUser(), u.getHome(),
                    u.getHome())).toList();
            mover.change(added, c.getRemovedList());
        }

        @Override
        public ForwardedReply onForward(ForwardedRequest r) {
            return ops.forwarded(r);
        }
    }
}
