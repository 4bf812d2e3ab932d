package dev.tandem.agent.security.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.presence.testkit.Await;
import dev.tandem.agent.security.pki.PkiGenerator;
import dev.tandem.agent.security.tls.TlsCredentials;
import dev.tandem.proto.admin.v1.AdminServiceGrpc;
import dev.tandem.proto.admin.v1.GetGroupStatusRequest;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.NodeActionRequest;
import dev.tandem.proto.admin.v1.ServiceParameters;
import dev.tandem.proto.admin.v1.SetParametersRequest;
import dev.tandem.proto.admin.v1.UpdateGroupRequest;
import dev.tandem.proto.peer.v1.Envelope;
import dev.tandem.proto.peer.v1.HeartbeatMessage;
import dev.tandem.proto.peer.v1.PeerServiceGrpc;
import dev.tandem.proto.presence.v1.ClientMessage;
import dev.tandem.proto.presence.v1.ClientPortGrpc;
import dev.tandem.proto.presence.v1.Login;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Generated and mutated requests (jqwik arbitraries) sent to a live secured pair's admin, peer
 * and client ports, with credentials that get past authentication so the bodies reach the
 * parser and the checks: random bytes, and valid requests with bytes flipped, cut or appended.
 * Every answer must come within the deadline, the agents must stay up, and as long as no
 * unsafe request was accepted the pair's state and configuration must be unchanged.
 * {@code -Dtandem.fuzz.count=N} (default 2000; the {@code fuzz} Maven profile sends 100,000).
 */
class PortFuzzTest {
    static final int COUNT = Integer.getInteger("tandem.fuzz.count", 2000);
    static final long DEADLINE_MS = 5000;
    static Path dir;
    static SecuredPair pair;

    @BeforeContainer
    static void start() throws Exception {
        dir = java.nio.file.Files.createTempDirectory("tandem-fuzz-");
        pair = new SecuredPair(dir);
        var v = pair.admin(PkiGenerator.VIEWER, pair.a);
        Await.until(() -> status(v), s -> s.getMatrix().getMatched() && s.getMatrix().getRow().getId().equals("M1"),
                Duration.ofSeconds(60));
    }

