package dev.tandem.tools.bench;

import dev.tandem.agent.presence.MoveReport;
import dev.tandem.agent.presence.ReloginLimits;
import dev.tandem.tools.sim.EmulatedPair;
import dev.tandem.tools.sim.SimulatedClients;
import dev.tandem.tools.sim.SimulationConfig;
import dev.tandem.tools.sim.SimulationStats;
import dev.tandem.agent.presence.users.UserAssignmentMode;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Takeover of N users between two in-process presence nodes over loopback gRPC: every user
 * homed on node1 (Active-Standby), node1 hands its users over and node2 takes them over.
 * Usage: TakeoverBench [clients] [dual true|false] [runs] [time scale] [takeover-first true|false].
 * takeover-first: node2 takes over before node1 hands over (both SRMs act at once in M2),
 * so dual-connected clients switch before they lose service. Re-login limits are
 * the guide's 120-537 s times the time scale (default 0.001: 120-537 ms).
 */
public final class TakeoverBench {
    public static void main(String[] args) throws Exception {
        int clients = BenchSupport.intArg(args, 0, 15_000);
        boolean dual = args.length <= 1 || Boolean.parseBoolean(args[1]);
        int runs = BenchSupport.intArg(args, 2, 3);
        double scale = args.length > 3 ? Double.parseDouble(args[3]) : 0.001;
        boolean takeoverFirst = args.length > 4 && Boolean.parseBoolean(args[4]);
        double[] move = new double[runs];
        double[] p50 = new double[runs];
        double[] p99 = new double[runs];
        double[] max = new double[runs];
        double[] all = new double[runs];
        for (int r = 0; r < runs; r++) {
            try (EmulatedPair pair = new EmulatedPair(ReloginLimits.DEFAULT, true)) {
                pair.node1().users().setAssignmentMode(UserAssignmentMode.ACTIVE_STANDBY);
                List<String> users = BenchSupport.users(clients);
                pair.node1().users().addUsers(users);
                pair.awaitReplicated();
                SimulationConfig cfg = new SimulationConfig(List.of(pair.node1().endpoint(), pair.node2().endpoint()),
                        users, dual, 4, Duration.ofSeconds(5), scale);
                try (SimulatedClients sim = new SimulatedClients(cfg).start(pair.node1().endpoint())) {
                    Duration setup = Duration.ofSeconds(120);
                    if (!sim.awaitAllServed(setup) || (dual && !sim.awaitAllStandby(setup))) {
                        throw new IllegalStateException("setup incomplete: " + sim.stats().toText());
                    }
                    int affected = (int) pair.node1().users().all().stream()
                            .filter(u -> pair.node1().name().equals(u.servingNode())).count();
                    sim.mark();
                    long start = System.nanoTime();
                    MoveReport takeOver = takeoverFirst ? pair.node2().moves().takeOverPeerUsers() : null;
                    MoveReport handOver = pair.node1().moves().handOverOwnUsers();
                    if (!takeoverFirst) {
                        takeOver = pair.node2().moves().takeOverPeerUsers();
                    }
                    move[r] = (System.nanoTime() - start) / 1e6;
                    if (!sim.awaitRecovered(affected, Duration.ofSeconds(60))) {
                        throw new IllegalStateException("not all served again: " + sim.stats().toText());
                    }
                    SimulationStats s = sim.stats();
                    p50[r] = s.p50().toNanos() / 1e6;
                    p99[r] = s.p99().toNanos() / 1e6;
                    max[r] = s.max().toNanos() / 1e6;
                    all[r] = s.timeUntilAllServed().toNanos() / 1e6;
                    System.out.printf(Locale.ROOT, "run %d: %s; %s; moves %.0f ms, downtime p50 %.1f p99 %.1f max %.1f ms,"
                                    + " all served after %.0f ms%n", r + 1, handOver.describe(), takeOver.describe(),
                            move[r], p50[r], p99[r], max[r], all[r]);
                }
            }
        }
        System.out.printf(Locale.ROOT, "median (%d clients, dual=%s, scale %s, takeover first %s): moves %.0f ms, downtime p50 %.1f ms,"
                        + " p99 %.1f ms, max %.1f ms, all served %.0f ms%n", clients, dual, scale, takeoverFirst,
                BenchSupport.median(move), BenchSupport.median(p50), BenchSupport.median(p99),
                BenchSupport.median(max), BenchSupport.median(all));
    }
}
