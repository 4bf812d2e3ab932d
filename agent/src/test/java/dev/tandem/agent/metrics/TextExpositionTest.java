package dev.tandem.agent.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class TextExpositionTest {
    /** A sample line of the text format: name, optional labels, value. */
    private static final Pattern SAMPLE = Pattern.compile(
            "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[a-zA-Z_][a-zA-Z0-9_]*=\"(\\\\.|[^\"\\\\])*\"(,[a-zA-Z_][a-zA-Z0-9_]*=\"(\\\\.|[^\"\\\\])*\")*})? -?[0-9.eE+-]+|NaN|[+-]Inf");

    private static final List<MetricSample> SAMPLES = List.of(
            new MetricSample("ActiveJsmSessions", "Active sessions", Map.of("node", "node1"), 3),
            new MetricSample("ActiveJsmSessions", "Active sessions", Map.of("node", "no\"de2"), 4),
            new MetricSample("JsmSessionsClient", "Active client\nconnections", Map.of("node", "node1"), 2.5));

    @Test
    void everyLineIsAHelpATypeOrAWellFormedSampleAndNamesAreGrouped() {
        String text = TextExposition.write(SAMPLES, false);

        assertThat(text).isEqualTo("""
                # HELP ActiveJsmSessions Active sessions
                # TYPE ActiveJsmSessions gauge
                ActiveJsmSessions{node="node1"} 3
                ActiveJsmSessions{node="no\\"de2"} 4
                # HELP JsmSessionsClient Active client\\nconnections
                # TYPE JsmSessionsClient gauge
                JsmSessionsClient{node="node1"} 2.5
                """);
        text.lines().filter(l -> !l.startsWith("# ")).forEach(l -> assertThat(l).matches(SAMPLE));
    }

    @Test
    void openMetricsEndsWithEof() {
        assertThat(TextExposition.write(SAMPLES, true)).endsWith("\n# EOF\n");
    }

    @Test
    void badNamesAreRefused() {
        assertThatThrownBy(() -> new MetricSample("Jsm-Sessions", "h", Map.of(), 1)).hasMessageContaining("invalid metric name");
        assertThatThrownBy(() -> new MetricSample("ok", "h", Map.of("__x", "v"), 1)).hasMessageContaining("invalid label name");
    }

    @Test
    void endpointServesMetricsOnAFreePort() throws Exception {
        try (MetricsEndpoint endpoint = new MetricsEndpoint(new InetSocketAddress("127.0.0.1", 0))) {
            endpoint.register(() -> SAMPLES);
            HttpClient http = HttpClient.newHttpClient();
            URI uri = URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics");

            HttpResponse<String> plain = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> om = http.send(HttpRequest.newBuilder(uri)
                    .header("Accept", "application/openmetrics-text; version=1.0.0").build(), HttpResponse.BodyHandlers.ofString());
            HttpResponse<String> other = http.send(HttpRequest.newBuilder(uri.resolve("/nope")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(plain.statusCode()).isEqualTo(200);
            assertThat(plain.headers().firstValue("Content-Type")).hasValue(TextExposition.PROMETHEUS_CONTENT_TYPE);
            assertThat(plain.body()).contains("ActiveJsmSessions{node=\"node1\"} 3").doesNotContain("# EOF");
            assertThat(om.headers().firstValue("Content-Type")).hasValue(TextExposition.OPENMETRICS_CONTENT_TYPE);
            assertThat(om.body()).endsWith("# EOF\n");
            assertThat(other.statusCode()).isEqualTo(404);
        }
    }
}
