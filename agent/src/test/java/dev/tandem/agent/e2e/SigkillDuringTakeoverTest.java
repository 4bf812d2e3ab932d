package dev.tandem.agent.e2e;

import static dev.tandem.agent.e2e.Fixtures.SOON;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.presence.store.PresenceStore;
import dev.tandem.agent.presence.testkit.Await;
import dev.tandem.agent.presence.users.UserRecord;
import dev.tandem.agent.service.Agent;
import dev.tandem.agent.service.AgentConfig;
import dev.tandem.agent.statedb.Database;
import dev.tandem.proto.admin.v1.AddUsersRequest;
import dev.tandem.proto.admin.v1.GroupActionRequest;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.AdminServiceGrpc.AdminServiceBlockingStub;
import dev.tandem.proto.admin.v1.NodeActionRequest;
import dev.tandem.proto.admin.v1.SetUserAssignmentModeRequest;
import dev.tandem.proto.admin.v1.UserAssignmentMode;
import dev.tandem.proto.ha.v1.NodeState;
import dev.tandem.proto.ha.v1.StateKind;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * node-b runs as its own OS process and is killed with SIGKILL while it takes over the
 * 5,000 users of node-a; restarted on its database, the pair settles with every user in
 * both durable stores, each served by exactly one node, and the two stores identical.
 */
class SigkillDuringTakeoverTest {
    static final int USERS = 5_000;

    @TempDir
    Path dir;
    private int starts;
    private boolean recovered;

    @Test
    void agentProcessKilledMidTakeoverLosesNoUserAndServesNoneTwice() throws Exception {
        int childService = SeparateProcessKillTest.freePort();
        int childAdmin = SeparateProcessKillTest.freePort();
        Map<String, String> cfg = new HashMap<>(Fixtures.FAST);
        // longer than a JVM restart on 2 busy cores, so node-b usually returns before node-a gives up (M8)
        cfg.put("heartbeat.timeout", "6s");
        cfg.put("heartbeat.init-timeout", Fixtures.JVM_INIT_TIMEOUT); // a JVM takes a while to start
        cfg.put("client.port", "0");
        cfg.putAll(Fixtures.QUICK_RELOGIN);
        AgentConfig.Builder a = AgentConfig.builder().set("node.name", "node-a").set("peer.name", "node-b")
                .set("bind.address", "127.0.0.1").set("service.port", 0).set("admin.port", 0)
                .set("group.nodes", "node-a,node-b").set("peer.address", "127.0.0.1:" + childService)
                .set("data.dir", dir.resolve("node-a"))
                .set("insecure", "true"); // explicit: this test is about process kills, as the child's --insecure
        cfg.forEach(a::set);
        List<String> users = IntStream.range(0, USERS).mapToObj(i -> String.format("u%05d", i)).toList();
        Set<UserRecord> storeA = new HashSet<>();
        try (Agent agentA = new Agent(a.build()).start()) {
            List<String> childCmd = childCommand(agentA.serviceTarget(), childService, childAdmin, cfg);
            Process child = start(childCmd);
            ManagedChannel ch = Fixtures.channel(agentA.adminTarget());
            AdminServiceBlockingStub admin = Fixtures.admin(ch);
            try (GroupWatch watch = new GroupWatch(agentA.adminTarget())) {
                watch.awaitRow("M1", SOON.multipliedBy(3));
                admin.setUserAssignmentMode(SetUserAssignmentModeRequest.newBuilder()
                        .setMode(UserAssignmentMode.ACTIVE_STANDBY).build());
                admin.addUsers(AddUsersRequest.newBuilder().addAllUsers(users).build());
                // replicated to node-b: its report (in node-a's status) counts the users homed on node-a
                watch.await("users replicated", SOON.multipliedBy(3), s -> s.getNodesList().stream().allMatch(n ->
                        n.getReplication().getReplicationQueue() == 0) && Fixtures.node(s, "node-a").getHomeUsers() == USERS);

                admin.failover(NodeActionRequest.newBuilder().setNode("node-a").setActor("ops").build());
                watch.await("node-b taking over", SOON, s ->
                        Fixtures.node(s, "node-b").getStatus().getState() == NodeState.TAKING_OVER);
                child.destroyForcibly(); // SIGKILL, most likely inside the 5,000-user transaction
                child.waitFor(10, TimeUnit.SECONDS);

                child = start(childCmd); // the same node on its database, as after a reboot
                GroupStatus settled = awaitSettled(watch);
                if (settled.getMatrix().getRow().getId().equals("M21")) {
                    // node-b came back after node-a's timeout: node-a failed, and node-b with it; recover
                    recovered = true;
                    admin.recover(GroupActionRequest.newBuilder().setGroup(settled.getGroup()).setActor("ops").build());
                    watch.awaitRow("M1", SOON.multipliedBy(3));
                    settled = awaitSettled(watch);
                }
                assertThat(settled.getMatrix().getRow().getId()).as("M8 finished (M7), or recovered (M1)").isIn("M7", "M1");
                // node-a's store as the settled pair had it: once node-b stops, node-a reacts (a move that
                // stamps new versions), which node-b's database, read after its stop, cannot have
                storeA.addAll(agentA.presence().users().all());
            } finally {
                ch.shutdownNow();
                child.destroy(); // an orderly stop, so its database file is closed cleanly
                child.waitFor(20, TimeUnit.SECONDS);
            }
            Set<UserRecord> storeB = readStore(dir.resolve("node-b"));
            assertThat(storeA).hasSize(USERS);
            assertThat(storeB).as("node-b's durable store after SIGKILL and restart").isEqualTo(storeA);
            assertThat(storeA).allMatch(u -> u.isServedBy("node-a") || u.isServedBy("node-b"));
            String server = recovered ? "node-a" : "node-b"; // recovered: home; else the takeover finished
            assertThat(storeA).as("every user served by " + server).allMatch(u -> u.isServedBy(server));
        }
    }

