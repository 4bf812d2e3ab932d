package dev.tandem.agent.metrics;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpExchange;

/**
 * The metrics port only reads: GET and HEAD pass, every other method gets 405 before any
 * handler runs (the JDK server then discards the body), so a large POST costs nothing and
 * cannot be mistaken for a scrape.
 */
final class ReadOnlyRequests extends Authenticator {
    static final int METHOD_NOT_ALLOWED = 405;

    @Override
    public Result authenticate(HttpExchange exchange) {
        String method = exchange.getRequestMethod();
        if ("GET".equals(method) || "HEAD".equals(method)) {
            return new Success(new com.sun.net.httpserver.HttpPrincipal("scraper", "metrics"));
        }
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        return new Failure(METHOD_NOT_ALLOWED);
    }
}
