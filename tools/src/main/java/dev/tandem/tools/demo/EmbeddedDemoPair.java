package dev.tandem.tools.demo;

import dev.tandem.agent.presence.NodeEndpoint;
import dev.tandem.agent.presence.ReloginLimits;
import dev.tandem.tools.sim.SimulatedClients;
import dev.tandem.tools.sim.SimulationConfig;
import dev.tandem.agent.service.Agent;
import dev.tandem.contract.demo.DemoPairLauncher;
import dev.tandem.proto.admin.v1.AddUsersRequest;
import dev.tandem.proto.admin.v1.GroupStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The console's demo: two real agents of one group in this process, on free loopback
 * ports, with users placed and one dual-connected client per user logged in, so a first
 * run shows a live pair at once. Timers are
 * the guide's scaled down (seconds instead of minutes) so a failover is quick to watch.
 */
public final class EmbeddedDemoPair implements DemoPairLauncher {
    static final int USERS = 3_000;
    static final Map<String, String> DEMO_TIMERS = Map.of(
            "heartbeat.interval", "1s",
            "heartbeat.timeout", "5s",
            "heartbeat.init-timeout", "10s",
            "service.down-delay", "10s",
            "relogin.lower", "2s",
            "relogin.upper", "9s",
            "group.name", "demo-prg",
            "group.description", "Demo presence redundancy group");

    /** The login secret of every demo user (a demo: real users each have their own). */
    static final String DEMO_SECRET = "demo-secret";

    private EmbeddedPair pair;
    private SimulatedClients clients;
    private Path dataRoot;

    @Override
    public List<String> start() throws Exception {
        dataRoot = Files.createTempDirectory("tandem-demo-");
        // secured as any agent by default, with its own throwaway PKI: the README's command needs no set-up
        pair = EmbeddedPair.startSecured(dataRoot, "imp-node-1", "imp-node-2", DEMO_TIMERS);
        awaitNormal(pair.first(), Duration.ofSeconds(30));
        List<String> users = new ArrayList<>(USERS);
        for (int i = 1; i <= USERS; i++) {
            users.add(String.format("user%04d", i));
        }
        pair.first().admin().addUsers(AddUsersRequest.newBuilder().addAllUsers(users).setActor("demo").build());
        // one demo secret for every demo user, hashed once (the store keeps and replicates only the hash)
        String hash = new dev.tandem.agent.security.secrets.SecretHasher(1000).hash(DEMO_SECRET);
        users.forEach(u -> pair.first().presence().node().users().setSecretHash(u, hash));
        // the clients also log in on the second node (their standby): wait until the hashes have replicated there
        awaitSecrets(pair.second(), users, Duration.ofSeconds(30));
        // real dual-connected clients on the agents' client ports, publishing presence now and then
        ReloginLimits relogin = ReloginLimits.ofMillis(1_000, 5_000);
        SimulationConfig cfg = new SimulationConfig(List.of(
                new NodeEndpoint(pair.first().name(), pair.first().clientTarget(), relogin),
                new NodeEndpoint(pair.second().name(), pair.second().clientTarget(), relogin)),
                users, true, 4, Duration.ofSeconds(30), 1.0);
        clients = new SimulatedClients(cfg, dev.tandem.agent.security.tls.TlsCredentials.trustOnly(pki().caCertificate()),
                DEMO_SECRET).start();
        if (!clients.awaitAllServed(Duration.ofSeconds(60))) {
            throw new IllegalStateException("the demo clients did not all log in: " + clients.stats().toText());
        }
        List<String> out = new ArrayList<>();
        for (Agent a : List.of(pair.first(), pair.second())) {
            out.add(a.adminTarget());
        }
        return out;
    }

    private static void awaitSecrets(Agent on, List<String> users, Duration bound) throws InterruptedException {
        var store = on.presence().node().users();
        long deadline = System.nanoTime() + bound.toNanos();
        while (!users.stream().allMatch(u -> store.secretHash(u).isPresent())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the demo users' secrets did not reach " + on.name() + " within " + bound);
            }
            Thread.sleep(50); // polling a condition with a bound, not waiting for time to pass
        }
    }

    private dev.tandem.agent.security.pki.PkiDirectory pki() {
        return new dev.tandem.agent.security.pki.PkiDirectory(dataRoot.resolve("pki"));
    }

    /** The console presents the throwaway PKI's admin credential (the demo lets it do everything). */
    @Override
    public java.util.Map<String, String> credentials() {
        var pki = pki();
        return java.util.Map.of("ca", pki.caCertificate().toString(),
                "cert", pki.certificate(dev.tandem.agent.security.pki.PkiGenerator.ADMIN).toString(),
                "key", pki.privateKey(dev.tandem.agent.security.pki.PkiGenerator.ADMIN).toString());
    }

    /** Users can be added only in M1 (§5): wait for both nodes to settle, with a bound. */
    private static void awaitNormal(Agent a, Duration bound) {
        long end = System.nanoTime() + bound.toNanos();
        while (true) {
            GroupStatus s = a.admin().groupStatus();
            if (s.getMatrix().getMatched() && s.getMatrix().getRow().getId().equals("M1")) {
                return;
            }
            if (System.nanoTime() > end) {
                throw new IllegalStateException("the demo pair did not reach Normal/Normal within " + bound.toSeconds()
                        + " s; last status: " + s.getNodesList());
            }
            LockSupport.parkNanos(50_000_000L);
        }
    }

    @Override
    public void close() {
        if (clients != null) {
            try {
                clients.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (pair != null) {
            pair.close();
        }
        if (dataRoot != null) {
            try (Stream<Path> files = Files.walk(dataRoot)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
