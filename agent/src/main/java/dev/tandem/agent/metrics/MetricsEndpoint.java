package dev.tandem.agent.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** GET /metrics over the JDK's HTTP server. OpenMetrics when the scraper asks for it in
 * Accept, the Prometheus text format otherwise. */
public final class MetricsEndpoint implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetricsEndpoint.class);

    private final HttpServer server;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "metrics-http");
        t.setDaemon(true);
        return t;
    });
    private final List<MetricsSource> sources = new CopyOnWriteArrayList<>();

    /** Binds (port 0: a free one) and starts serving. */
    public MetricsEndpoint(InetSocketAddress bind) throws IOException {
        server = HttpServer.create(bind, 0);
        server.createContext("/metrics", this::handle);
        server.setExecutor(executor);
        server.start();
        log.info("metrics on http://{}:{}/metrics", bind.getHostString(), port());
    }

    public MetricsEndpoint register(MetricsSource source) {
        sources.add(source);
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().add("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            if (!"/metrics".equals(exchange.getRequestURI().getPath())) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String accept = exchange.getRequestHeaders().getFirst("Accept");
            boolean openMetrics = accept != null && accept.contains("application/openmetrics-text");
            List<MetricSample> samples = new ArrayList<>();
            sources.forEach(s -> samples.addAll(s.collect()));
            byte[] body = TextExposition.write(samples, openMetrics).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type",
                    openMetrics ? TextExposition.OPENMETRICS_CONTENT_TYPE : TextExposition.PROMETHEUS_CONTENT_TYPE);
            exchange.sendResponseHeaders(200, "HEAD".equals(exchange.getRequestMethod()) ? -1 : body.length);
            if (!"HEAD".equals(exchange.getRequestMethod())) {
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(body);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
