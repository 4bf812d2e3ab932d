package dev.tandem.agent.metrics;

import dev.tandem.agent.srm.Decision;
import dev.tandem.proto.admin.v1.GroupStatus;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent's metrics on the Prometheus Java client: its own registry (two agents in one JVM,
 * as in the demo pair and the tests, each show only their node), the SRM and presence gauges
 * read at scrape time, histograms and counters fed as things happen, and the JVM's metrics.
 * GET /metrics is served by the client's HTTP server (Prometheus text, or OpenMetrics when
 * the scraper asks for it).
 */
public final class AgentMetrics implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AgentMetrics.class);

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final SrmHistory history;
    private final Timings timings;
    private final HTTPServer server;

    private AgentMetrics(InetSocketAddress bind, String node, Supplier<GroupStatus> status,
                         Supplier<PresenceFigures> presence) throws IOException {
        registry.register(new SrmCollector(node, status));
        registry.register(new PresenceCollector(node, presence));
        history = new SrmHistory(registry, node);
        timings = new Timings(registry, node);
        JvmMetrics.builder().register(registry);
        server = HTTPServer.builder().inetAddress(bind.getAddress()).port(bind.getPort()).registry(registry)
                .authenticator(new ReadOnlyRequests()).buildAndStart();
        log.info("{}: metrics on http://{}:{}/metrics", node, bind.getHostString(), port());
    }

    /** Binds (port 0: a free one) and starts serving /metrics for {@code node}. */
    public static AgentMetrics start(InetSocketAddress bind, String node, Supplier<GroupStatus> status,
                                     Supplier<PresenceFigures> presence) throws IOException {
        return new AgentMetrics(bind, node, status, presence);
    }

    public int port() {
        return server.getPort();
    }

    /** Every decision of the SRM core, on the SRM thread. */
    public void srmDecided(Decision d, long lastHeartbeatMs) {
        history.onDecision(d, lastHeartbeatMs);
    }

    public void heartbeatRoundTrip(double millis) {
        timings.heartbeatRoundTrip(millis);
    }

    public void userMove(String kind, long nanos) {
        timings.userMove(kind, nanos);
    }

    public void login(long nanos) {
        timings.login(nanos);
    }

    @Override
    public void close() {
        server.close();
    }
}
