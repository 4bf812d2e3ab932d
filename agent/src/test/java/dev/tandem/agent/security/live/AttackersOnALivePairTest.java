package dev.tandem.agent.security.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.presence.testkit.Await;
import dev.tandem.agent.presence.users.UserRecord;
import dev.tandem.agent.security.pki.PkiGenerator;
import dev.tandem.agent.security.tls.TlsCredentials;
import dev.tandem.agent.security.tls.TlsFiles;
import dev.tandem.agent.service.Agent;
import dev.tandem.proto.admin.v1.AddUsersRequest;
import dev.tandem.proto.admin.v1.AdminServiceGrpc;
import dev.tandem.proto.admin.v1.GetConfigurationRequest;
import dev.tandem.proto.admin.v1.GetGroupStatusRequest;
import dev.tandem.proto.admin.v1.GroupConfiguration;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.NodeActionRequest;
import dev.tandem.proto.admin.v1.ServiceParameters;
import dev.tandem.proto.admin.v1.SetParametersRequest;
import dev.tandem.proto.peer.v1.Envelope;
import dev.tandem.proto.peer.v1.ForwardedRequest;
import dev.tandem.proto.peer.v1.HeartbeatMessage;
import dev.tandem.proto.peer.v1.PeerServiceGrpc;
import dev.tandem.proto.peer.v1.ReplicatedItem;
import dev.tandem.proto.peer.v1.ReplicationBatch;
import dev.tandem.proto.peer.v1.ShutdownNotice;
import dev.tandem.proto.peer.v1.StoreChange;
import dev.tandem.proto.peer.v1.StoredUser;
import dev.tandem.proto.peer.v1.UserRemoved;
import dev.tandem.proto.peer.v1.UsersAdded;
import dev.tandem.proto.presence.v1.ClientMessage;
import dev.tandem.proto.presence.v1.ClientPortGrpc;
import dev.tandem.proto.presence.v1.ConnectionMode;
import dev.tandem.proto.presence.v1.Login;
import dev.tandem.proto.presence.v1.ServerMessage;
import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9's attackers against a live, secured pair on loopback: an unauthenticated client, a
 * viewer, a client with a certificate of another CA, and forged peers (valid protos, wrong or
 * no certificate) each try failover, a parameter change, replicate, heartbeat/shutdown forgery,
 * a forwarded failover and login-as-another-user. Each gets its documented status
 * (docs/security.md) and both nodes' state and stores stay as they were.
 */
class AttackersOnALivePairTest {
    @TempDir
    static Path dir;
    static SecuredPair pair;

