package dev.tandem.agent.peer;

import dev.tandem.proto.peer.v1.PeerServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ServerCallExecutorSupplier;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of the peer link, apart from everything else in the agent (issue 10).
 *
 * <p>Every gRPC server and channel of a JVM shares one Netty event loop group and one
 * cached executor unless told otherwise, so a login storm on the client port, an admin
 * stream or a burst of replication used to delay heartbeats on the same threads and (for
 * replication) on the same HTTP/2 connection. Here:
 * <ul>
 *   <li>status traffic (heartbeat, shutdown notice, recovery request) goes out on its own
 *       channel (own TCP connection, own one-thread event loop, own executor) and is handled
 *       on the service port by its own single thread, ahead of nothing else;</li>
 *   <li>data traffic (replication batches, forwarded admin requests) has its own channel and
 *       a small bounded pool on the service port, so a slow apply or a forwarded request
 *       waiting for the SRM never holds a heartbeat;</li>
 *   <li>the service port's acceptor and I/O threads are its own, not shared with the client
 *       or admin ports.</li>
 * </ul>
 */
public final class PeerTransport implements AutoCloseable {
    /** The methods that carry the SRM's status: answered on their own thread. */
    static final Set<String> STATUS_METHODS = Set.of(
            PeerServiceGrpc.getHeartbeatMethod().getFullMethodName(),
            PeerServiceGrpc.getAnnounceShutdownMethod().getFullMethodName(),
            PeerServiceGrpc.getRequestRecoveryMethod().getFullMethodName());
    /** Data calls waiting for a thread on the service port; beyond it the peer gets RESOURCE_EXHAUSTED and retries. */
    static final int DATA_QUEUE = 256;

    private final String node;
    private final EventLoopGroup statusLoop;
    private final EventLoopGroup dataLoop;
    private final EventLoopGroup serverBoss;
    private final EventLoopGroup serverWorkers;
    private final ExecutorService statusOut;
    private final ExecutorService statusIn;
    private final ExecutorService dataIn;
    private final java.util.function.Function<String, NettyChannelBuilder> channels;
    private final java.util.function.Function<InetSocketAddress, NettyServerBuilder> servers;

    /** Plaintext both ways (tests that are not about security). */
    public PeerTransport(String node) {
        this(node, target -> NettyChannelBuilder.forTarget(target).usePlaintext(), NettyServerBuilder::forAddress);
    }

    /**
     * @param channels how a channel to the peer starts (the agent's: mutual TLS naming the peer)
     * @param servers how the service port starts (the agent's: TLS, message limits)
     */
    public PeerTransport(String node, java.util.function.Function<String, NettyChannelBuilder> channels,
                         java.util.function.Function<InetSocketAddress, NettyServerBuilder> servers) {
        this.node = node;
        this.channels = channels;
        this.servers = servers;
        this.statusLoop = new NioEventLoopGroup(1, threads("peer-status-io"));
        this.dataLoop = new NioEventLoopGroup(1, threads("peer-data-io"));
        this.serverBoss = new NioEventLoopGroup(1, threads("peer-accept"));
        this.serverWorkers = new NioEventLoopGroup(2, threads("peer-server-io"));
        this.statusOut = Executors.newSingleThreadExecutor(threads("peer-status-out"));
        this.statusIn = Executors.newSingleThreadExecutor(threads("peer-status-in"));
        this.dataIn = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(DATA_QUEUE),
                threads("peer-data-in"));
    }

    /** The channel for heartbeats and the other status messages. */
    public ManagedChannel statusChannel(String target) {
        return channels.apply(target).eventLoopGroup(statusLoop)
                .channelType(NioSocketChannel.class).executor(statusOut).build();
    }

    /** The channel for replication and forwarded admin requests (default executor: callers block on it). */
    public ManagedChannel dataChannel(String target) {
        return channels.apply(target).eventLoopGroup(dataLoop)
                .channelType(NioSocketChannel.class).build();
    }

    /** The service port: own acceptor and I/O threads, status calls on their own thread. */
    public NettyServerBuilder server(InetSocketAddress bind) {
        ServerCallExecutorSupplier route = new ServerCallExecutorSupplier() {
            @Override
            public <ReqT, RespT> java.util.concurrent.Executor getExecutor(io.grpc.ServerCall<ReqT, RespT> call,
                                                                           io.grpc.Metadata headers) {
                return STATUS_METHODS.contains(call.getMethodDescriptor().getFullMethodName()) ? statusIn : dataIn;
            }
        };
        return servers.apply(bind).bossEventLoopGroup(serverBoss).workerEventLoopGroup(serverWorkers)
                .channelType(NioServerSocketChannel.class).executor(dataIn).callExecutor(route);
    }

    private ThreadFactory threads(String role) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, role + "-" + node + "-" + n.incrementAndGet());
            t.setDaemon(true);
            // a hint only (Linux ignores it without privileges), but costs nothing
            t.setPriority(role.startsWith("peer-status") ? Thread.MAX_PRIORITY : Thread.NORM_PRIORITY);
            return t;
        };
    }

    /** After the channels and the server were shut down. */
    @Override
    public void close() {
        statusOut.shutdownNow();
        statusIn.shutdownNow();
        dataIn.shutdownNow();
        statusLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        dataLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        serverBoss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        serverWorkers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
