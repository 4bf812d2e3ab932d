package dev.tandem.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Message;
import dev.tandem.contract.cli.TandemctlCommands;
import dev.tandem.contract.cli.TandemctlCommands.Command;
import dev.tandem.proto.admin.v1.*;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The console's command log shows, for each request it sends, the tandemctl line that
 * {@link TandemctlCommands} builds. Here each such line is run through tandemctl against an
 * agent double that records what arrives: tandemctl must send exactly the request the console
 * sent (so the log can be pasted into a runbook), and the shell quoting must give back the
 * same words.
 */
class ConsoleCommandLinesTest {
    private static final String ACTOR = "console:alice";
    private static final Map<String, Message> received = new ConcurrentHashMap<>();
    private static Server server;

    @BeforeAll
    static void start() throws Exception {
        ServerInterceptor record = new ServerInterceptor() {
            @Override
            public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata h, ServerCallHandler<Q, A> next) {
                String method = call.getMethodDescriptor().getBareMethodName();
                return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(next.startCall(call, h)) {
                    @Override
                    public void onMessage(Q message) {
                        received.put(method, (Message) message);
                        super.onMessage(message);
                    }
                };
            }
        };
        server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
                .addService(ServerInterceptors.intercept(new AnsweringAdmin(), record)).build().start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    static Stream<Arguments> requests() {
        NodeActionRequest node = NodeActionRequest.newBuilder().setNode("imp-node-1").setActor(ACTOR).build();
        CriticalServiceRequest svc = CriticalServiceRequest.newBuilder().setNode("imp-node-2").setService("XCP_ROUTER")
                .setActor(ACTOR).build();
        UpdateGroupRequest group = UpdateGroupRequest.newBuilder().setGroup("prg-east_1")
                .setDescription("Main site: it's the 'east' pair").addNodes("imp-node-1").addNodes("imp-node-2")
                .setHaEnabled(false).setActor(ACTOR).build();
        SetParametersRequest params = SetParametersRequest.newBuilder().setActor(ACTOR).setParameters(
                ServiceParameters.newBuilder().setHeartbeatIntervalMs(5000).setHeartbeatTimeoutMs(20000)
                        .setInitializationHeartbeatTimeoutMs(120000).setCriticalServiceDownDelayMs(90500)
                        .setAutomaticFallbackEnabled(true).setAutomaticFallbackDelayMs(1800000)
                        .setXcpAuthenticationMonitored(false).setReloginLowerLimitMs(120000)
                        .setReloginUpperLimitMs(537000).setServicePort(22001).setAdminPort(20075)).build();
        return Stream.of(
                Arguments.of(node, TandemctlCommands.failover(node), "Failover"),
                Arguments.of(node, TandemctlCommands.fallback(node), "Fallback"),
                Arguments.of(GroupActionRequest.newBuilder().setGroup("prg1").setActor(ACTOR).build(),
                        TandemctlCommands.recover(GroupActionRequest.newBuilder().setGroup("prg1").setActor(ACTOR).build()), "Recover"),
                Arguments.of(svc, TandemctlCommands.startService(svc), "StartCriticalService"),
                Arguments.of(svc, TandemctlCommands.stopService(svc), "StopCriticalService"),
                Arguments.of(node, TandemctlCommands.failDatabase(node), "FailDatabase"),
                Arguments.of(node, TandemctlCommands.restoreDatabase(node), "RestoreDatabase"),
                Arguments.of(group, TandemctlCommands.updateGroup(group), "UpdateGroup"),
                Arguments.of(params, TandemctlCommands.setParameters(params), "SetParameters"),
                mode(UserAssignmentMode.BALANCED), mode(UserAssignmentMode.ACTIVE_STANDBY), mode(UserAssignmentMode.NONE),
                maintenance(true), maintenance(false),
                users(true, List.of("alice")), users(true, List.of("bob", "carol", "dave.x", "eve@example.com")),
                users(false, List.of("bob", "carol")),
                Arguments.of(AcknowledgeAlertRequest.newBuilder().setId(42).setActor(ACTOR).build(),
                        TandemctlCommands.acknowledgeAlert(AcknowledgeAlertRequest.newBuilder().setId(42).setActor(ACTOR).build()),
                        "AcknowledgeAlert"));
    }

    private static Arguments mode(UserAssignmentMode m) {
        var r = SetUserAssignmentModeRequest.newBuilder().setMode(m).setActor(ACTOR).build();
        return Arguments.of(r, TandemctlCommands.setAssignmentMode(r), "SetUserAssignmentMode");
    }

    private static Arguments maintenance(boolean on) {
        var r = SetMaintenanceModeRequest.newBuilder().setOn(on).setActor(ACTOR).build();
        return Arguments.of(r, TandemctlCommands.setMaintenanceMode(r), "SetMaintenanceMode");
    }

