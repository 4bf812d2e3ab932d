package dev.tandem.console.testing;

import dev.tandem.console.connection.AgentAddress;
import dev.tandem.console.connection.ChannelFactory;
import io.grpc.Server;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Serves a {@link ScriptedAdminServiceDouble} in-process under the name of an agent address,
 * and can go away and come back (stop, start) like a real agent.
 */
public final class InProcessAgent implements AutoCloseable {
    private final AgentAddress address;
    private final ScriptedAdminServiceDouble service;
    private Server server;

    public InProcessAgent(AgentAddress address, ScriptedAdminServiceDouble service) {
        this.address = address;
        this.service = service;
    }

    /** Channels to in-process agents, by address. */
    public static ChannelFactory channels() {
        return a -> InProcessChannelBuilder.forName(a.toString()).build();
    }

    public InProcessAgent start() throws IOException {
        server = InProcessServerBuilder.forName(address.toString()).addService(service).build().start();
        return this;
    }

    public void stop() throws InterruptedException {
        server.shutdownNow();
        server.awaitTermination(5, TimeUnit.SECONDS);
    }

    public AgentAddress address() {
        return address;
    }

    public ScriptedAdminServiceDouble service() {
        return service;
    }

    @Override
    public void close() throws InterruptedException {
        if (server != null) {
            stop();
        }
    }
}
