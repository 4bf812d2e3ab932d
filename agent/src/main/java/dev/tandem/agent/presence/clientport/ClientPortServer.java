package dev.tandem.agent.presence.clientport;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client port on its own TCP port (0 picks a free one), with its own Netty event loops
 * and its own executor. gRPC servers otherwise share one JVM-wide pool of event loops, so a
 * storm of 15,000 client logins queued ahead of the peer link's heartbeats on the same
 * threads (heartbeat gaps of 1-3 s were seen); with their own threads, client traffic only
 * competes for CPU.
 */
public final class ClientPortServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClientPortServer.class);

    private final Server server;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ExecutorService executor;

    public ClientPortServer(InetSocketAddress bind, BindableService service) {
        this(bind, service, ClientPortBinding.PLAINTEXT);
    }

    /** The client port as {@code binding} secures it (TLS, message limits, strict parsing), on its own threads. */
    public ClientPortServer(InetSocketAddress bind, BindableService service, ClientPortBinding binding) {
        int cores = Runtime.getRuntime().availableProcessors();
        this.boss = new NioEventLoopGroup(1, threads("client-port-accept"));
        this.workers = new NioEventLoopGroup(Math.max(2, cores), threads("client-port-io"));
        this.executor = Executors.newFixedThreadPool(Math.max(2, cores), threads("client-port-call"));
        this.server = binding.builder(bind)
                .channelType(NioServerSocketChannel.class)
                .bossEventLoopGroup(boss)
                .workerEventLoopGroup(workers)
                .executor(executor)
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
        releaseThreads();
    }

    @Override
    public void close() throws InterruptedException {
        server.shutdown();
        if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
            server.shutdownNow();
            server.awaitTermination(2, TimeUnit.SECONDS);
        }
        releaseThreads();
    }

    private void releaseThreads() {
        executor.shutdownNow();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS);
    }

    private static ThreadFactory threads(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
