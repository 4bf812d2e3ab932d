package dev.tandem.agent.security.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.agent.security.input.StrictParsing;
import dev.tandem.agent.security.pki.PkiDirectory;
import dev.tandem.agent.security.pki.PkiGenerator;
import dev.tandem.agent.security.pki.Role;
import dev.tandem.agent.security.tls.TlsCredentials;
import dev.tandem.proto.admin.v1.ActionReply;
import dev.tandem.proto.admin.v1.AdminServiceGrpc;
import dev.tandem.proto.admin.v1.GetGroupStatusRequest;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.NodeActionRequest;
import dev.tandem.proto.admin.v1.ServiceParameters;
import dev.tandem.proto.admin.v1.SetParametersRequest;
import io.grpc.ChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin port's TLS and role table on a real Netty server on loopback (no agent behind it). */
class AdminAccessOverTlsTest {
    @TempDir
    static Path tmp;
    static PkiDirectory pki;
    static PkiDirectory otherCa;
    static Server server;
    static final AtomicInteger changes = new AtomicInteger();
    static final List<Caller> callers = new CopyOnWriteArrayList<>();
    static final List<ManagedChannel> channels = new ArrayList<>();

    /** Records who called; every unsafe call counts as a change. */
    static final class FakeAdmin extends AdminServiceGrpc.AdminServiceImplBase {
        @Override
        public void getGroupStatus(GetGroupStatusRequest r, StreamObserver<GroupStatus> o) {
            callers.add(Caller.current().orElseThrow());
            o.onNext(GroupStatus.newBuilder().setGroup("prg1").build());
            o.onCompleted();
        }

        @Override
        public void failover(NodeActionRequest r, StreamObserver<ActionReply> o) {
            callers.add(Caller.current().orElseThrow());
            changes.incrementAndGet();
            o.onNext(ActionReply.newBuilder().setAccepted(true).build());
            o.onCompleted();
        }

        @Override
        public void setParameters(SetParametersRequest r, StreamObserver<ServiceParameters> o) {
            changes.incrementAndGet();
            o.onNext(r.getParameters());
            o.onCompleted();
        }
    }

    @BeforeAll
    static void start() throws Exception {
        pki = PkiGenerator.throwaway(tmp.resolve("pki"), "prg1", "node-a", "node-b");
        otherCa = PkiGenerator.throwaway(tmp.resolve("other"), "prg1", "node-a", "node-b");
        HealthStatusManager health = new HealthStatusManager();
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0),
                        TlsCredentials.mutualServer(pki.files("node-a")))
                .addService(ServerInterceptors.intercept(StrictParsing.wrap(new FakeAdmin().bindService()),
                        new AccessInterceptor("admin", new AdminAccessPolicy(), false)))
                .addService(ServerInterceptors.intercept(health.getHealthService(),
                        new AccessInterceptor("admin", new AdminAccessPolicy(), false)))
                .build().start();
    }

    @AfterAll
    static void stop() throws Exception {
        channels.forEach(ManagedChannel::shutdownNow);
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    static AdminServiceGrpc.AdminServiceBlockingStub admin(ChannelCredentials c) {
        ManagedChannel ch = NettyChannelBuilder.forTarget("localhost:" + server.getPort(), c).build();
        channels.add(ch);
        return AdminServiceGrpc.newBlockingStub(ch).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    static Status.Code code(Runnable r) {
        try {
            r.run();
            return Status.Code.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
    }

    @Test
    void viewerReadsButCannotActAndNothingChanges() {
        int before = changes.get();
        var viewer = admin(TlsCredentials.mutualClient(pki.files(PkiGenerator.VIEWER)));
        assertThat(viewer.getGroupStatus(GetGroupStatusRequest.getDefaultInstance()).getGroup()).isEqualTo("prg1");
        assertThatThrownBy(() -> viewer.failover(NodeActionRequest.newBuilder().setNode("node-a").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
                    assertThat(e.getStatus().getDescription()).contains("operator").contains("viewer");
                });
        assertThat(changes.get()).isEqualTo(before);
    }

    @Test
    void operatorActsButCannotConfigureAndIsNamedInTheContext() {
        int before = changes.get();
        var operator = admin(TlsCredentials.mutualClient(pki.files(PkiGenerator.OPERATOR)));
        assertThat(operator.failover(NodeActionRequest.newBuilder().setNode("node-a").build()).getAccepted()).isTrue();
        assertThat(changes.get()).isEqualTo(before + 1);
        assertThat(code(() -> operator.setParameters(SetParametersRequest.getDefaultInstance())))
                .isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(changes.get()).isEqualTo(before + 1);
        Caller c = callers.get(callers.size() - 1);
        assertThat(c.name()).isEqualTo("operator");
        assertThat(c.role()).contains(Role.OPERATOR);
        assertThat(c.audit()).matches("operator\\[operator\\]@127\\.0\\.0\\.1:\\d+");
    }

    @Test
    void adminMayConfigure() {
        var admin = admin(TlsCredentials.mutualClient(pki.files(PkiGenerator.ADMIN)));
        assertThat(code(() -> admin.setParameters(SetParametersRequest.getDefaultInstance()))).isEqualTo(Status.Code.OK);
    }

    @Test
    void noCertificateIsUnauthenticatedButHealthStaysOpen() {
        int before = changes.get();
        ChannelCredentials anonymous = TlsCredentials.trustOnly(pki.caCertificate());
        var stub = admin(anonymous);
        assertThat(code(() -> stub.getGroupStatus(GetGroupStatusRequest.getDefaultInstance())))
                .isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(code(() -> stub.failover(NodeActionRequest.newBuilder().setNode("node-a").build())))
                .isEqualTo(Status.Code.UNAUTHENTICATED);
        ManagedChannel ch = NettyChannelBuilder.forTarget("localhost:" + server.getPort(), anonymous).build();
        channels.add(ch);
        assertThat(HealthGrpc.newBlockingStub(ch).withDeadlineAfter(30, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance()).getStatus()).isEqualTo(HealthCheckResponse.ServingStatus.SERVING);
        assertThat(changes.get()).isEqualTo(before);
    }

    @Test
    void certificateOfAnotherCaFailsTheHandshake() {
        int before = changes.get();
        // trusts the real CA (so the server is accepted) but presents an admin certificate of another CA
        var forged = new dev.tandem.agent.security.tls.TlsFiles(otherCa.certificate(PkiGenerator.ADMIN),
                otherCa.privateKey(PkiGenerator.ADMIN), pki.caCertificate());
        var stub = admin(TlsCredentials.mutualClient(forged));
        assertThat(code(() -> stub.failover(NodeActionRequest.newBuilder().setNode("node-a").build())))
                .isIn(Status.Code.UNAVAILABLE, Status.Code.UNAUTHENTICATED);
        assertThat(changes.get()).isEqualTo(before);
    }

    @Test
    void plaintextClientCannotTalkToATlsPort() {
        ManagedChannel ch = NettyChannelBuilder.forTarget("localhost:" + server.getPort()).usePlaintext().build();
        channels.add(ch);
        assertThat(code(() -> AdminServiceGrpc.newBlockingStub(ch).withDeadlineAfter(30, TimeUnit.SECONDS)
                .failover(NodeActionRequest.getDefaultInstance()))).isEqualTo(Status.Code.UNAVAILABLE);
    }

    @Test
    void everyAdminMethodIsInTheRoleTable() {
        var methods = AdminServiceGrpc.getServiceDescriptor().getMethods();
        for (var m : methods) {
            assertThat(AdminAccessPolicy.required(m.getFullMethodName())).as(m.getFullMethodName()).isPresent();
        }
    }
}
