package dev.tandem.agent.critical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Critical services bound to real checks: a TCP port, an HTTP URL, a command's exit code. */
class ServiceBindingTest {

    private static boolean running(ServiceBinding b) {
        try {
            return b.check();
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void tcpBindingFollowsTheListeningPort() throws Exception {
        ServiceBinding b;
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            b = ServiceBinding.parse("tcp:127.0.0.1:" + server.getLocalPort(), null, null);
            assertThat(b.describe()).isEqualTo("tcp: 127.0.0.1:" + server.getLocalPort());
            assertThat(running(b)).isTrue();
        }
        assertThat(running(b)).as("nothing listens any more").isFalse();
        assertThatThrownBy(b::check).hasMessageContaining("Connection refused");
    }

    @Test
    void httpBindingNeedsASuccessfulAnswer() throws Exception {
        AtomicInteger status = new AtomicInteger(200);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", ex -> {
            ex.sendResponseHeaders(status.get(), -1);
            ex.close();
        });
        server.start();
        try {
            ServiceBinding b = ServiceBinding.parse("http:http://127.0.0.1:" + server.getAddress().getPort() + "/health",
                    null, null);
            assertThat(running(b)).isTrue();
            status.set(503);
            assertThat(running(b)).isFalse();
            assertThatThrownBy(b::check).hasMessageContaining("HTTP 503");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void commandBindingUsesExitCodesAndItsStartStopCommands(@TempDir Path dir) throws Exception {
        Path flag = dir.resolve("running");
        ServiceBinding b = ServiceBinding.parse("command:test -f " + flag, "touch " + flag, "rm -f " + flag);
        assertThat(running(b)).isFalse();
        b.start();
        assertThat(Files.exists(flag)).isTrue();
        assertThat(running(b)).isTrue();
        b.stop();
        assertThat(running(b)).isFalse();
    }

    @Test
    void aProbeWithoutStartCommandSaysSo() {
        ServiceBinding b = ServiceBinding.parse("command:true", null, null);
        assertThat(running(b)).isTrue();
        assertThatThrownBy(b::start).hasMessageContaining("no start command configured for command: true");
    }

    @Test
    void badBindingsAreExplained() {
        assertThatThrownBy(() -> ServiceBinding.parse("sometimes", null, null))
                .hasMessageContaining("use emulated, tcp:HOST:PORT, http:URL or command:CMD");
        assertThatThrownBy(() -> ServiceBinding.parse("ftp:host", null, null))
                .hasMessageContaining("unknown binding kind 'ftp'");
        assertThatThrownBy(() -> ServiceBinding.parse("tcp:host:http", null, null))
                .hasMessageContaining("is not a port");
        assertThat(ServiceBinding.parse("", null, null).describe()).isEqualTo("emulated");
    }
}
