package dev.tandem.agent.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.security.auth.Caller;
import dev.tandem.agent.security.pki.PkiDirectory;
import dev.tandem.agent.security.pki.PkiGenerator;
import dev.tandem.agent.security.tls.TlsCredentials;
import dev.tandem.agent.security.tls.TlsFiles;
import dev.tandem.proto.admin.v1.ActionReply;
import dev.tandem.proto.admin.v1.AdminServiceGrpc;
import dev.tandem.proto.admin.v1.NodeActionRequest;
import dev.tandem.proto.peer.v1.Envelope;
import dev.tandem.proto.peer.v1.HeartbeatAck;
import dev.tandem.proto.peer.v1.HeartbeatMessage;
import dev.tandem.proto.peer.v1.PeerServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** node-a's peer and admin ports as PortSecurity builds them, on loopback, against forged and real callers. */
class PortSecurityTest {
    @TempDir
    static Path tmp;
    static PkiDirectory pki;
    static PkiDirectory other;
    static Server peerServer;
    static Server adminServer;
    static final List<String> heartbeatsFrom = new CopyOnWriteArrayList<>();
    static final List<String> failovers = new CopyOnWriteArrayList<>();
    static final List<ManagedChannel> channels = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        pki = PkiGenerator.throwaway(tmp.resolve("pki"), "prg1", "node-a", "node-b", "node-c");
        other = PkiGenerator.throwaway(tmp.resolve("other"), "prg1", "node-a", "node-b");
        PortSecurity a = PortSecurity.tls(pki, "node-a", "node-b");
        peerServer = a.peerServer(new InetSocketAddress("127.0.0.1", 0)).addService(a.peerService(new PeerServiceGrpc.PeerServiceImplBase() {
            @Override
            public void heartbeat(HeartbeatMessage m, StreamObserver<HeartbeatAck> o) {
                heartbeatsFrom.add(Caller.current().orElseThrow().name());
                o.onNext(HeartbeatAck.newBuilder().setNode("node-a").build());
                o.onCompleted();
            }
        })).build().start();
        adminServer = a.adminServer(new InetSocketAddress("127.0.0.1", 0)).addService(a.adminService(new AdminServiceGrpc.AdminServiceImplBase() {
            @Override
            public void failover(NodeActionRequest r, StreamObserver<ActionReply> o) {
                failovers.add(r.getNode());
                o.onNext(ActionReply.newBuilder().setAccepted(true).build());
                o.onCompleted();
            }
        }.bindService())).build().start();
    }

    @AfterAll
    static void stop() throws Exception {
        channels.forEach(ManagedChannel::shutdownNow);
        peerServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        adminServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    static <T extends ManagedChannel> T keep(T ch) {
        channels.add(ch);
        return ch;
    }

    static Status.Code heartbeat(ManagedChannel ch) {
        try {
            PeerServiceGrpc.newBlockingStub(ch).withDeadlineAfter(30, TimeUnit.SECONDS).heartbeat(HeartbeatMessage.newBuilder()
                    .setEnvelope(Envelope.newBuilder().setNode("node-b").setIncarnation("forged").setSeq(1)).build());
            return Status.Code.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
    }

    static String peerTarget() {
        return "127.0.0.1:" + peerServer.getPort();
    }

    @Test
    void theRealPeerGetsThroughAndIsNamed() throws Exception {
        ManagedChannel ch = keep(PortSecurity.tls(pki, "node-b", "node-a").peerChannel(peerTarget()).build());
        assertThat(heartbeat(ch)).isEqualTo(Status.Code.OK);
        assertThat(heartbeatsFrom).contains("node-b");
    }

    @Test
    void forgedPeersAreRefusedBeforeTheServiceSeesAnything() throws Exception {
        int before = heartbeatsFrom.size();
        // no certificate at all
        assertThat(heartbeat(keep(io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder.forTarget(peerTarget(),
                TlsCredentials.trustOnly(pki.caCertificate())).overrideAuthority("node-a").build())))
                .isEqualTo(Status.Code.UNAUTHENTICATED);
        // a valid node certificate of the group, but of another node
        assertThat(heartbeat(keep(PortSecurity.tls(pki, "node-c", "node-a").peerChannel(peerTarget()).build())))
                .isEqualTo(Status.Code.PERMISSION_DENIED);
        // an admin client certificate whose holder claims to be the peer in the message
        assertThat(heartbeat(keep(io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder.forTarget(peerTarget(),
                TlsCredentials.mutualClient(pki.files(PkiGenerator.ADMIN))).overrideAuthority("node-a").build())))
                .isEqualTo(Status.Code.PERMISSION_DENIED);
        // node-b's name, but from another CA
        TlsFiles forged = new TlsFiles(other.certificate("node-b"), other.privateKey("node-b"), pki.caCertificate());
        assertThat(heartbeat(keep(io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder.forTarget(peerTarget(),
                TlsCredentials.mutualClient(forged)).overrideAuthority("node-a").build())))
                .isIn(Status.Code.UNAVAILABLE, Status.Code.UNAUTHENTICATED);
        // plaintext
        assertThat(heartbeat(keep(io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder.forTarget(peerTarget())
                .usePlaintext().build()))).isEqualTo(Status.Code.UNAVAILABLE);
        assertThat(heartbeatsFrom).hasSize(before);
    }

    @Test
    void thePeerLinkRefusesAServerThatIsNotThePeer() throws Exception {
        // node-b expects its peer to be node-c, but the server at that address is node-a
        ManagedChannel ch = keep(PortSecurity.tls(pki, "node-b", "node-c").peerChannel(peerTarget()).build());
        assertThat(heartbeat(ch)).isEqualTo(Status.Code.UNAVAILABLE);
    }

    @Test
    void oversizedRequestsAreRefusedAndTheConnectionStaysUsable() throws Exception {
        ManagedChannel ch = keep(io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder.forTarget("localhost:" + adminServer.getPort(),
                TlsCredentials.mutualClient(pki.files(PkiGenerator.OPERATOR))).build());
        var stub = AdminServiceGrpc.newBlockingStub(ch);
        // the connection first (TLS handshake), so the timing below is the refusal's alone
        assertThat(stub.withDeadlineAfter(20, TimeUnit.SECONDS).failover(NodeActionRequest.newBuilder().setNode("node-a").build())
                .getAccepted()).isTrue();
        for (int size : new int[] {1_048_576, 5 * 1_048_576}) {
            long t0 = System.nanoTime();
            try {
                stub.withDeadlineAfter(10, TimeUnit.SECONDS).failover(NodeActionRequest.newBuilder().setNode("n".repeat(size)).build());
                throw new AssertionError("accepted " + size + " bytes");
            } catch (StatusRuntimeException e) {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
            }
            assertThat((System.nanoTime() - t0) / 1_000_000).as("ms to refuse %d bytes", size).isLessThan(3000);
        }
        assertThat(stub.withDeadlineAfter(30, TimeUnit.SECONDS).failover(NodeActionRequest.newBuilder().setNode("node-a").build())
                .getAccepted()).isTrue();
        assertThat(failovers).containsExactly("node-a", "node-a");
    }
}
