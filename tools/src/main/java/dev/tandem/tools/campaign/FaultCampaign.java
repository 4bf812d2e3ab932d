package dev.tandem.tools.campaign;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The fault campaign (issue 10): rounds of {@link FaultRound}, one JSON line each on stdout,
 * a summary at the end on stderr. Round i uses seed {@code --seed + i}; {@code --only SEED}
 * runs that one round again.
 */
@Command(name = "fault-campaign", mixinStandardHelpOptions = true,
        description = "Real agents, simulated clients, random faults; each round checked from outside.")
public final class FaultCampaign implements Callable<Integer> {
    /**
     * Every round's agent settings before --set: short timers, and plaintext ports (the
     * campaign's observer and clients dial them without certificates; what it tests is the
     * pair's HA behaviour, the secured ports have their own tests).
     */
    static final List<String> AGENT_SETTINGS = List.of("heartbeat.interval=200ms", "heartbeat.timeout=2s",
            "heartbeat.init-timeout=60s", "service.poll=100ms", "relogin.lower=50ms", "relogin.upper=300ms",
            "insecure=true");

    @Option(names = "--rounds", description = "rounds to run (default ${DEFAULT-VALUE})")
    int rounds = 3;
    @Option(names = "--seed", description = "seed of the first round (default ${DEFAULT-VALUE})")
    long seed = 1;
    @Option(names = "--only", description = "run only the round with this seed")
    Long only;
    @Option(names = "--users", description = "users = simulated clients (default ${DEFAULT-VALUE})")
    int users = 40;
    @Option(names = "--work-dir", description = "where the agents' data and logs go (default: a new temp dir)")
    Path workDir;
    @Option(names = "--base-port", description = "first of 6 consecutive loopback ports (default ${DEFAULT-VALUE})")
    int basePort = 27100;
    @Option(names = "--settle-s", description = "how long a pair may take to settle (default ${DEFAULT-VALUE})")
    int settleS = 45;
    @Option(names = "--fault-scale", description = "multiplies every fault's time and duration (default ${DEFAULT-VALUE})")
    double faultScale = 1.0;
    @Option(names = "--witness", description = "run a ZooKeeper witness in this JVM and give it to both agents "
            + "(witness.zookeeper, witness.lease-timeout=4s unless set with --set)")
    boolean witness;
    @Option(names = {"-s", "--set"}, description = "extra agent setting KEY=VALUE (repeatable)")
    List<String> extra = new ArrayList<>();
    @Option(names = "--partition", description = "how the peer link is cut: netns (network namespaces and veth "
            + "pairs; needs root), relay (TCP relays on loopback) or auto (netns when a namespace can be made, "
            + "else relay; default ${DEFAULT-VALUE})")
    String partition = "auto";

    @Override
    public Integer call() throws Exception {
        if (rounds < 1 || users < 1 || basePort < 1024 || basePort > 65_000 || !(faultScale > 0 && faultScale <= 10)) {
            System.err.println("fault-campaign: --rounds and --users must be >= 1, --base-port in 1024..65000, "
                    + "--fault-scale in (0, 10]");
            return 2;
        }
        PartitionMode mode;
        try {
            mode = PartitionMode.valueOf(partition.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            System.err.println("fault-campaign: --partition must be netns, relay or auto, not " + partition);
            return 2;
        }
        PartitionMode.Choice choice = mode.choose(() -> NetnsNetwork.probe(basePort));
        System.err.println("fault-campaign: " + choice.why());
        NetnsNetwork netns = null;
        if (choice.mode() == PartitionMode.NETNS) {
            try {
                netns = NetnsNetwork.create(basePort);
            } catch (java.io.IOException e) {
                System.err.println("fault-campaign: cannot set up the network namespaces: " + e.getMessage());
                return 2;
            }
        }
        try (NetnsNetwork closing = netns) {
            return call(netns);
        }
    }

    private int call(NetnsNetwork netns) throws Exception {
        Path dir = workDir != null ? Files.createDirectories(workDir) : Files.createTempDirectory("fault-campaign");
        List<String> settings = new ArrayList<>(AGENT_SETTINGS);
        try (org.apache.curator.test.TestingServer zk = witness ? new org.apache.curator.test.TestingServer(true) : null) {
            if (zk != null) {
                settings.add("witness.zookeeper=" + zk.getConnectString());
                settings.add("witness.lease-timeout=4s");
            }
            settings.addAll(extra); // a later setting of the same key wins
            return run(dir, settings, netns);
        }
    }

    private int run(Path dir, List<String> settings, NetnsNetwork netns) throws Exception {
        FaultRound.Settings s = new FaultRound.Settings(users, dir, basePort, settings, Duration.ofSeconds(settleS),
                faultScale, netns);
        PrintStream out = System.out;
        int ok = 0;
        int manual = 0;
        long lost = 0;
        long doubled = 0;
        long longestDual = 0;
        List<Long> seeds = new ArrayList<>();
        if (only != null) {
            seeds.add(only);
        } else {
            for (int i = 0; i < rounds; i++) {
                seeds.add(seed + i);
            }
        }
        java.util.Map<String, Integer> kinds = new java.util.TreeMap<>();
        for (long sd : seeds) {
            RoundResult r = new FaultRound(sd, s).run();
            out.println(r.json());
            out.flush();
            r.faults().forEach(f -> kinds.merge(f.kind().name(), 1, Integer::sum));
            ok += r.ok() ? 1 : 0;
            manual += r.actions().stream().anyMatch(a -> !a.startsWith("note:")) ? 1 : 0;
            lost += Math.max(0, r.usersLost());
            doubled += Math.max(0, r.doubledAfterSettle());
            longestDual = Math.max(longestDual, r.longestDualMs());
        }
        System.err.printf(Locale.ROOT, "fault-campaign (witness %s, partition %s): %d round(s), %d ok; faults %s; "
                        + "users lost %d, doubled after settling %d; longest dual-active window %d ms; rounds needing an "
                        + "operator action %d; logs in %s%n",
                witness ? "on" : "off", netns != null ? "netns" : "relay", seeds.size(), ok, kinds, lost, doubled,
                longestDual, manual, dir);
        return ok == seeds.size() ? 0 : 1;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new FaultCampaign()).execute(args));
    }
}
