package dev.tandem.tools.sim;

import dev.tandem.agent.presence.NodeEndpoint;
import dev.tandem.agent.presence.ReloginLimits;
import dev.tandem.agent.presence.UserMoves;
import dev.tandem.agent.presence.users.UserAssignmentMode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Simulated presence clients against a pair of presence nodes, measuring each client's
 * downtime across a failover or fallback. Without --node it runs its own emulated pair and
 * drives the moves itself; with --node it joins running nodes and reports outages it sees.
 */
@Command(name = "client-simulator", mixinStandardHelpOptions = true,
        description = "Simulated presence clients; measures downtime across failover and fallback.")
public final class ClientSimulator implements Callable<Integer> {
    @Option(names = "--clients", description = "number of simulated clients (default ${DEFAULT-VALUE})")
    int clients = 1000;

    // Two plain flags, not one negatable option: picocli flips a true-by-default negatable
    // boolean when its positive form is given, so "--dual" used to turn dual connections OFF
    // (every "dual" round of bench/agent-kill.sh measured re-logins, not promotions).
    @Option(names = "--dual", description = "dual connections: an inactive connection to the backup (the default)")
    boolean dualFlag;

    @Option(names = "--no-dual", description = "no dual connections: clients log in again after a loss")
    boolean noDual;

    boolean dual = true;

    @Option(names = "--relogin-lower-ms", description = "nodes' Client Re-Login Lower Limit (default ${DEFAULT-VALUE})")
    long reloginLowerMs = 120_000;

    @Option(names = "--relogin-upper-ms", description = "nodes' Client Re-Login Upper Limit (default ${DEFAULT-VALUE})")
    long reloginUpperMs = 537_000;

    @Option(names = "--time-scale", description = "multiplies every re-login wait (default ${DEFAULT-VALUE}: 120 s become 120 ms)")
    double timeScale = 0.001;

    @Option(names = "--channels", description = "gRPC channels per node shared by the streams (default ${DEFAULT-VALUE})")
    int channels = 4;

    @Option(names = "--publish-interval-ms", description = "presence publish period per client, 0 = never (default ${DEFAULT-VALUE})")
    long publishMs = 5000;

