package dev.tandem.console.connection;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;

/** Opens a channel to an agent. Production uses plaintext HTTP/2; tests use in-process channels. */
@FunctionalInterface
public interface ChannelFactory {
    ManagedChannel open(AgentAddress address);

    static ChannelFactory netty() {
        return address -> NettyChannelBuilder.forAddress(address.host(), address.port())
                .usePlaintext()
                .build();
    }
}
