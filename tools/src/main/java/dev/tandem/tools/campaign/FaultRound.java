package dev.tandem.tools.campaign;

import dev.tandem.agent.presence.NodeEndpoint;
import dev.tandem.agent.presence.ReloginLimits;
import dev.tandem.tools.sim.SimulatedClients;
import dev.tandem.tools.sim.SimulationConfig;
import dev.tandem.proto.admin.v1.AddUsersRequest;
import dev.tandem.proto.admin.v1.AdminServiceGrpc;
import dev.tandem.proto.admin.v1.CriticalServiceRequest;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.NodeActionRequest;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * One seeded round of the fault campaign (issue 10): two real agents (own processes, the peer
 * link through cuttable TCP relays or a veth pair between network namespaces), simulated
 * clients logged in, one or two random faults at random times, then everything healed and the
 * pair left to settle; the offered actions are applied until M1; then it is checked from
 * outside: nobody lost, nobody served twice after settling, every end state a matrix row, both
 * stores identical. The same seed gives the same plan (the timing of the machine still varies).
 */
final class FaultRound {
    static final String[] NODES = {"node-a", "node-b"};

    /**
     * The round's fixed choices (not drawn from the seed). {@code basePort} 0: six free loopback
     * ports chosen per round (tests), else six consecutive ones from it. {@code faultScale}
     * multiplies every fault's time and duration. {@code netns}: the campaign's namespaces the
     * agents run in, or null for the relay mode.
     */
    record Settings(int users, Path workDir, int basePort, List<String> agentSettings, Duration settleBound,
                    double faultScale, NetnsNetwork netns) {
        /** The relay mode. */
        Settings(int users, Path workDir, int basePort, List<String> agentSettings, Duration settleBound,
                 double faultScale) {
            this(users, workDir, basePort, agentSettings, settleBound, faultScale, null);
        }
    }

    private final long seed;
    private final Settings settings;
    private final Random rnd;
    private final Map<String, AgentProcess> agents = new LinkedHashMap<>();
    /** The round's wiring: the peer link a PARTITION cuts. */
    private PairNetwork network;
    private final Map<String, ManagedChannel> admin = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();
    /** What an operator at the console would do when the pair settles outside M1. */
    private final Operator operator = new Operator(NODES, admin);

    FaultRound(long seed, Settings settings) {
        this.seed = seed;
        this.settings = settings;
        this.rnd = new Random(seed);
    }

