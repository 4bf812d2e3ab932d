package dev.tandem.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.e2e.Fixtures;
import dev.tandem.agent.presence.testkit.Await;
import dev.tandem.tools.demo.EmbeddedPair;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's /metrics passes {@code promtool check metrics}. Runs with {@code -Ppromtool} only
 * (.ci/run enables it and installs promtool): then a missing promtool fails this test rather
 * than skipping it; set TANDEM_PROMTOOL to use another binary.
 */
@Tag("promtool")
class AgentMetricsPromtoolTest {
    @TempDir
    Path dir;


    @Test
    void agentMetricsPassPromtoolCheck() throws Exception {
        String promtool = Promtool.path();
        Map<String, String> cfg = new HashMap<>(Fixtures.FAST);
        cfg.put("metrics.port", "0");
        try (EmbeddedPair pair = EmbeddedPair.start(dir, "node-a", "node-b", cfg)) {
            int port = pair.first().metricsPort();
            assertThat(port).isPositive();
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build();
            // wait until the SRM has published its first status, so every metric is there, and the
            // user store's first replication has drained
            Await.until(() -> get(http, req), body -> body.contains("tandem_srm_state")
                    && body.contains("tandem_replication_queue{node=\"node-a\"} 0.0"), Duration.ofSeconds(8));
            String body = get(http, req);
            assertThat(body).contains("tandem_presence_jsm_sessions_client{node=\"node-a\"}")
                    .contains("tandem_srm_state{node=\"node-a\"}")
                    .contains("tandem_heartbeat_round_trip_seconds_bucket{node=\"node-a\",le=\"0.08\"}")
                    .contains("tandem_srm_alerts_total{alert=\"SRMFailover\",node=\"node-a\"}")
                    .contains("jvm_memory_used_bytes");

            Process p = new ProcessBuilder(List.of(promtool, "check", "metrics")).redirectErrorStream(true).start();
            p.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("promtool check metrics said:%n%s%nfor:%n%s", out, body).isZero();
        }
    }

    private static String get(HttpClient http, HttpRequest req) {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }
}
