package dev.tandem.agent.critical;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A check of a real service: a TCP connect, an HTTP GET, or a command's exit code. */
public interface Probe {
    int TIMEOUT_MS = 2000;

    String describe();

    /** Returns normally when the service answers; throws with what went wrong. */
    void probe() throws Exception;

    static Probe tcp(String hostPort) {
        int i = hostPort.lastIndexOf(':');
        if (i <= 0) {
            throw new IllegalArgumentException("tcp binding needs HOST:PORT, got '" + hostPort + "'");
        }
        String host = hostPort.substring(0, i);
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(i + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("tcp binding: '" + hostPort.substring(i + 1) + "' is not a port");
        }
        return new Probe() {
            public String describe() {
                return "tcp: " + hostPort;
            }

            public void probe() throws Exception {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
                }
            }
        };
    }

    static Probe http(String url) {
        URI uri = URI.create(url);
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(TIMEOUT_MS)).build();
        return new Probe() {
            public String describe() {
                return "http: " + url;
            }

            public void probe() throws Exception {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(TIMEOUT_MS))
                        .GET().build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() >= 400) {
                    throw new IllegalStateException("HTTP " + r.statusCode() + " from " + url);
                }
            }
        };
    }

    static Probe command(String cmd) {
        return new Probe() {
            public String describe() {
                return "command: " + cmd;
            }

            public void probe() throws Exception {
                Commands.run(cmd);
            }
        };
    }
}