    RoundResult run() throws Exception {
        long t0 = System.nanoTime();
        List<Fault> faults = new ArrayList<>();
        int n = 1 + rnd.nextInt(2);
        for (int i = 0; i < n; i++) {
            faults.add(Fault.draw(rnd, NODES, settings.faultScale()));
        }
        Fault clock = Fault.drawClock(new Random(seed * 1_000_003L + 17), NODES, settings.faultScale());
        if (clock != null) {
            faults.add(clock);
        }
        Path dir = settings.workDir().resolve("round-" + seed);
        Files.createDirectories(dir);
        ScheduledExecutorService timeline = Executors.newScheduledThreadPool(2);
        SimulatedClients sim = null;
        Observer obs = null;
        String problem = "";
        String settled = "";
        List<String> actions = new ArrayList<>();
        Set<String> rowsSeen = new LinkedHashSet<>();
        int lost = -1;
        int doubled = -1;
        long longestDual = -1;
        boolean equal = false;
        boolean m1 = false;
        try {
            startPair(dir);
            obs = new Observer(Map.of(NODES[0], agents.get(NODES[0]).adminTarget(),
                    NODES[1], agents.get(NODES[1]).adminTarget()), settings.users());
            if (!awaitRow(obs, "M1", Duration.ofSeconds(120))) {
                // a slow start on a loaded machine can end in a failed row before any fault: recover first
                note("before the faults: " + obs.latest() + "; " + operator.applyOfferedAction());
                if (!awaitRow(obs, "M1", Duration.ofSeconds(120))) {
                    throw new IllegalStateException("the pair did not reach M1 before the faults: " + obs.latest());
                }
            }
            addUsers();
            // a client that asks a node not yet knowing its user is told NOT_FOUND and gives up:
            // the clients start once the users have replicated (a race seen on a loaded machine)
            awaitUsersReplicated(Duration.ofSeconds(60));
            sim = startClients();
            if (!sim.awaitAllServed(Duration.ofSeconds(60))) {
                throw new IllegalStateException("not every client logged in before the faults: " + sim.states());
            }
            obs.drainRows();
            obs.resetDual();
            // ---- the faults, at their random times
            List<java.util.concurrent.ScheduledFuture<?>> done = new ArrayList<>();
            for (Fault f : faults) {
                done.add(timeline.schedule(() -> begin(f), f.atMs(), TimeUnit.MILLISECONDS));
                done.add(timeline.schedule(() -> end(f), f.atMs() + f.forMs(), TimeUnit.MILLISECONDS));
            }
            for (var d : done) {
                d.get(60, TimeUnit.SECONDS);
            }
            healEverything();
            // ---- settle, then the offered actions back to M1
            settled = awaitSettled(obs, settings.settleBound());
            rowsSeen.addAll(obs.drainRows());
            for (int attempt = 0; attempt < 4 && !"M1".equals(settled); attempt++) {
                String did = operator.applyOfferedAction();
                actions.add(settled + ": " + did);
                settled = awaitSettled(obs, settings.settleBound());
                rowsSeen.addAll(obs.drainRows());
            }
            m1 = "M1".equals(settled);
            longestDual = obs.longestDualMs();
            // ---- checks from outside
            if (m1) {
                sim.awaitAllServed(Duration.ofSeconds(30));
                lost = (int) (settings.users() - served(sim));
                obs.resetDual();
                for (int i = 0; i < 40; i++) {
                    obs.awaitSample(200);
                }
                doubled = obs.maxExcess();
                // compared while both run, once nothing is left to replicate: stopping one node
                // first makes its peer take its users over (M17), which the stopped node never hears
                equal = awaitSameStores(Duration.ofSeconds(20));
            }
            sim.close();
            sim = null;
            for (AgentProcess a : agents.values()) {
                a.stopOrderly();
            }
            if (!m1) {
                problem = "the offered actions did not lead back to M1 (settled in " + settled + ")";
            } else if (settled.isEmpty()) {
                problem = "ended in no matrix row";
            } else if (lost != 0) {
                problem = lost + " user(s) not served after settling";
            } else if (doubled != 0) {
                problem = doubled + " user(s) served by both nodes after settling";
            } else if (!equal) {
                problem = "the two stores differ after the round";
            }
        } catch (Exception | AssertionError e) {
            problem = "harness: " + e;
        } finally {
            timeline.shutdownNow();
            if (sim != null) {
                sim.close();
            }
            if (obs != null) {
                obs.close();
            }
            for (AgentProcess a : agents.values()) {
                a.resume();
                a.kill();
            }
            if (network != null) {
                network.close();
            }
            admin.values().forEach(ManagedChannel::shutdownNow);
        }
        if (!notes.isEmpty() && problem.isEmpty()) {
            actions.addAll(notes.stream().map(s -> "note: " + s).toList());
        }
        return new RoundResult(seed, faults, settled, rowsSeen, actions, m1, lost, doubled, longestDual, equal, problem,
                (System.nanoTime() - t0) / 1_000_000);
    }

    // ------------------------------------------------------------------ the pair

    private void startPair(Path dir) throws IOException {
        int[] p = ports(settings.basePort());
        AgentProcess a = new AgentProcess(NODES[0], NODES[1], p[0], p[1], p[2], dir.resolve(NODES[0]), settings.agentSettings());
        AgentProcess b = new AgentProcess(NODES[1], NODES[0], p[3], p[4], p[5], dir.resolve(NODES[1]), settings.agentSettings());
        agents.put(a.name, a);
        agents.put(b.name, b);
        // relay: each agent dials its peer through a relay in front of the peer's service port;
        // netns: each agent in its namespace dials its peer's address on the veth peer link
        network = settings.netns() == null ? new RelayNetwork(a.servicePort, b.servicePort)
                : settings.netns().round(a.servicePort, b.servicePort);
        a.network(network);
        b.network(network);
        a.start();
        b.start();
        for (AgentProcess x : agents.values()) {
            admin.put(x.name, NettyChannelBuilder.forTarget(x.adminTarget()).usePlaintext().build());
        }
    }

