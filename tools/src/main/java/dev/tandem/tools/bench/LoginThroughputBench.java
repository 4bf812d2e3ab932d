package dev.tandem.tools.bench;

import dev.tandem.agent.presence.NodeEndpoint;
import dev.tandem.agent.presence.ReloginLimits;
import dev.tandem.tools.sim.EmulatedPair;
import dev.tandem.tools.sim.SimulatedClients;
import dev.tandem.tools.sim.SimulationConfig;
import dev.tandem.agent.presence.users.UserAssignmentMode;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Logins per second one presence node accepts over loopback gRPC: N clients log in ACTIVE at
 * once to the node that serves them all. Usage: LoginThroughputBench [clients] [runs].
 */
public final class LoginThroughputBench {
    public static void main(String[] args) throws Exception {
        int clients = BenchSupport.intArg(args, 0, 15_000);
        int runs = BenchSupport.intArg(args, 1, 3);
        double[] rates = new double[runs];
        for (int r = 0; r < runs; r++) {
            try (EmulatedPair pair = new EmulatedPair(ReloginLimits.ofMillis(0, 0), true)) {
                pair.node1().users().setAssignmentMode(UserAssignmentMode.ACTIVE_STANDBY);
                List<String> users = BenchSupport.users(clients);
                pair.node1().users().addUsers(users);
                pair.awaitReplicated();
                NodeEndpoint node1 = pair.node1().endpoint();
                SimulationConfig cfg = new SimulationConfig(List.of(node1, pair.node2().endpoint()), users, false, 4,
                        Duration.ZERO, 1.0);
                long start = System.nanoTime();
                try (SimulatedClients sim = new SimulatedClients(cfg).start(node1)) {
                    if (!sim.awaitAllServed(Duration.ofSeconds(120))) {
                        throw new IllegalStateException("not all logged in: " + sim.stats().toText());
                    }
                    double secs = (System.nanoTime() - start) / 1e9;
                    rates[r] = clients / secs;
                    System.out.printf(Locale.ROOT, "run %d: %d logins in %.3f s = %.0f logins/s%n", r + 1, clients, secs, rates[r]);
                }
            }
        }
        System.out.printf(Locale.ROOT, "median: %.0f logins/s%n", BenchSupport.median(rates));
    }
}