    @AfterContainer
    static void stop() throws Exception {
        pair.close();
        try (var files = java.nio.file.Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    static GroupStatus status(AdminServiceGrpc.AdminServiceBlockingStub s) {
        try {
            return s.withDeadlineAfter(5, TimeUnit.SECONDS).getGroupStatus(GetGroupStatusRequest.getDefaultInstance());
        } catch (StatusRuntimeException e) {
            return GroupStatus.getDefaultInstance();
        }
    }

    static final MethodDescriptor.Marshaller<byte[]> RAW = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    };

    /** A target: a channel with a credential that passes authentication, a method, and a valid sample body. */
    record Target(ManagedChannel channel, MethodDescriptor<byte[], byte[]> method, byte[] sample, boolean unsafe) {
    }

    static <Q, A> MethodDescriptor<byte[], byte[]> raw(MethodDescriptor<Q, A> m) {
        return m.toBuilder(RAW, RAW).build();
    }

    static String state(GroupStatus s) {
        return s.getNodesList().stream().map(n -> n.getStatus().getNode() + "=" + n.getStatus().getState())
                .toList() + " " + s.getMatrix().getRow().getId() + " " + s.getParameters();
    }

    @Example
    void fuzzedRequestsAreAnsweredInTimeAndChangeNothing() {
        ManagedChannel admin = pair.as(PkiGenerator.ADMIN, pair.a.adminTarget());
        ManagedChannel peer = pair.as("node-b", pair.a.serviceTarget());
        ManagedChannel client = pair.channel(pair.a.clientTarget(), TlsCredentials.trustOnly(pair.pki.caCertificate()));
        List<Target> targets = List.of(
                new Target(admin, raw(AdminServiceGrpc.getFailoverMethod()),
                        NodeActionRequest.newBuilder().setNode("node-z").setActor("fuzz").build().toByteArray(), true),
                new Target(admin, raw(AdminServiceGrpc.getSetParametersMethod()), SetParametersRequest.newBuilder()
                        .setParameters(ServiceParameters.newBuilder().setHeartbeatIntervalMs(0)).build().toByteArray(), true),
                new Target(admin, raw(AdminServiceGrpc.getUpdateGroupMethod()), UpdateGroupRequest.newBuilder()
                        .setGroup("bad group!").addNodes("node-a").addNodes("node-b").setHaEnabled(true).build().toByteArray(), true),
                new Target(admin, raw(AdminServiceGrpc.getGetGroupStatusMethod()), new byte[0], false),
                new Target(peer, raw(PeerServiceGrpc.getHeartbeatMethod()), HeartbeatMessage.newBuilder()
                        .setEnvelope(Envelope.newBuilder().setNode("node-x").setIncarnation("fuzz").setSeq(1)).build().toByteArray(), true),
                new Target(client, raw(ClientPortGrpc.getConnectMethod()), ClientMessage.newBuilder()
                        .setLogin(Login.newBuilder().setUserId("nobody").setSecret("not-a-secret")).build().toByteArray(), false));

        var v = pair.admin(PkiGenerator.VIEWER, pair.a);
        String before = state(status(v));
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Random rnd = new Random(42); // for the mutations; jqwik's own seed drives the generated bodies
        Map<Status.Code, Integer> codes = new EnumMap<>(Status.Code.class);
        List<String> accepted = new ArrayList<>();
        long slowest = 0;
        var bodies = random.sampleStream().iterator();
        for (int i = 0; i < COUNT; i++) {
            Target t = targets.get(i % targets.size());
            byte[] body = i % 2 == 0 ? bodies.next() : mutate(t.sample(), rnd);
            long t0 = System.nanoTime();
            Status.Code c = call(t, body);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            slowest = Math.max(slowest, ms);
            codes.merge(c, 1, Integer::sum);
            assertThat(c).as("answer %d to %s", i, t.method().getBareMethodName()).isNotIn(Status.Code.DEADLINE_EXCEEDED,
                    Status.Code.UNKNOWN, Status.Code.INTERNAL);
            if (c == Status.Code.OK && t.unsafe() && t.channel() == admin) {
                accepted.add(t.method().getBareMethodName());
            }
        }
        System.out.printf("fuzz: %d requests, answers %s, slowest %d ms, unsafe accepted %s%n", COUNT, codes, slowest, accepted);
        assertThat(HealthGrpc.newBlockingStub(pair.as(PkiGenerator.VIEWER, pair.a.adminTarget())).withDeadlineAfter(5, TimeUnit.SECONDS)
                .check(HealthCheckRequest.getDefaultInstance()).getStatusValue()).isEqualTo(1);
        assertThat(pair.a.isRunning()).isTrue();
        assertThat(pair.b.isRunning()).isTrue();
        if (accepted.isEmpty()) {
            assertThat(state(status(v))).isEqualTo(before);
        }
    }

    static Status.Code call(Target t, byte[] body) {
        CallOptions o = CallOptions.DEFAULT.withDeadlineAfter(DEADLINE_MS, TimeUnit.MILLISECONDS);
        try {
            if (t.method().getType() == MethodDescriptor.MethodType.UNARY) {
                ClientCalls.blockingUnaryCall(t.channel(), t.method(), o, body);
            } else if (t.method().getType() == MethodDescriptor.MethodType.SERVER_STREAMING) {
                ClientCalls.blockingServerStreamingCall(t.channel(), t.method(), o, body).hasNext();
            } else {
                return bidi(t, body, o);
            }
            return Status.Code.OK;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode();
        }
    }

    /** One message on a bidi stream (the client port), then half-close; the first answer or the end counts. */
    static Status.Code bidi(Target t, byte[] body, CallOptions o) {
        var done = new java.util.concurrent.CompletableFuture<Status.Code>();
        var call = t.channel().newCall(t.method(), o);
        var out = ClientCalls.asyncBidiStreamingCall(call, new io.grpc.stub.StreamObserver<byte[]>() {
            @Override
            public void onNext(byte[] value) {
                done.complete(Status.Code.OK);
            }

            @Override
            public void onError(Throwable e) {
                done.complete(Status.fromThrowable(e).getCode());
            }

            @Override
            public void onCompleted() {
                done.complete(Status.Code.OK);
            }
        });
        out.onNext(body);
        out.onCompleted();
        try {
            return done.get(DEADLINE_MS + 1000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return Status.Code.DEADLINE_EXCEEDED;
        } finally {
            call.cancel("done", null);
        }
    }

    static byte[] mutate(byte[] sample, Random rnd) {
        byte[] b = sample.clone();
        switch (rnd.nextInt(3)) {
            case 0 -> {
                for (int k = 0; k < 1 + rnd.nextInt(4) && b.length > 0; k++) {
                    b[rnd.nextInt(b.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
            case 1 -> b = java.util.Arrays.copyOf(b, b.length == 0 ? 0 : rnd.nextInt(b.length));
            default -> {
                byte[] tail = new byte[1 + rnd.nextInt(64)];
                rnd.nextBytes(tail);
                byte[] c = java.util.Arrays.copyOf(b, b.length + tail.length);
                System.arraycopy(tail, 0, c, b.length, tail.length);
                b = c;
            }
        }
        return b;
    }
}