    /** Six ports: consecutive from {@code base}, or six free loopback ports when it is 0. */
    private static int[] ports(int base) throws IOException {
        int[] p = new int[6];
        if (base != 0) {
            for (int i = 0; i < 6; i++) {
                p[i] = base + i;
            }
            return p;
        }
        List<java.net.ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                held.add(s); // all open at once: six different ports
                p[i] = s.getLocalPort();
            }
        } finally {
            for (java.net.ServerSocket s : held) {
                s.close();
            }
        }
        return p;
    }

    private AdminServiceGrpc.AdminServiceBlockingStub stub(String node) {
        return AdminServiceGrpc.newBlockingStub(admin.get(node)).withDeadlineAfter(5, TimeUnit.SECONDS);
    }

    /**
     * Retried within a minute: a just-started agent on a loaded machine has answered it after
     * more than 5 s (the round then failed in the harness before any fault). Adding a user that
     * exists changes nothing, so a retry after a late success is harmless.
     */
    private void addUsers() throws InterruptedException {
        List<String> ids = IntStream.range(0, settings.users()).mapToObj(i -> String.format("user%04d", i)).toList();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                AdminServiceGrpc.newBlockingStub(admin.get(NODES[0])).withDeadlineAfter(15, TimeUnit.SECONDS)
                        .addUsers(AddUsersRequest.newBuilder().addAllUsers(ids).setActor("campaign").build());
                return;
            } catch (io.grpc.StatusRuntimeException e) {
                if (e.getStatus().getCode() != io.grpc.Status.Code.DEADLINE_EXCEEDED
                        && e.getStatus().getCode() != io.grpc.Status.Code.UNAVAILABLE || System.nanoTime() > end) {
                    throw e;
                }
                note("adding the users again after " + e.getStatus().getCode());
                Thread.sleep(500); // the agent is busy starting: give it a moment, bounded by the loop
            }
        }
    }

    /** Until each node's own store holds its share and node-a has nothing left to replicate. */
    private void awaitUsersReplicated(Duration bound) throws InterruptedException {
        long end = System.nanoTime() + bound.toNanos();
        String last = "";
        while (System.nanoTime() < end) {
            try {
                int home = 0;
                long queued = 0;
                for (String n : NODES) {
                    GroupStatus st = stub(n).getGroupStatus(dev.tandem.proto.admin.v1.GetGroupStatusRequest.getDefaultInstance());
                    var self = st.getNodesList().stream().filter(r -> r.getStatus().getNode().equals(n)).findFirst()
                            .orElseThrow();
                    home += self.getHomeUsers();
                    queued += self.getReplication().getReplicationQueue();
                }
                if (home == settings.users() && queued == 0) {
                    return;
                }
                last = home + " users homed, " + queued + " changes still queued";
            } catch (RuntimeException e) {
                last = e.toString();
            }
            Thread.sleep(100); // polling an outside view, bounded by the loop
        }
        throw new IllegalStateException("the users did not replicate within " + bound + ": " + last);
    }

    private SimulatedClients startClients() {
        ReloginLimits rl = ReloginLimits.ofMillis(50, 300);
        List<NodeEndpoint> nodes = agents.values().stream()
                .map(a -> new NodeEndpoint(a.name, a.clientTarget(), rl)).toList();
        List<String> ids = IntStream.range(0, settings.users()).mapToObj(i -> String.format("user%04d", i)).toList();
        return new SimulatedClients(new SimulationConfig(nodes, ids, false, 1, Duration.ZERO, 1.0)).start();
    }

    private static long served(SimulatedClients sim) {
        return sim.stats().served();
    }

    // ------------------------------------------------------------------ faults

    private void begin(Fault f) {
        AgentProcess a = agents.get(f.node());
        try {
            switch (f.kind()) {
                case KILL -> a.kill();
                case PAUSE -> a.pause();
                case PARTITION -> network.cut();
                case DATABASE -> stub(f.node()).failDatabase(node(f.node()));
                case SERVICE -> stub(f.node()).stopCriticalService(CriticalServiceRequest.newBuilder()
                        .setNode(f.node()).setService("XCP_ROUTER").setActor("campaign").build());
                case CLOCK -> a.stepWallClock(f.stepMs());
                case RESTART_IN_MOVE -> {
                    try {
                        stub(f.node()).failover(node(f.node()));
                    } catch (RuntimeException refused) {
                        note(f + ": failover not offered (" + refused.getMessage() + "); killed anyway");
                    }
                    Thread.sleep(rnd(300));
                    a.kill();
                }
            }
        } catch (Exception e) {
            note(f + " could not begin: " + e.getMessage());
        }
    }

    private void end(Fault f) {
        AgentProcess a = agents.get(f.node());
        try {
            switch (f.kind()) {
                case KILL, RESTART_IN_MOVE -> {
                    if (!a.alive()) {
                        a.start();
                    }
                }
                case PAUSE -> a.resume();
                case PARTITION -> network.heal();
                case DATABASE -> stub(f.node()).restoreDatabase(node(f.node()));
                case SERVICE -> stub(f.node()).startCriticalService(CriticalServiceRequest.newBuilder()
                        .setNode(f.node()).setService("XCP_ROUTER").setActor("campaign").build());
                case CLOCK -> a.stepWallClock(0);
            }
        } catch (Exception e) {
            note(f + " could not end: " + e.getMessage());
        }
    }

    private void healEverything() throws Exception {
        network.heal();
        for (AgentProcess a : agents.values()) {
            a.resume();
            a.stepWallClock(0);
            if (!a.alive()) {
                a.start();
            }
        }
        for (String n : NODES) {
            try {
                stub(n).restoreDatabase(node(n));
                stub(n).startCriticalService(CriticalServiceRequest.newBuilder().setNode(n).setService("XCP_ROUTER")
                        .setActor("campaign").build());
            } catch (RuntimeException e) {
                // not up yet or nothing to restore: settling waits for it
            }
        }
    }

    private synchronized int rnd(int bound) {
        return rnd.nextInt(bound);
    }

    private synchronized void note(String s) {
        notes.add(s);
    }

    private static NodeActionRequest node(String n) {
        return NodeActionRequest.newBuilder().setNode(n).setActor("campaign").build();
    }

    // ------------------------------------------------------------------ settling and recovery

    private static boolean awaitRow(Observer obs, String row, Duration bound) throws InterruptedException {
        long end = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < end) {
            var v = obs.latest();
            if (v.size() == 2 && v.values().stream().allMatch(x -> x.reachable() && row.equals(x.row()))) {
                return true;
            }
            obs.awaitSample(200);
        }
        return false;
    }

    /** Until both nodes answer and agree on one matrix row for 3 s; returns it ("" if never). */
    private static String awaitSettled(Observer obs, Duration bound) throws InterruptedException {
        long end = System.nanoTime() + bound.toNanos();
        String candidate = "";
        long since = System.nanoTime();
        while (System.nanoTime() < end) {
            var v = obs.latest();
            String row = v.size() == 2 && v.values().stream().allMatch(Observer.View::reachable)
                    && v.values().stream().map(Observer.View::row).distinct().count() == 1
                    ? v.values().iterator().next().row() : "";
            if (!row.equals(candidate)) {
                candidate = row;
                since = System.nanoTime();
            } else if (!row.isEmpty() && System.nanoTime() - since > 3_000_000_000L) {
                return row;
            }
            obs.awaitSample(200);
        }
        return candidate;
    }


    // ------------------------------------------------------------------ stores

    /**
     * Until both nodes have nothing left to replicate and their stores hold the same rows; false
     * if that does not happen within {@code bound}.
     */
    private boolean awaitSameStores(Duration bound) throws InterruptedException, SQLException {
        long end = System.nanoTime() + bound.toNanos();
        while (true) {
            long queued = 0;
            for (String n : NODES) {
                try {
                    GroupStatus st = stub(n).getGroupStatus(dev.tandem.proto.admin.v1.GetGroupStatusRequest.getDefaultInstance());
                    queued += st.getNodesList().stream().filter(r -> r.getStatus().getNode().equals(n))
                            .mapToLong(r -> r.getReplication().getReplicationQueue()).sum();
                } catch (RuntimeException e) {
                    queued++;
                }
            }
            boolean same = queued == 0 && sameStores(agents.get(NODES[0]).dataDir(), agents.get(NODES[1]).dataDir());
            if (same || System.nanoTime() > end) {
                return same;
            }
            Thread.sleep(200); // polling an outside view, bounded by the loop
        }
    }

    /** The user and roster tables of the two presence stores, row by row (read-only: the agents may run). */
    static boolean sameStores(Path a, Path b) throws SQLException {
        return dump(a).equals(dump(b));
    }

    private static List<String> dump(Path dataDir) throws SQLException {
        List<String> rows = new ArrayList<>();
        org.sqlite.SQLiteConfig ro = new org.sqlite.SQLiteConfig();
        ro.setReadOnly(true);
        try (Connection c = ro.createConnection("jdbc:sqlite:" + dataDir.resolve("tandem-agent.db"));
             Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT user_id, home_node, serving_node FROM presence_user ORDER BY user_id")) {
                while (r.next()) {
                    rows.add("u " + r.getString(1) + " " + r.getString(2) + " " + r.getString(3));
                }
            }
            try (ResultSet r = s.executeQuery("SELECT watcher, target FROM presence_roster ORDER BY watcher, target")) {
                while (r.next()) {
                    rows.add("r " + r.getString(1) + " " + r.getString(2));
                }
            }
        }
        return rows;
    }
}
