package dev.tandem.agent.security.input;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.proto.admin.v1.ActionReply;
import dev.tandem.proto.admin.v1.AdminServiceGrpc;
import dev.tandem.proto.admin.v1.NodeActionRequest;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StrictParsingTest {
    private final AtomicInteger calls = new AtomicInteger();
    private Server server;
    private ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        String name = InProcessServerBuilder.generateName();
        server = InProcessServerBuilder.forName(name).directExecutor()
                .addService(StrictParsing.wrap(new AdminServiceGrpc.AdminServiceImplBase() {
                    @Override
                    public void failover(NodeActionRequest r, StreamObserver<ActionReply> o) {
                        calls.incrementAndGet();
                        o.onNext(ActionReply.newBuilder().setAccepted(true).setMessage(r.getNode()).build());
                        o.onCompleted();
                    }
                }.bindService())).build().start();
        channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    }

    @AfterEach
    void stop() throws Exception {
        channel.shutdownNow();
        server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private static final MethodDescriptor.Marshaller<byte[]> RAW = new MethodDescriptor.Marshaller<>() {
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

    private byte[] raw(byte[] body) {
        MethodDescriptor<byte[], byte[]> m = AdminServiceGrpc.getFailoverMethod().toBuilder(RAW, RAW).build();
        return ClientCalls.blockingUnaryCall(channel, m, CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), body);
    }

    @Test
    void garbageIsInvalidArgumentAndNeverReachesTheService() {
        for (byte[] garbage : new byte[][] {{(byte) 0xff, (byte) 0xff, (byte) 0xff}, {0x0a, 0x7f, 0x01}, {0x08}}) {
            try {
                raw(garbage);
                throw new AssertionError("accepted garbage");
            } catch (StatusRuntimeException e) {
                assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                assertThat(e.getStatus().getDescription()).contains("Failover");
            }
        }
        assertThat(calls.get()).isZero();
    }

    @Test
    void aValidBodyStillWorksOnTheSameChannel() throws Exception {
        try {
            raw(new byte[] {(byte) 0xff});
        } catch (StatusRuntimeException expected) {
            // the connection stays usable
        }
        byte[] reply = raw(NodeActionRequest.newBuilder().setNode("node-a").build().toByteArray());
        assertThat(ActionReply.parseFrom(reply).getMessage()).isEqualTo("node-a");
        assertThat(calls.get()).isEqualTo(1);
    }
}
