package dev.tandem.agent.security.live;

import dev.tandem.agent.security.pki.PkiDirectory;
import dev.tandem.agent.security.pki.PkiGenerator;
import dev.tandem.agent.security.tls.TlsCredentials;
import dev.tandem.agent.service.Agent;
import dev.tandem.agent.service.AgentConfig;
import dev.tandem.proto.admin.v1.AdminServiceGrpc;
import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Two agents on loopback with a throwaway PKI and the default (secure) settings; channels as any credential. */
final class SecuredPair implements AutoCloseable {
    static final Map<String, String> FAST = Map.of("heartbeat.interval", "200ms", "heartbeat.timeout", "5000ms",
            "heartbeat.init-timeout", "20000ms", "service.down-delay", "300ms", "service.poll", "50ms");

    final PkiDirectory pki;
    final PkiDirectory otherCa;
    final Agent a;
    final Agent b;
    private final List<ManagedChannel> channels = new ArrayList<>();
    private final Map<String, String> extra;

    SecuredPair(Path dir) throws IOException {
        this(dir, Map.of());
    }

    /** With {@code extra} settings on both agents (e.g. metrics.port). */
    SecuredPair(Path dir, Map<String, String> extra) throws IOException {
        this.extra = extra;
        pki = PkiGenerator.throwaway(dir.resolve("pki"), "prg1", "node-a", "node-b");
        otherCa = PkiGenerator.throwaway(dir.resolve("other-ca"), "prg1", "node-a", "node-b");
        a = new Agent(config(dir, "node-a", "node-b", "").build()).start();
        b = new Agent(config(dir, "node-b", "node-a", a.serviceTarget()).build()).start();
        a.connectPeer(b.serviceTarget());
    }

    private AgentConfig.Builder config(Path dir, String node, String peer, String peerAddress) {
        AgentConfig.Builder c = AgentConfig.builder().set("node.name", node).set("peer.name", peer)
                .set("peer.address", peerAddress).set("service.port", 0).set("admin.port", 0).set("client.port", 0)
                .set("group.nodes", "node-a,node-b").set("data.dir", dir.resolve(node)).set("tls.dir", pki.dir());
        FAST.forEach(c::set);
        extra.forEach(c::set);
        return c;
    }

    ManagedChannel channel(String target, ChannelCredentials creds) {
        ManagedChannel ch = NettyChannelBuilder.forTarget(target, creds).build();
        channels.add(ch);
        return ch;
    }

    /** A channel to {@code target} presenting the throwaway PKI's credential {@code name}. */
    ManagedChannel as(String name, String target) {
        return channel(target, TlsCredentials.mutualClient(pki.files(name)));
    }

    AdminServiceGrpc.AdminServiceBlockingStub admin(String name, Agent on) {
        return AdminServiceGrpc.newBlockingStub(as(name, on.adminTarget()));
    }

    @Override
    public void close() {
        channels.forEach(ManagedChannel::shutdownNow);
        b.kill();
        a.kill();
    }
}
