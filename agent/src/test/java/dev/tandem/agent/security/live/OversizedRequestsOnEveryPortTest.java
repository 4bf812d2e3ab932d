package dev.tandem.agent.security.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.presence.testkit.Await;
import dev.tandem.agent.security.pki.PkiGenerator;
import dev.tandem.agent.security.tls.TlsCredentials;
import dev.tandem.proto.admin.v1.AddUsersRequest;
import dev.tandem.proto.admin.v1.AdminServiceGrpc;
import dev.tandem.proto.admin.v1.GetConfigurationRequest;
import dev.tandem.proto.admin.v1.GetGroupStatusRequest;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.NodeActionRequest;
import dev.tandem.proto.peer.v1.Envelope;
import dev.tandem.proto.peer.v1.HeartbeatMessage;
import dev.tandem.proto.peer.v1.PeerServiceGrpc;
import dev.tandem.proto.peer.v1.ReplicationBatch;
import dev.tandem.proto.presence.v1.ClientMessage;
import dev.tandem.proto.presence.v1.ClientPortGrpc;
import dev.tandem.proto.presence.v1.Login;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9, bounded input on a live secured pair: a 1 MB and a 5 MB request and a body that is
 * not protobuf, on each port (admin, peer, client, and the /metrics HTTP port), with credentials
 * that get past authentication so the bytes reach the limits and the parser. Each gets
 * INVALID_ARGUMENT or RESOURCE_EXHAUSTED (HTTP: an error status) within 1 s; the same channel
 * then answers an ordinary call; neither node's state, configuration, users or audit log changes.
 */
class OversizedRequestsOnEveryPortTest {
    static final long ANSWER_WITHIN_MS = 1000;
    static final int MB = 1024 * 1024;

    @TempDir
    static Path dir;
    static SecuredPair pair;