    private static GroupStatus awaitSettled(GroupWatch watch) throws InterruptedException {
        return watch.await("a settled pair", Duration.ofSeconds(60), s -> s.getMatrix().getMatched()
                && s.getNodesList().stream().allMatch(n -> n.getStatus().getReachable()
                && n.getStatus().getKind() != StateKind.TRANSITIONAL && n.getReplication().getReplicationQueue() == 0));
    }

    private static Set<UserRecord> readStore(Path dataDir) throws Exception {
        try (Database db = Database.open(dataDir)) {
            return new HashSet<>(new PresenceStore(db.connection()).loadUsers());
        }
    }

    private List<String> childCommand(String peerService, int service, int adminPort, Map<String, String> cfg) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-Dtandem.test.log=INFO", "-cp", System.getProperty("java.class.path"),
                "dev.tandem.agent.service.AgentMain", "--node", "node-b", "--peer", "node-a",
                "--peer-address", peerService, "--bind", "127.0.0.1", "--insecure",
                "--service-port", String.valueOf(service), "--admin-port", String.valueOf(adminPort),
                "--data-dir", dir.resolve("node-b").toString(), "--set", "group.nodes=node-a,node-b"));
        cfg.forEach((k, v) -> {
            cmd.add("--set");
            cmd.add(k + "=" + v);
        });
        return cmd;
    }

    private static boolean logSays(Path log, String text) {
        try {
            return java.nio.file.Files.exists(log) && java.nio.file.Files.readString(log).contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Starts node-b; its output goes to {@code node-b-N.log} beside its data, kept for a failed run. */
    private Process start(List<String> cmd) throws Exception {
        Path log = dir.resolve("node-b-" + (++starts) + ".log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Await.until(() -> !p.isAlive() || logSays(log, "running: service port"), ok -> ok, Fixtures.JVM_START);
        assertThat(p.isAlive()).as("node-b started; its log: " + log).isTrue();
        return p;
    }
}
