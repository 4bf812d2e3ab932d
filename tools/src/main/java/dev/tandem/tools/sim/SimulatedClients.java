package dev.tandem.tools.sim;

import dev.tandem.agent.presence.NodeEndpoint;
import dev.tandem.proto.presence.v1.ClientPortGrpc;
import dev.tandem.proto.presence.v1.ConnectionMode;
import dev.tandem.proto.presence.v1.NodeRef;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The core of the client simulator: N simulated clients, each a real client-port stream (two
 * with dual connections), sharing a few gRPC channels per node. Usable from tests and
 * benchmarks: {@link #start}, {@link #awaitAllServed}, {@link #mark} before a failover,
 * {@link #stats}, {@link #close}.
 */
public final class SimulatedClients implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SimulatedClients.class);

    private final SimulationConfig config;
    private final Map<String, NodeEndpoint> nodesByName = new HashMap<>();
    private final Map<String, List<ManagedChannel>> channels = new HashMap<>();
    private final List<SimClient> clients = new ArrayList<>();
    private final DowntimeRecorder recorder = new DowntimeRecorder();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "sim-scheduler");
        t.setDaemon(true);
        return t;
    });
    private final Object progress = new Object();
    /** Waiters look again at least this often (they are woken only when a count reaches the total). */
    private static final long WAKE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private int served;
    private int withStandby;
    private final AtomicLong logins = new AtomicLong();
    private final AtomicLong redirects = new AtomicLong();
    private final AtomicLong streamCounter = new AtomicLong();

    private final String secret;

    /** Plaintext client ports, no secrets (agents run with --insecure). */
    public SimulatedClients(SimulationConfig config) {
        this(config, null, "");
    }

    /**
     * @param tls    credentials for the client ports (TLS trusting the group CA); null = plaintext
     * @param secret the login secret every simulated user presents ("" = none)
     */
    public SimulatedClients(SimulationConfig config, io.grpc.ChannelCredentials tls, String secret) {
        this(config, tls, secret, Callbacks.POOL);
    }

    /** Where the clients' gRPC callbacks run. */
    public enum Callbacks {
        /**
         * gRPC's default executor (a thread hop per callback). For agents in the simulator's own
         * JVM: their peer links share gRPC's default event loops, which EVENT_LOOP would load with
         * the clients' work (with it, KillDuringTakeoverTest left clients unserved in 3 runs of 3).
         */
        POOL,
        /**
         * On the event loop that read the message (directExecutor). For agents in other
         * processes: in a 15,000-client login storm it cut the simulator's CPU from 2.2 s to
         * 1.4 s, and the thread hops had added about 200 ms to the measured downtime p99.
         */
        EVENT_LOOP
    }

    /**
     * @param tls       credentials for the client ports (TLS trusting the group CA); null = plaintext
     * @param secret    the login secret every simulated user presents ("" = none)
     * @param callbacks where the clients' callbacks run
     */
    public SimulatedClients(SimulationConfig config, io.grpc.ChannelCredentials tls, String secret, Callbacks callbacks) {
        this.config = config;
        this.secret = secret;
        for (NodeEndpoint n : config.nodes()) {
            if (n.address().isEmpty()) {
                throw new IllegalArgumentException("node " + n.name() + " has no client-port address");
            }
            nodesByName.put(n.name(), n);
            List<ManagedChannel> list = new ArrayList<>();
            for (int i = 0; i < config.channelsPerNode(); i++) {
                NettyChannelBuilder b = tls == null ? NettyChannelBuilder.forTarget(n.address()).usePlaintext()
                        : NettyChannelBuilder.forTarget(n.address(), tls);
                if (callbacks == Callbacks.EVENT_LOOP) {
                    b.directExecutor();
                }
                // The simulator is half of the measured machine: no retry buffering (a stream is
                // never retried; a client logs in again itself).
                list.add(b.disableRetry().build());
            }
            channels.put(n.name(), list);
        }
        config.userIds().forEach(u -> clients.add(new SimClient(this, u)));
    }

    /**
     * Opens every channel's TCP connection and waits until all are ready, so that a timed storm
     * measures logins, not connection set-up (streams started while a channel still connects
     * wait in gRPC's delayed transport and are replayed one by one when it is ready).
     *
     * @return false if some channel was not ready within the timeout
     */
    public boolean connect(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (List<ManagedChannel> list : channels.values()) {
            for (ManagedChannel ch : list) {
                while (true) {
                    io.grpc.ConnectivityState state = ch.getState(true);
                    if (state == io.grpc.ConnectivityState.READY) {
                        break;
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return false;
                    }
                    java.util.concurrent.CountDownLatch changed = new java.util.concurrent.CountDownLatch(1);
                    ch.notifyWhenStateChanged(state, changed::countDown);
                    changed.await(Math.min(left, WAKE_NANOS), TimeUnit.NANOSECONDS);
                }
            }
        }
        return true;
    }

    /** Every client logs in ACTIVE to one of the two nodes (alternating, so half of them are
     * redirected as real clients with a stale node would be), and starts publishing. */
    public SimulatedClients start() {
        return start(null);
    }

    /** As {@link #start()}, but every client first tries {@code firstGuess} (null: alternate). */
    public SimulatedClients start(NodeEndpoint firstGuess) {
        for (int i = 0; i < clients.size(); i++) {
            SimClient c = clients.get(i);
            c.loginActive(firstGuess != null ? firstGuess : config.nodes().get(i % 2));
            long period = config.publishInterval().toMillis();
            if (period > 0) {
                scheduler.scheduleAtFixedRate(c::publish, ThreadLocalRandom.current().nextLong(period), period,
                        TimeUnit.MILLISECONDS);
            }
        }
        return this;
    }

    public boolean awaitAllServed(Duration timeout) throws InterruptedException {
        return await(() -> served, clients.size(), timeout);
    }

    /** With dual connections: until every client also holds an inactive connection. */
    public boolean awaitAllStandby(Duration timeout) throws InterruptedException {
        return await(() -> withStandby, clients.size(), timeout);
    }

    /** Starts a new measurement: call just before the failover or fallback. */
    public void mark() {
        recorder.mark();
    }

    /** How many clients are in each state (diagnostics for a test that waited in vain). */
    public java.util.Map<String, Long> states() {
        return clients.stream().collect(java.util.stream.Collectors.groupingBy(SimClient::state,
                java.util.TreeMap::new, java.util.stream.Collectors.counting()));
    }

    public SimulationStats stats() {
        int s;
        int st;
        synchronized (progress) {
            s = served;
            st = withStandby;
        }
        return recorder.snapshot(clients.size(), s, st, logins.get(), redirects.get());
    }

    /** Until every client is served again after the mark and no outage is open. */
    /**
     * Until the {@code affected} clients of the move have each lost service and been served
     * again (or switched at once). The count matters: a client that has not yet seen its
     * disconnect looks served, so "nobody is down" alone can hold before the move reached all.
     */
    public boolean awaitRecovered(int affected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (true) {
                // the cheap test first: a full snapshot sorts every downtime, and this wakes up
                // once per recovered client (15,000 sorts of up to 15,000 values slowed the
                // simulator's gRPC threads, which wait on the recorder's lock, by seconds)
                if (served == clients.size() && recorder.recovered(affected)) {
                    SimulationStats s = stats();
                    if (s.outages() >= affected && s.timeUntilAllServed() != null) {
                        return true;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, Math.min(left, WAKE_NANOS));
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        scheduler.shutdownNow();
        clients.forEach(SimClient::stop);
        for (List<ManagedChannel> list : channels.values()) {
            for (ManagedChannel ch : list) {
                ch.shutdownNow();
            }
        }
        for (List<ManagedChannel> list : channels.values()) {
            for (ManagedChannel ch : list) {
                ch.awaitTermination(2, TimeUnit.SECONDS);
            }
        }
    }

    // ---- used by SimClient ----

    /** The secret the simulated users log in with. */
    String secret() {
        return secret;
    }

    SimulationConfig config() {
        return config;
    }

    DowntimeRecorder recorder() {
        return recorder;
    }

    SimStream open(SimClient client, NodeEndpoint node, ConnectionMode mode) {
        List<ManagedChannel> list = channels.get(node.name());
        ManagedChannel ch = list.get((int) (streamCounter.getAndIncrement() % list.size()));
        SimStream s = new SimStream(client, node, mode);
        ClientPortGrpc.newStub(ch).connect(s);
        return s;
    }

    NodeEndpoint endpointOf(NodeRef ref) {
        NodeEndpoint known = nodesByName.get(ref.getName());
        if (known == null) {
            throw new IllegalStateException("redirected to unknown node " + ref.getName());
        }
        return known;
    }

    NodeEndpoint otherNode(NodeEndpoint node) {
        return config.nodes().get(0).name().equals(node.name()) ? config.nodes().get(1) : config.nodes().get(0);
    }

    void schedule(Runnable r, Duration delay) {
        try {
            scheduler.schedule(r, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            // the simulation is closing: nothing more to do
        }
    }

    void loginAccepted() {
        logins.incrementAndGet();
    }

    void redirected() {
        redirects.incrementAndGet();
    }

    void failed(String what) {
        log.warn("simulated client gave up: {}", what);
    }

    /*
     * The counters are changed by the gRPC threads on every login and promotion; the waiters
     * only care when a count reaches the number of clients. Waking them on every change (a
     * notifyAll per login, each waking the waiter to take the lock back) cost the simulator's
     * gRPC threads 3 s of lock waits during a 15,000-client login storm (JFR), so they are
     * woken when a count reaches the total only (the waiters also look every WAKE_MS).
     */
    void servedChanged(int delta) {
        synchronized (progress) {
            served += delta;
            if (served >= clients.size()) {
                progress.notifyAll();
            }
        }
    }

    void standbyChanged(int delta) {
        synchronized (progress) {
            withStandby += delta;
            if (withStandby >= clients.size()) {
                progress.notifyAll();
            }
        }
    }

    private boolean await(IntSupplier value, int target, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (value.getAsInt() < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, Math.min(left, WAKE_NANOS));
            }
        }
        return true;
    }
}
