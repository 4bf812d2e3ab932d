package dev.tandem.agent.presence.clientport;

import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.net.InetSocketAddress;

/** How the client port's server is built: transport security and what wraps the service. */
public interface ClientPortBinding {
    NettyServerBuilder builder(InetSocketAddress bind);

    ServerServiceDefinition service(BindableService service);

    /** Plaintext, the service as it is (presence-only tests and tools). */
    ClientPortBinding PLAINTEXT = new ClientPortBinding() {
        @Override
        public NettyServerBuilder builder(InetSocketAddress bind) {
            return NettyServerBuilder.forAddress(bind);
        }

        @Override
        public ServerServiceDefinition service(BindableService service) {
            return service.bindService();
        }
    };
}