    private static Arguments users(boolean add, List<String> users) {
        if (add) {
            var r = AddUsersRequest.newBuilder().addAllUsers(users).setActor(ACTOR).build();
            return Arguments.of(r, TandemctlCommands.addUsers(r), "AddUsers");
        }
        var r = RemoveUsersRequest.newBuilder().addAllUsers(users).setActor(ACTOR).build();
        return Arguments.of(r, TandemctlCommands.removeUsers(r), "RemoveUsers");
    }

    @ParameterizedTest(name = "{2}: {1}")
    @MethodSource("requests")
    void tandemctlSendsWhatTheConsoleSent(Message sent, Command command, String method) throws Exception {
        received.remove(method);
        String agent = "127.0.0.1:" + server.getPort();
        List<String> args = new ArrayList<>(List.of("--insecure", "--actor", ACTOR, "--agent", agent));
        args.addAll(command.args());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TandemCtl.run(new PrintWriter(out, true, StandardCharsets.UTF_8),
                new PrintWriter(err, true, StandardCharsets.UTF_8), args.toArray(String[]::new));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isEqualTo(TandemCtl.OK);
        assertThat(received.get(method)).as("what tandemctl sent for " + command.line(agent)).isEqualTo(sent);
        assertThat(command.label()).isNotBlank();

        // the printed line, read back by a real shell, gives back the same words
        String line = command.line(agent);
        assertThat(line).startsWith("tandemctl --agent " + agent + " ");
        Process p = new ProcessBuilder("bash", "-c", "printf '%s\\n' " + line.substring("tandemctl ".length()))
                .redirectErrorStream(true).start();
        String words = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        List<String> expected = new ArrayList<>(List.of("--agent", agent));
        expected.addAll(command.args());
        assertThat(words.lines().toList()).isEqualTo(expected);
    }

    /** Answers every state-changing call with an empty reply, and the configuration read that `params set` and `group set` start with. */
    static final class AnsweringAdmin extends AdminServiceGrpc.AdminServiceImplBase {
        private static <T> void ok(StreamObserver<T> o, T v) {
            o.onNext(v);
            o.onCompleted();
        }

        @Override public void failover(NodeActionRequest r, StreamObserver<ActionReply> o) { ok(o, ActionReply.getDefaultInstance()); }
        @Override public void fallback(NodeActionRequest r, StreamObserver<ActionReply> o) { ok(o, ActionReply.getDefaultInstance()); }
        @Override public void recover(GroupActionRequest r, StreamObserver<ActionReply> o) { ok(o, ActionReply.getDefaultInstance()); }
        @Override public void startCriticalService(CriticalServiceRequest r, StreamObserver<CriticalServiceStatus> o) { ok(o, CriticalServiceStatus.getDefaultInstance()); }
        @Override public void stopCriticalService(CriticalServiceRequest r, StreamObserver<CriticalServiceStatus> o) { ok(o, CriticalServiceStatus.getDefaultInstance()); }
        @Override public void failDatabase(NodeActionRequest r, StreamObserver<DatabaseStatus> o) { ok(o, DatabaseStatus.getDefaultInstance()); }
        @Override public void restoreDatabase(NodeActionRequest r, StreamObserver<DatabaseStatus> o) { ok(o, DatabaseStatus.getDefaultInstance()); }
        @Override public void updateGroup(UpdateGroupRequest r, StreamObserver<GroupConfiguration> o) { ok(o, GroupConfiguration.getDefaultInstance()); }
        @Override public void setParameters(SetParametersRequest r, StreamObserver<ServiceParameters> o) { ok(o, r.getParameters()); }
        @Override public void setUserAssignmentMode(SetUserAssignmentModeRequest r, StreamObserver<GroupConfiguration> o) { ok(o, GroupConfiguration.getDefaultInstance()); }
        @Override public void setMaintenanceMode(SetMaintenanceModeRequest r, StreamObserver<GroupConfiguration> o) { ok(o, GroupConfiguration.getDefaultInstance()); }
        @Override public void addUsers(AddUsersRequest r, StreamObserver<UsersReply> o) { ok(o, UsersReply.getDefaultInstance()); }
        @Override public void removeUsers(RemoveUsersRequest r, StreamObserver<UsersReply> o) { ok(o, UsersReply.getDefaultInstance()); }
        @Override public void acknowledgeAlert(AcknowledgeAlertRequest r, StreamObserver<Alert> o) { ok(o, Alert.getDefaultInstance()); }

        @Override
        public void getConfiguration(GetConfigurationRequest r, StreamObserver<GroupConfiguration> o) {
            ok(o, GroupConfiguration.newBuilder().setGroup("other").setDescription("other").addNodes("x").addNodes("y")
                    .setHaEnabled(true).setParameters(ServiceParameters.newBuilder().setHeartbeatIntervalMs(1)).build());
        }
    }
}
