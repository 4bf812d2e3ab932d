package dev.tandem.tools.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.presence.NodeEndpoint;
import dev.tandem.agent.presence.ReloginLimits;
import dev.tandem.agent.presence.testkit.Await;
import dev.tandem.agent.security.pki.PkiDirectory;
import dev.tandem.agent.security.pki.PkiGenerator;
import dev.tandem.agent.security.secrets.SecretHasher;
import dev.tandem.agent.security.tls.TlsCredentials;
import dev.tandem.agent.service.Agent;
import dev.tandem.proto.admin.v1.AddUsersRequest;
import dev.tandem.proto.admin.v1.AdminServiceGrpc;
import dev.tandem.proto.admin.v1.GetGroupStatusRequest;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.tools.sim.SimulatedClients;
import dev.tandem.tools.sim.SimulationConfig;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console demo's path, smaller: a pair started secured with its own throwaway PKI, users
 * with a secret, simulated clients over TLS logging in with it, and the admin API reached with
 * the demo's credential (what EmbeddedDemoPair hands the console).
 */
class SecuredDemoPathTest {
    @TempDir
    Path dir;

    @Test
    void securedPairServesClientsWithSecretsAndTheDemoCredential() throws Exception {
        Map<String, String> timers = Map.of("heartbeat.interval", "200ms", "heartbeat.timeout", "5s",
                "heartbeat.init-timeout", "20s", "relogin.lower", "5ms", "relogin.upper", "20ms");
        try (EmbeddedPair pair = EmbeddedPair.startSecured(dir, "imp-node-1", "imp-node-2", timers)) {
            PkiDirectory pki = new PkiDirectory(dir.resolve("pki"));
            ManagedChannel ch = NettyChannelBuilder.forTarget(pair.first().adminTarget(),
                    TlsCredentials.mutualClient(pki.files(PkiGenerator.ADMIN))).build();
            try {
                var admin = AdminServiceGrpc.newBlockingStub(ch);
                Supplier<GroupStatus> status = () -> {
                    try {
                        return admin.withDeadlineAfter(5, TimeUnit.SECONDS).getGroupStatus(GetGroupStatusRequest.getDefaultInstance());
                    } catch (StatusRuntimeException e) {
                        return GroupStatus.getDefaultInstance();
                    }
                };
                Await.until(status, s -> s.getMatrix().getRow().getId().equals("M1"), Duration.ofSeconds(60));
                List<String> users = IntStream.rangeClosed(1, 20).mapToObj(i -> "user" + i).toList();
                pair.first().admin().addUsers(AddUsersRequest.newBuilder().addAllUsers(users).build());
                String hash = new SecretHasher(1000).hash("demo-secret");
                users.forEach(u -> pair.first().presence().node().users().setSecretHash(u, hash));
                ReloginLimits relogin = ReloginLimits.ofMillis(5, 20);
                SimulationConfig cfg = new SimulationConfig(List.of(
                        new NodeEndpoint(pair.first().name(), pair.first().clientTarget(), relogin),
                        new NodeEndpoint(pair.second().name(), pair.second().clientTarget(), relogin)),
                        users, true, 1, Duration.ZERO, 1.0);
                try (SimulatedClients clients = new SimulatedClients(cfg, TlsCredentials.trustOnly(pki.caCertificate()),
                        "demo-secret").start()) {
                    assertThat(clients.awaitAllServed(Duration.ofSeconds(60))).as(clients.stats().toText()).isTrue();
                }
                try (SimulatedClients wrong = new SimulatedClients(cfg, TlsCredentials.trustOnly(pki.caCertificate()),
                        "not-the-secret").start()) {
                    assertThat(wrong.awaitAllServed(Duration.ofSeconds(2))).isFalse();
                }
            } finally {
                ch.shutdownNow();
            }
        }
    }
}
