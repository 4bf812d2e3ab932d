package dev.tandem.console.connection;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

/** Opens a channel to an agent. Production uses TLS with a client certificate ({@link #secured}); tests use in-process channels. */
@FunctionalInterface
public interface ChannelFactory {
    ManagedChannel open(AgentAddress address);

    /** TLS with the credentials current when a channel is opened (the demo's are known only once it runs). */
    static ChannelFactory secured(java.util.function.Supplier<Credentials> current) {
        return address -> {
            Credentials c = current.get();
            if (c.insecure()) {
                return NettyChannelBuilder.forAddress(address.host(), address.port()).usePlaintext().build();
            }
            try {
                io.grpc.ChannelCredentials tls = io.grpc.TlsChannelCredentials.newBuilder()
                        .keyManager(c.certificate().toFile(), c.key().toFile()).trustManager(c.ca().toFile()).build();
                return NettyChannelBuilder.forAddress(address.host(), address.port(), tls).build();
            } catch (java.io.IOException e) {
                // no crash at start: the connection opens without a client certificate, the agent answers
                // UNAUTHENTICATED and the agent list shows it; the log says which file is missing
                org.slf4j.LoggerFactory.getLogger(ChannelFactory.class).warn(
                        "cannot read the console's credentials ({}): connecting to {} without a client certificate",
                        e.getMessage(), address);
                return NettyChannelBuilder.forAddress(address.host(), address.port(),
                        io.grpc.TlsChannelCredentials.create()).build();
            }
        };
    }

    static ChannelFactory netty() {
        return address -> NettyChannelBuilder.forAddress(address.host(), address.port())
                .usePlaintext()
                .build();
    }
}
