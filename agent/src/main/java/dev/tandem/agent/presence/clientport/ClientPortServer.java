package dev.tandem.agent.presence.clientport;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The client port on its own TCP port (0 picks a free one). */
public final class ClientPortServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClientPortServer.class);

    private final Server server;

    public ClientPortServer(InetSocketAddress bind, BindableService service) {
        this(bind, service, ClientPortBinding.PLAINTEXT);
    }

    /** The client port as {@code binding} secures it (TLS, message limits, strict parsing). */
    public ClientPortServer(InetSocketAddress bind, BindableService service, ClientPortBinding binding) {
        this.server = binding.builder(bind)
                .addService(binding.service(service))
                .build();
    }

    public ClientPortServer start() throws IOException {
        server.start();
        log.info("client port listening on {}", address());
        return this;
    }

    /** host:port clients should use. */
    public String address() {
        InetSocketAddress a = (InetSocketAddress) server.getListenSockets().get(0);
        return a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    public int port() {
        return server.getPort();
    }

    public void blockUntilShutdown() throws InterruptedException {
        server.awaitTermination();
    }

    /** Stops at once: every client connection breaks, as when the process is killed. */
    public void halt() throws InterruptedException {
        server.shutdownNow();
        server.awaitTermination(2, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdown();
        if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
            server.shutdownNow();
            server.awaitTermination(2, TimeUnit.SECONDS);
        }
    }
}