    @BeforeAll
    static void start() throws Exception {
        pair = new SecuredPair(dir);
        var op = pair.admin(PkiGenerator.OPERATOR, pair.a);
        Await.until(() -> status(op), s -> s.getMatrix().getMatched() && s.getMatrix().getRow().getId().equals("M1"),
                Duration.ofSeconds(30));
        // the operator sets alice's secret with AddUsers; it reaches node-b as a hash over the mutual-TLS link
        op.withDeadlineAfter(10, TimeUnit.SECONDS).addUsers(AddUsersRequest.newBuilder().addUsers("alice").addUsers("bob")
                .putSecrets("alice", "alice-secret").build());
        assertThat(code(() -> op.withDeadlineAfter(10, TimeUnit.SECONDS).addUsers(AddUsersRequest.newBuilder()
                .addUsers("carol").putSecrets("carol", "short").build()))).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(pair.a.presence().node().users().find("carol")).isEmpty();
        Await.until(() -> pair.b.presence().node().users().secretHash("alice").isPresent(), ok -> ok, Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        pair.close();
    }

    static GroupStatus status(AdminServiceGrpc.AdminServiceBlockingStub s) {
        try {
            return s.withDeadlineAfter(5, TimeUnit.SECONDS).getGroupStatus(GetGroupStatusRequest.getDefaultInstance());
        } catch (StatusRuntimeException e) {
            return GroupStatus.getDefaultInstance();
        }
    }

    /** What must not change: each node's state and reason, configuration, users and secrets. */
    record Snapshot(String states, GroupConfiguration configA, GroupConfiguration configB, List<UserRecord> usersA,
                    List<UserRecord> usersB, Map<String, String> secretsB) {
    }

    static Snapshot snapshot() {
        var op = pair.admin(PkiGenerator.VIEWER, pair.a);
        GroupStatus s = status(op);
        String states = s.getNodesList().stream().map(n -> n.getStatus().getNode() + "=" + n.getStatus().getState()
                + "/" + n.getStatus().getReason()).collect(Collectors.joining(",")) + " " + s.getMatrix().getRow().getId();
        return new Snapshot(states, config(pair.a), config(pair.b), sorted(pair.a), sorted(pair.b),
                Map.of("alice", pair.b.presence().node().users().secretHash("alice").orElse("")));
    }

    static GroupConfiguration config(Agent on) {
        return pair.admin(PkiGenerator.VIEWER, on).withDeadlineAfter(5, TimeUnit.SECONDS)
                .getConfiguration(GetConfigurationRequest.getDefaultInstance());
    }

    static List<UserRecord> sorted(Agent on) {
        return on.presence().node().users().all().stream().sorted(java.util.Comparator.comparing(UserRecord::userId)).toList();
    }

    static Status.Code code(Runnable r) {
        try {
            r.run();
            return Status.Code.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
    }

    /** Every admin-port attack with {@code creds}; each must answer one of {@code expected}. */
    static void adminAttacks(ChannelCredentials creds, Status.Code... expected) {
        for (Agent on : List.of(pair.a, pair.b)) {
            var s = AdminServiceGrpc.newBlockingStub(pair.channel(on.adminTarget(), creds)).withDeadlineAfter(5, TimeUnit.SECONDS);
            assertThat(code(() -> s.failover(NodeActionRequest.newBuilder().setNode("node-a").build()))).as("failover").isIn((Object[]) expected);
            assertThat(code(() -> s.setParameters(SetParametersRequest.newBuilder().setParameters(ServiceParameters.newBuilder()
                    .setHeartbeatIntervalMs(3_600_000)).build()))).as("parameters").isIn((Object[]) expected);
            assertThat(code(() -> s.addUsers(AddUsersRequest.newBuilder().addUsers("mallory").build()))).as("add users").isIn((Object[]) expected);
        }
    }

    /** Every peer-port attack with {@code creds} against both nodes. */
    static void peerAttacks(ChannelCredentials creds, Status.Code... expected) {
        for (Agent on : List.of(pair.a, pair.b)) {
            String claimed = on == pair.a ? "node-b" : "node-a";
            ManagedChannel ch = pair.channel(on.serviceTarget(), creds);
            var p = PeerServiceGrpc.newBlockingStub(ch).withDeadlineAfter(5, TimeUnit.SECONDS);
            Envelope env = Envelope.newBuilder().setNode(claimed).setIncarnation("forged").setSeq(Long.MAX_VALUE - 1).build();
            assertThat(code(() -> p.heartbeat(HeartbeatMessage.newBuilder().setEnvelope(env).build()))).as("heartbeat").isIn((Object[]) expected);
            assertThat(code(() -> p.announceShutdown(ShutdownNotice.newBuilder().setEnvelope(env).setSrmIncarnation(1).build())))
                    .as("shutdown").isIn((Object[]) expected);
            assertThat(code(() -> p.forward(ForwardedRequest.newBuilder()
                    .setFailover(NodeActionRequest.newBuilder().setNode(on.name())).build())))
                    .as("forward").isIn((Object[]) expected);
            assertThat(code(() -> p.replicate(ReplicationBatch.newBuilder().setNode(claimed)
                    .addItems(ReplicatedItem.newBuilder().setChange(StoreChange.newBuilder().setRemoved(UserRemoved.newBuilder().setUserId("alice"))))
                    .addItems(ReplicatedItem.newBuilder().setChange(StoreChange.newBuilder().setAdded(UsersAdded.newBuilder()
                            .addUsers(StoredUser.newBuilder().setUserId("x".repeat(5000)).setHomeNode("node-z")))))
                    .build()))).as("replicate").isIn((Object[]) expected);
        }
    }

    static Status loginAs(String user, String secret, Agent on) throws Exception {
        ManagedChannel ch = pair.channel(on.clientTarget(), TlsCredentials.trustOnly(pair.pki.caCertificate()));
        CompletableFuture<Status> end = new CompletableFuture<>();
        StreamObserver<ClientMessage> out = ClientPortGrpc.newStub(ch).connect(new StreamObserver<>() {
            @Override
            public void onNext(ServerMessage m) {
                if (m.hasLoginAccepted() || m.hasRedirect()) {
                    end.complete(Status.OK);
                }
            }

            @Override
            public void onError(Throwable t) {
                end.complete(Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
                end.complete(Status.OK);
            }
        });
        out.onNext(ClientMessage.newBuilder().setLogin(Login.newBuilder().setUserId(user).setSecret(secret)
                .setMode(ConnectionMode.ACTIVE)).build());
        Status s = end.get(10, TimeUnit.SECONDS);
        out.onCompleted();
        return s;
    }

    static void unchanged(Snapshot before, Consumer<Void> attack) {
        attack.accept(null);
        Snapshot after = snapshot();
        assertThat(after).isEqualTo(before);
    }

    @Test
    void unauthenticatedClient() throws Exception {
        Snapshot before = snapshot();
        ChannelCredentials none = TlsCredentials.trustOnly(pair.pki.caCertificate());
        adminAttacks(none, Status.Code.UNAUTHENTICATED);
        peerAttacks(none, Status.Code.UNAUTHENTICATED);
        assertThat(loginAs("alice", "", pair.a).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(loginAs("alice", "bob-secret-1", pair.b).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void viewer() {
        Snapshot before = snapshot();
        ChannelCredentials viewer = TlsCredentials.mutualClient(pair.pki.files(PkiGenerator.VIEWER));
        adminAttacks(viewer, Status.Code.PERMISSION_DENIED);
        peerAttacks(viewer, Status.Code.PERMISSION_DENIED);
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void certificateOfAnotherCa() {
        Snapshot before = snapshot();
        // another CA's admin and node-b credentials; trusts the real CA so the server itself is accepted
        for (String name : List.of(PkiGenerator.ADMIN, "node-b", "node-a")) {
            ChannelCredentials forged = TlsCredentials.mutualClient(new TlsFiles(pair.otherCa.certificate(name),
                    pair.otherCa.privateKey(name), pair.pki.caCertificate()));
            adminAttacks(forged, Status.Code.UNAVAILABLE, Status.Code.UNAUTHENTICATED);
            peerAttacks(forged, Status.Code.UNAVAILABLE, Status.Code.UNAUTHENTICATED);
        }
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void forgedPeerWithTheWrongCertificate() {
        Snapshot before = snapshot();
        // an operator's and an admin's real certificates, and each node's own certificate against itself
        peerAttacks(TlsCredentials.mutualClient(pair.pki.files(PkiGenerator.ADMIN)), Status.Code.PERMISSION_DENIED);
        for (Agent on : List.of(pair.a, pair.b)) {
            ManagedChannel ch = pair.as(on.name(), on.serviceTarget());
            assertThat(code(() -> PeerServiceGrpc.newBlockingStub(ch).withDeadlineAfter(5, TimeUnit.SECONDS)
                    .heartbeat(HeartbeatMessage.getDefaultInstance()))).isEqualTo(Status.Code.PERMISSION_DENIED);
        }
        // plaintext with valid protos
        for (Agent on : List.of(pair.a, pair.b)) {
            ManagedChannel plain = io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder.forTarget(on.serviceTarget()).usePlaintext().build();
            try {
                assertThat(code(() -> PeerServiceGrpc.newBlockingStub(plain).withDeadlineAfter(5, TimeUnit.SECONDS)
                        .heartbeat(HeartbeatMessage.getDefaultInstance()))).isEqualTo(Status.Code.UNAVAILABLE);
            } finally {
                plain.shutdownNow();
            }
        }
        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void theAuditRecordsTheProvenIdentityAndAddressNotTheClaimedName() {
        var op = pair.admin(PkiGenerator.OPERATOR, pair.a).withDeadlineAfter(5, TimeUnit.SECONDS);
        // refused in M1 (nothing to fall back from), but audited; the claimed actor is a 100 KB lie
        assertThat(code(() -> op.fallback(NodeActionRequest.newBuilder().setNode("node-a").setActor("admin" + "x".repeat(100_000)).build())))
                .isEqualTo(Status.Code.FAILED_PRECONDITION);
        // forwarded to node-b: its audit names the operator, via node-a
        assertThat(code(() -> op.fallback(NodeActionRequest.newBuilder().setNode("node-b").setActor("night shift").build())))
                .isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(pair.a.database().auditLog()).anySatisfy(line -> assertThat(line)
                .matches("(?s)operator\\[operator\\]@127\\.0\\.0\\.1:\\d+ \"adminxxx.*Fallback.*").hasSizeLessThan(3000));
        assertThat(pair.b.database().auditLog()).anySatisfy(line -> assertThat(line)
                .matches("(?s)operator\\[operator\\]@127\\.0\\.0\\.1:\\d+ via node-a\\[node\\]@127\\.0\\.0\\.1:\\d+ \"night shift\".*"));
    }

    @Test
    void theRealCredentialsStillWork() throws Exception {
        assertThat(loginAs("alice", "alice-secret", pair.a.presence().node().users().find("alice").orElseThrow()
                .homeNode().equals("node-a") ? pair.a : pair.b).getCode()).isEqualTo(Status.Code.OK);
        assertThat(pair.admin(PkiGenerator.ADMIN, pair.b).withDeadlineAfter(5, TimeUnit.SECONDS)
                .getConfiguration(GetConfigurationRequest.getDefaultInstance()).getNodesList()).containsExactly("node-a", "node-b");
    }
}