    @BeforeAll
    static void start() throws Exception {
        pair = new SecuredPair(dir, Map.of("metrics.port", "0"));
        var v = pair.admin(PkiGenerator.VIEWER, pair.a);
        Await.until(() -> status(v), s -> s.getMatrix().getMatched() && s.getMatrix().getRow().getId().equals("M1"),
                Duration.ofSeconds(30));
        pair.admin(PkiGenerator.OPERATOR, pair.a).withDeadlineAfter(10, TimeUnit.SECONDS)
                .addUsers(AddUsersRequest.newBuilder().addUsers("alice").putSecrets("alice", "alice-secret").build());
        Await.until(() -> pair.b.presence().node().users().secretHash("alice").isPresent(), ok -> ok, Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        pair.close();
    }

    static GroupStatus status(AdminServiceGrpc.AdminServiceBlockingStub s) {
        try {
            return s.withDeadlineAfter(5, TimeUnit.SECONDS).getGroupStatus(GetGroupStatusRequest.getDefaultInstance());
        } catch (io.grpc.StatusRuntimeException e) {
            return GroupStatus.getDefaultInstance();
        }
    }

    /** Everything a rejected request must leave as it was, on both nodes. */
    static String snapshot() {
        StringBuilder b = new StringBuilder();
        for (var on : List.of(pair.a, pair.b)) {
            var v = pair.admin(PkiGenerator.VIEWER, on).withDeadlineAfter(5, TimeUnit.SECONDS);
            GroupStatus s = status(pair.admin(PkiGenerator.VIEWER, on));
            s.getNodesList().forEach(n -> b.append(n.getStatus().getNode()).append('=').append(n.getStatus().getState())
                    .append('/').append(n.getStatus().getReason()).append(' '));
            b.append(s.getMatrix().getRow().getId()).append(' ')
                    .append(v.getConfiguration(GetConfigurationRequest.getDefaultInstance())).append(' ')
                    .append(on.presence().node().users().all()).append(' ')
                    .append(on.presence().node().users().secretHash("alice").orElse("")).append(' ')
                    .append(on.database().auditLog().size()).append('\n');
        }
        return b.toString();
    }

    static byte[] garbage() {
        byte[] b = new byte[4096];
        new Random(9).nextBytes(b);
        b[0] = (byte) 0xff; // field 31, wire type 7: never a valid tag, so the body cannot parse
        return b;
    }

    static String chars(int n) {
        return "x".repeat(n);
    }

    /** Sends {@code body} and asserts the documented answer came in time. */
    static void refusedInTime(ManagedChannel ch, MethodDescriptor<byte[], byte[]> m, byte[] body, String what) {
        long t0 = System.nanoTime();
        Status.Code c = PortFuzzTest.call(new PortFuzzTest.Target(ch, m, body, false), body);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(c).as(what).isIn(Status.Code.INVALID_ARGUMENT, Status.Code.RESOURCE_EXHAUSTED);
        assertThat(ms).as(what + ": answered after %d ms", ms).isLessThan(ANSWER_WITHIN_MS);
    }

    /** The three bad requests on one method, then an ordinary call on the same channel. */
    static void port(ManagedChannel ch, MethodDescriptor<byte[], byte[]> m, java.util.function.IntFunction<byte[]> ofSize,
                     Supplier<Status.Code> ordinary, Status.Code ordinaryAnswer) {
        // the channel is connected (TLS handshake done) before the clock starts
        assertThat(ordinary.get()).isEqualTo(ordinaryAnswer);
        String name = m.getFullMethodName();
        refusedInTime(ch, m, ofSize.apply(MB), name + " 1 MB");
        assertThat(ordinary.get()).as(name + ": the channel still answers after 1 MB").isEqualTo(ordinaryAnswer);
        refusedInTime(ch, m, ofSize.apply(5 * MB), name + " 5 MB");
        assertThat(ordinary.get()).as(name + ": the channel still answers after 5 MB").isEqualTo(ordinaryAnswer);
        refusedInTime(ch, m, garbage(), name + " garbage");
        assertThat(ordinary.get()).as(name + ": the channel still answers after garbage").isEqualTo(ordinaryAnswer);
    }

    static Status.Code code(Runnable r) {
        try {
            r.run();
            return Status.Code.OK;
        } catch (io.grpc.StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
    }

    @Test
    void adminPort() {
        String before = snapshot();
        ManagedChannel ch = pair.as(PkiGenerator.ADMIN, pair.a.adminTarget());
        var stub = AdminServiceGrpc.newBlockingStub(ch);
        port(ch, PortFuzzTest.raw(AdminServiceGrpc.getFailoverMethod()),
                n -> NodeActionRequest.newBuilder().setNode("node-a").setActor(chars(n)).build().toByteArray(),
                () -> code(() -> stub.withDeadlineAfter(5, TimeUnit.SECONDS).getGroupStatus(GetGroupStatusRequest.getDefaultInstance())),
                Status.Code.OK);
        port(ch, PortFuzzTest.raw(AdminServiceGrpc.getAddUsersMethod()),
                n -> AddUsersRequest.newBuilder().addUsers(chars(n)).build().toByteArray(),
                () -> code(() -> stub.withDeadlineAfter(5, TimeUnit.SECONDS).getGroupStatus(GetGroupStatusRequest.getDefaultInstance())),
                Status.Code.OK);
        // just under the port's limit the message arrives whole: the field check refuses it, quoting a short prefix only
        var e = org.junit.jupiter.api.Assertions.assertThrows(io.grpc.StatusRuntimeException.class, () -> stub
                .withDeadlineAfter(5, TimeUnit.SECONDS).failover(NodeActionRequest.newBuilder().setNode(chars(1000 * 1000)).build()));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(e.getStatus().getDescription()).hasSizeLessThan(300);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void peerPort() {
        String before = snapshot();
        // node-b's own certificate: authenticated as the peer, so only the limits and the checks stand in the way
        ManagedChannel ch = pair.as("node-b", pair.a.serviceTarget());
        var stub = PeerServiceGrpc.newBlockingStub(ch);
        // an ordinary answer that changes nothing: a heartbeat naming a node that is not the peer is refused
        Supplier<Status.Code> ordinary = () -> code(() -> stub.withDeadlineAfter(5, TimeUnit.SECONDS).heartbeat(
                HeartbeatMessage.newBuilder().setEnvelope(Envelope.newBuilder().setNode("node-x").setIncarnation("i").setSeq(1)).build()));
        Status.Code answer = ordinary.get();
        assertThat(answer).isIn(Status.Code.INVALID_ARGUMENT, Status.Code.PERMISSION_DENIED);
        port(ch, PortFuzzTest.raw(PeerServiceGrpc.getHeartbeatMethod()),
                n -> HeartbeatMessage.newBuilder().setEnvelope(Envelope.newBuilder().setNode("node-b").setIncarnation(chars(n)).setSeq(1))
                        .build().toByteArray(), ordinary, answer);
        port(ch, PortFuzzTest.raw(PeerServiceGrpc.getReplicateMethod()),
                n -> ReplicationBatch.newBuilder().setNode(chars(n)).build().toByteArray(), ordinary, answer);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void clientPort() {
        String before = snapshot();
        ManagedChannel ch = pair.channel(pair.a.clientTarget(), TlsCredentials.trustOnly(pair.pki.caCertificate()));
        var m = PortFuzzTest.raw(ClientPortGrpc.getConnectMethod());
        byte[] wrongSecret = ClientMessage.newBuilder().setLogin(Login.newBuilder().setUserId("alice").setSecret("not-alices-secret"))
                .build().toByteArray();
        Supplier<Status.Code> ordinary = () -> PortFuzzTest.call(new PortFuzzTest.Target(ch, m, wrongSecret, false), wrongSecret);
        Status.Code answer = ordinary.get();
        assertThat(answer).isIn(Status.Code.OK, Status.Code.UNAUTHENTICATED); // a refusal message, or the stream closed so
        port(ch, m, n -> ClientMessage.newBuilder().setLogin(Login.newBuilder().setUserId(chars(n)).setSecret("s")).build().toByteArray(),
                ordinary, answer);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void metricsPort() throws Exception {
        String before = snapshot();
        int port = pair.a.metricsPort();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI uri = URI.create("http://127.0.0.1:" + port + "/metrics");
        assertThat(http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        for (int size : new int[] {MB, 5 * MB}) {
            long t0 = System.nanoTime();
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[size])).build(), HttpResponse.BodyHandlers.ofString());
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(r.statusCode()).as("POST of %d bytes", size).isBetween(400, 499);
            assertThat(ms).as("POST of %d bytes answered after %d ms", size, ms).isLessThan(ANSWER_WITHIN_MS);
        }
        // bytes that are not HTTP at all: the server closes the connection, and still serves the next scrape
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(garbage());
            out.flush();
            long t0 = System.nanoTime();
            int first = s.getInputStream().read(); // an error answer or the close: either way, not a hang
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(ms).as("garbage answered (first byte %d) after %d ms", first, ms).isLessThan(ANSWER_WITHIN_MS);
        }
        assertThat(http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(snapshot()).isEqualTo(before);
    }
}