    @Option(names = "--mode", description = "user assignment mode of the emulated pair: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    UserAssignmentMode mode = UserAssignmentMode.BALANCED;

    @Option(names = "--scenario", description = "failover, fallback (failover first, then measured fallback) (default ${DEFAULT-VALUE})")
    String scenario = "failover";

    @Option(names = "--node", description = "external node as name=host:port (give two); users must exist there")
    Map<String, String> external;

    @Option(names = "--user-prefix", description = "user ids are PREFIX00000.. (default ${DEFAULT-VALUE})")
    String userPrefix = "user";

    @Option(names = "--duration-s", description = "external mode: how long to watch (default ${DEFAULT-VALUE})")
    long durationS = 60;

    @Option(names = "--timeout-s", description = "how long to wait for clients to be served (default ${DEFAULT-VALUE})")
    long timeoutS = 120;

    @Option(names = "--json", description = "print the statistics as JSON")
    boolean json;

    @Option(names = "--first-node", description = "external mode: every client logs in to this node first (default: alternate)")
    String firstNode;

    @Option(names = "--kill-pid", description = "external mode: once every client is served (and holds its standby"
            + " connection with --dual), wait --settle-ms, mark and SIGKILL this process (the agent of a node),"
            + " then wait until --affected clients are served again")
    Long killPid;

    @Option(names = "--failover-admin", description = "external mode, instead of --kill-pid: NAME=HOST:PORT; once every"
            + " client is served, wait --settle-ms, mark and ask that node's agent (plaintext admin API) for a manual"
            + " failover of NAME, then wait until --affected clients are served again (the planned case)")
    Map<String, String> failoverAdmin;

    @Option(names = "--settle-ms", description = "with --kill-pid: quiet time before the kill (default ${DEFAULT-VALUE})")
    long settleMs = 2000;

    @Option(names = "--affected", description = "with --kill-pid: clients the kill disconnects (default: all)")
    Integer affected;

    @Option(names = "--watch-admin", description = "with --kill-pid: NAME=HOST:PORT of the surviving agent's admin API;"
            + " its status gives detection and takeover times")
    Map<String, String> watchAdmin;

    @Option(names = "--callbacks", description = "with --node: where the clients' gRPC callbacks run, ${COMPLETION-CANDIDATES}"
            + " (default ${DEFAULT-VALUE}: on the event loop that read the message; POOL: gRPC's default executor, a"
            + " thread hop per callback). The emulated pair always uses POOL")
    SimulatedClients.Callbacks callbacks = SimulatedClients.Callbacks.EVENT_LOOP;

    @Option(names = "--login-only", description = "external mode: every client logs in (ACTIVE, to --first-node), then"
            + " print the login time and rate and stop (the login-throughput benchmark)")
    boolean loginOnly;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ClientSimulator()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (dualFlag && noDual) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give --dual or --no-dual, not both");
        }
        dual = !noDual;
        if (clients < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--clients must be at least 1");
        }
        if (!scenario.equals("failover") && !scenario.equals("fallback")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--scenario must be failover or fallback");
        }
        ReloginLimits limits = ReloginLimits.ofMillis(reloginLowerMs, reloginUpperMs);
        List<String> users = IntStream.range(0, clients).mapToObj(i -> String.format("%s%05d", userPrefix, i)).toList();
        PrintWriter out = spec.commandLine().getOut();
        if (killPid != null && failoverAdmin != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give --kill-pid or --failover-admin, not both");
        }
        if (failoverAdmin != null && failoverAdmin.size() != 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--failover-admin takes one NAME=HOST:PORT");
        }
        if (external != null && (killPid != null || failoverAdmin != null)) {
            return runKill(limits, users, out);
        }
        if (external != null && loginOnly) {
            return runLogins(limits, users, out);
        }
        SimulationStats stats = external == null ? runEmbedded(limits, users) : runExternal(limits, users);
        if (stats == null) {
            spec.commandLine().getErr().println("clients were not all served within " + timeoutS + " s");
            return 2;
        }
        out.println(json ? stats.toJson() : stats.toText());
        out.flush();
        return 0;
    }

    private SimulationConfig config(List<NodeEndpoint> nodes, List<String> users) {
        return new SimulationConfig(nodes, users, dual, channels, Duration.ofMillis(publishMs), timeScale);
    }

    private SimulationStats runEmbedded(ReloginLimits limits, List<String> users) throws Exception {
        try (EmulatedPair pair = new EmulatedPair(limits, true)) {
            pair.node1().users().setAssignmentMode(mode);
            pair.node1().users().addUsers(users);
            pair.awaitReplicated();
            Duration timeout = Duration.ofSeconds(timeoutS);
            try (SimulatedClients sim = new SimulatedClients(config(List.of(pair.node1().endpoint(), pair.node2().endpoint()), users)).start()) {
                if (!sim.awaitAllServed(timeout) || (dual && !sim.awaitAllStandby(timeout))) {
                    return null;
                }
                int affected = servedBy(pair.node1());
                if (scenario.equals("fallback")) {
                    failover(pair, sim);
                    if (!sim.awaitRecovered(affected, timeout) || (dual && !sim.awaitAllStandby(timeout))) {
                        return null;
                    }
                    sim.mark();
                    run(pair.node2().moves(), UserMoves::giveBackPeerUsers);
                    run(pair.node1().moves(), UserMoves::takeBackOwnUsers);
                } else {
                    failover(pair, sim);
                }
                return sim.awaitRecovered(affected, timeout) ? sim.stats() : null;
            }
        }
    }

    /** Clients a failover of this node disconnects: the users it serves now. */
    private static int servedBy(dev.tandem.agent.presence.PresenceNode node) {
        return (int) node.users().all().stream().filter(u -> node.name().equals(u.servingNode())).count();
    }

    private static void failover(EmulatedPair pair, SimulatedClients sim) throws Exception {
        sim.mark();
        run(pair.node1().moves(), UserMoves::handOverOwnUsers);
        run(pair.node2().moves(), UserMoves::takeOverPeerUsers);
    }

    private interface Move {
        Object apply(UserMoves m) throws Exception;
    }

    private static void run(UserMoves moves, Move move) throws Exception {
        move.apply(moves);
    }

    /** --kill-pid / --failover-admin: log in, kill the node's agent abruptly (or fail it over), measure until the
     * affected clients are back. */
    private int runKill(ReloginLimits limits, List<String> users, PrintWriter out) throws Exception {
        if (external.size() != 2) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give exactly two --node name=host:port");
        }
        List<NodeEndpoint> nodes = new ArrayList<>();
        external.forEach((name, address) -> nodes.add(new NodeEndpoint(name, address, limits)));
        NodeEndpoint first = null;
        if (firstNode != null) {
            first = nodes.stream().filter(n -> n.name().equals(firstNode)).findFirst().orElseThrow(() ->
                    new CommandLine.ParameterException(spec.commandLine(), "--first-node: no --node " + firstNode));
        }
        KillRound.Disruption disruption = killPid != null ? KillRound.Disruption.kill(killPid)
                : failoverAdmin.entrySet().stream().map(e -> KillRound.Disruption.failover(e.getKey(), e.getValue()))
                        .findFirst().orElseThrow();
        KillRound.Result r = KillRound.run(config(nodes, users), callbacks, first, disruption, Duration.ofMillis(settleMs),
                affected == null ? users.size() : affected, watchAdmin, Duration.ofSeconds(timeoutS));
        out.println(json ? r.toJson() : r.toText());
        out.flush();
        return r.ok() ? 0 : 2;
    }

    /** --login-only: the login storm alone, timed from the first login until every client is accepted. */
    private int runLogins(ReloginLimits limits, List<String> users, PrintWriter out) throws Exception {
        if (external.size() != 2) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give exactly two --node name=host:port");
        }
        List<NodeEndpoint> nodes = new ArrayList<>();
        external.forEach((name, address) -> nodes.add(new NodeEndpoint(name, address, limits)));
        NodeEndpoint first = firstNode == null ? null : nodes.stream().filter(n -> n.name().equals(firstNode)).findFirst()
                .orElseThrow(() -> new CommandLine.ParameterException(spec.commandLine(), "--first-node: no --node " + firstNode));
        try (SimulatedClients sim = new SimulatedClients(config(nodes, users), null, "", callbacks)) {
            // the channels' TCP connections are opened before the clock starts (the storm's
            // streams share them); the simulator's CPU is read at both ends of the storm
            if (!sim.connect(Duration.ofSeconds(timeoutS))) {
                throw new IllegalStateException("the client-port channels did not connect within " + timeoutS + " s");
            }
            long cpu0 = processCpuNanos();
            long t0 = System.nanoTime();
            sim.start(first);
            boolean ok = sim.awaitAllServed(Duration.ofSeconds(timeoutS));
            double ms = (System.nanoTime() - t0) / 1e6;
            long stormCpuMs = (processCpuNanos() - cpu0) / 1_000_000;
            SimulationStats stats = sim.stats();
            String problem = ok ? "" : "not all logged in: " + sim.states();
            out.println(json ? String.format(java.util.Locale.ROOT,
                    "{\"ok\":%s,\"problem\":\"%s\",\"clients\":%d,\"loginMs\":%.1f,\"loginsPerSec\":%.1f,"
                            + "\"logins\":%d,\"redirects\":%d,\"simStormCpuMs\":%d}", ok, problem.replace("\"", "'"),
                    users.size(), ms, users.size() / (ms / 1000.0), stats.logins(), stats.redirects(), stormCpuMs)
                    : String.format(java.util.Locale.ROOT, "%s%n%d logins in %.0f ms (%.0f/s)", ok ? "ok" : "FAILED: " + problem,
                    users.size(), ms, users.size() / (ms / 1000.0)));
            out.flush();
            return ok ? 0 : 2;
        }
    }

    /** This JVM's CPU time so far (all threads, user and system). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private SimulationStats runExternal(ReloginLimits limits, List<String> users) throws Exception {
        if (external.size() != 2) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give exactly two --node name=host:port");
        }
        List<NodeEndpoint> nodes = new ArrayList<>();
        external.forEach((name, address) -> nodes.add(new NodeEndpoint(name, address, limits)));
        NodeEndpoint first = null;
        if (firstNode != null) {
            first = nodes.stream().filter(n -> n.name().equals(firstNode)).findFirst().orElseThrow(() ->
                    new CommandLine.ParameterException(spec.commandLine(), "--first-node: no --node " + firstNode));
        }
        try (SimulatedClients sim = new SimulatedClients(config(nodes, users), null, "", callbacks).start(first)) {
            if (!sim.awaitAllServed(Duration.ofSeconds(timeoutS))) {
                return null;
            }
            sim.mark();
            sim.awaitRecovered(Integer.MAX_VALUE, Duration.ofSeconds(durationS)); // watch for the whole period
            return sim.stats();
        }
    }
}
