package dev.tandem.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tandem.tools.demo.EmbeddedPair;
import dev.tandem.proto.admin.v1.AddUsersRequest;
import dev.tandem.proto.admin.v1.AdminServiceGrpc.AdminServiceBlockingStub;
import dev.tandem.proto.admin.v1.CriticalServiceRequest;
import dev.tandem.proto.admin.v1.GetConfigurationRequest;
import dev.tandem.proto.admin.v1.GroupActionRequest;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.NodeActionRequest;
import dev.tandem.proto.admin.v1.ServiceParameters;
import dev.tandem.proto.admin.v1.SetParametersRequest;
import dev.tandem.proto.admin.v1.UpdateGroupRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Errors are answers: the right status code, a readable message, and nothing changed (status and database). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {
    Path dir;
    EmbeddedPair pair;
    ManagedChannel ch;
    AdminServiceBlockingStub admin;

    @BeforeAll
    void start() throws Exception {
        dir = java.nio.file.Files.createTempDirectory("bad-input");
        pair = EmbeddedPair.start(dir, "node-a", "node-b", Fixtures.FAST);
        ch = Fixtures.channel(pair.first().adminTarget());
        admin = Fixtures.admin(ch);
        try (GroupWatch w = new GroupWatch(pair.first().adminTarget())) {
            w.awaitRow("M1", Fixtures.SOON);
        }
        // a quiet pair: what the start queued (e.g. the reset to home after initialization) has
        // replicated, so a snapshot before and after a refused request compares only the request
        long deadline = System.nanoTime() + Fixtures.SOON.toNanos();
        while (!admin.getGroupStatus(dev.tandem.proto.admin.v1.GetGroupStatusRequest.getDefaultInstance())
                .getNodesList().stream().allMatch(n -> n.getReplication().getReplicationQueue() == 0)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("replication did not drain within " + Fixtures.SOON);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L); // polling a condition, bounded above
        }
    }

    @AfterAll
    void stop() {
        ch.shutdownNow();
        pair.close();
    }

    /** The parts of the status an admin request could change (not clocks and heartbeat figures). */
    private String snapshot() {
        GroupStatus s = admin.getGroupStatus(dev.tandem.proto.admin.v1.GetGroupStatusRequest.getDefaultInstance());
        GroupStatus.Builder b = s.toBuilder().clearGeneratedAt().clearHeartbeat();
        b.clearNodes();
        for (var n : s.getNodesList()) {
            b.addNodes(n.toBuilder().setReplication(n.getReplication().toBuilder().clearPingMs()));
        }
        return b.build() + "\n" + pair.first().database().dump() + "\n" + pair.second().database().dump();
    }

    private StatusRuntimeException refused(Status.Code code, Supplier<?> call) {
        String before = snapshot();
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, call::get);
        assertThat(e).as("expected %s", code).isNotNull();
        assertThat(e.getStatus().getCode()).isEqualTo(code);
        assertThat(e.getStatus().getDescription()).isNotBlank();
        assertThat(snapshot()).isEqualTo(before);
        return e;
    }

    private UpdateGroupRequest.Builder group() {
        return UpdateGroupRequest.newBuilder().setGroup("prg1").setDescription("pair").addNodes("node-a")
                .addNodes("node-b").setHaEnabled(true).setActor("test");
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad name", "a.b", "x/y", "ü", "semi;colon", ""})
    void invalidGroupNames(String name) {
        StatusRuntimeException e = refused(Status.Code.INVALID_ARGUMENT, () -> admin.updateGroup(group().setGroup(name).build()));
        assertThat(e.getStatus().getDescription()).contains("group name");
    }

    @Test
    void groupNameOf129CharactersIsRefusedAnd128Accepted() {
        StatusRuntimeException e = refused(Status.Code.INVALID_ARGUMENT, () -> admin.updateGroup(group().setGroup("a".repeat(129)).build()));
        assertThat(e.getStatus().getDescription()).contains("129 characters");
        // 128 is fine (checked on the rule: an accepted update here would race the peer's adoption of it)
        assertThat(dev.tandem.contract.GroupRules.nameProblems("a".repeat(128))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"", "%", "&", "\\", "<", ">"})
    void eachForbiddenDescriptionCharacter(String c) {
        StatusRuntimeException e = refused(Status.Code.INVALID_ARGUMENT,
                () -> admin.updateGroup(group().setDescription("pair " + c + " one").build()));
        assertThat(e.getStatus().getDescription()).contains("'" + c + "'");
    }

    @Test
    void descriptionOf129Characters() {
        refused(Status.Code.INVALID_ARGUMENT, () -> admin.updateGroup(group().setDescription("d".repeat(129)).build()));
    }

    @Test
    void sameNodeTwice() {
        StatusRuntimeException e = refused(Status.Code.INVALID_ARGUMENT,
                () -> admin.updateGroup(group().clearNodes().addNodes("node-a").addNodes("node-a").build()));
        assertThat(e.getStatus().getDescription()).contains("twice");
    }

    @Test
    void unknownNodes() {
        refused(Status.Code.NOT_FOUND, () -> admin.updateGroup(group().clearNodes().addNodes("node-a").addNodes("node-x").build()));
        StatusRuntimeException e = refused(Status.Code.NOT_FOUND,
                () -> admin.failover(NodeActionRequest.newBuilder().setNode("node-x").build()));
        assertThat(e.getStatus().getDescription()).contains("node-x").contains("node-a, node-b");
        refused(Status.Code.NOT_FOUND, () -> admin.recover(GroupActionRequest.newBuilder().setGroup("other").build()));
        refused(Status.Code.INVALID_ARGUMENT, () -> admin.failover(NodeActionRequest.newBuilder().build()));
        refused(Status.Code.INVALID_ARGUMENT, () -> admin.stopCriticalService(
                CriticalServiceRequest.newBuilder().setNode("node-a").setService("NO_SUCH").build()));
    }

    @Test
    void parametersOutOfRange() {
        ServiceParameters p = admin.getConfiguration(GetConfigurationRequest.getDefaultInstance()).getParameters();
        for (ServiceParameters bad : List.of(p.toBuilder().setHeartbeatIntervalMs(1).build(),
                p.toBuilder().setHeartbeatTimeoutMs(p.getHeartbeatIntervalMs()).build(),
                p.toBuilder().setCriticalServiceDownDelayMs(-1).build(),
                p.toBuilder().setReloginLowerLimitMs(600_000).setReloginUpperLimitMs(1000).build(),
                p.toBuilder().setServicePort(1).build())) {
            StatusRuntimeException e = refused(Status.Code.INVALID_ARGUMENT,
                    () -> admin.setParameters(SetParametersRequest.newBuilder().setParameters(bad).build()));
            assertThat(e.getStatus().getDescription()).containsAnyOf("heartbeat", "delay", "re-login", "port");
        }
    }

    @Test
    void actionsNotOfferedInTheCurrentState() {
        StatusRuntimeException e = refused(Status.Code.FAILED_PRECONDITION,
                () -> admin.fallback(NodeActionRequest.newBuilder().setNode("node-a").build()));
        assertThat(e.getStatus().getDescription()).contains("Normal");
        refused(Status.Code.FAILED_PRECONDITION, () -> admin.fallback(NodeActionRequest.newBuilder().setNode("node-b").build()));
        refused(Status.Code.FAILED_PRECONDITION, () -> admin.recover(GroupActionRequest.newBuilder().setGroup("prg1").build()));
        refused(Status.Code.INVALID_ARGUMENT, () -> admin.addUsers(AddUsersRequest.newBuilder().addUsers("a b").build()));
        assertThat(pair.first().database().auditLog()).anyMatch(l -> l.contains("Fallback node-a: refused"));
    }
}
