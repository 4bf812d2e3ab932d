package dev.tandem.agent.e2e;

import static dev.tandem.agent.e2e.Fixtures.SOON;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.service.Agent;
import dev.tandem.agent.service.AgentConfig;
import dev.tandem.proto.admin.v1.GroupStatus;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Node 1 runs as its own OS process (AgentMain); SIGKILL makes node 2 see Peer Down (M16). */
class SeparateProcessKillTest {
    @TempDir
    Path dir;

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void sigkillOfPeerProcessIsM16() throws Exception {
        // a port picked by freePort() can be taken before the child binds it (another process, or node-b's own
        // connection attempts to it, whose ephemeral source port may be that very port): then the whole pair is
        // set up again on new ports, at most three times; any other early exit fails with the child's output
        for (int attempt = 1; ; attempt++) {
            String outcome = runOnce();
            if (outcome == null) {
                return;
            }
            assertThat(attempt).as("the child agent could not bind its ports, three times; its output:%n%s", outcome)
                    .isLessThan(3);
        }
    }

    /** @return null when the test ran, the child's output when it could not bind its ports */
    private String runOnce() throws Exception {
        int childService = freePort();
        int childAdmin = freePort();
        AgentConfig.Builder b = AgentConfig.builder().set("node.name", "node-b").set("peer.name", "node-a")
                .set("bind.address", "127.0.0.1").set("service.port", 0).set("admin.port", 0)
                .set("peer.address", "127.0.0.1:" + childService).set("data.dir", dir.resolve("node-b"))
                .set("insecure", "true"); // explicit: this test is about process kills, as the child's --insecure
        // a JVM takes a while to start: a long initialization timeout, the short steady-state one
        java.util.Map<String, String> cfg = new java.util.HashMap<>(Fixtures.FAST);
        cfg.put("heartbeat.init-timeout", Fixtures.JVM_INIT_TIMEOUT);
        cfg.put("client.port", "0"); // not the default 5222: both agents run on this machine
        cfg.forEach(b::set);
        try (Agent agentB = new Agent(b.build()).start()) {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                    "dev.tandem.agent.service.AgentMain", "--node", "node-a", "--peer", "node-b",
                    "--peer-address", agentB.serviceTarget(), "--bind", "127.0.0.1", "--insecure",
                    "--service-port", String.valueOf(childService), "--admin-port", String.valueOf(childAdmin),
                    "--data-dir", dir.resolve("node-a").toString()));
            cfg.forEach((k, v) -> {
                cmd.add("--set");
                cmd.add(k + "=" + v);
            });
            Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            CompletableFuture<String> ready = new CompletableFuture<>();
            StringBuffer output = new StringBuffer();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        output.append(line).append('\n');
                        if (line.contains("running: service port")) {
                            ready.complete(line);
                        }
                    }
                } catch (Exception ignored) {
                    // the process died
                }
                ready.complete("exited");
            });
            reader.setDaemon(true);
            reader.start();
            try (GroupWatch watch = new GroupWatch(agentB.adminTarget())) {
                String first = ready.get(Fixtures.JVM_START.toSeconds(), TimeUnit.SECONDS);
                if (!first.contains("running") && output.toString().contains("Failed to bind")) {
                    return output.toString();
                }
                assertThat(first).as("the child agent started; its output:%n%s", output).contains("running");
                watch.awaitRow("M1", Fixtures.SOON.multipliedBy(2));
                long t0 = System.nanoTime();
                child.destroyForcibly(); // SIGKILL: no announcement
                GroupStatus s = watch.awaitRow("M16", SOON);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertThat(Fixtures.node(s, "node-b").getStatus().getReason().name()).isEqualTo("PEER_DOWN");
                assertThat(ms).isLessThan(500 + 100 + 1000);
                return null;
            } finally {
                child.destroyForcibly();
                child.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
