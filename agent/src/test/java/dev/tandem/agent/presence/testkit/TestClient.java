package dev.tandem.agent.presence.testkit;

import dev.tandem.agent.presence.NodeEndpoint;
import dev.tandem.proto.presence.v1.ClientMessage;
import dev.tandem.proto.presence.v1.ClientPortGrpc;
import dev.tandem.proto.presence.v1.ConnectionMode;
import dev.tandem.proto.presence.v1.Login;
import dev.tandem.proto.presence.v1.PresenceStatus;
import dev.tandem.proto.presence.v1.Publish;
import dev.tandem.proto.presence.v1.ServerMessage;
import dev.tandem.proto.presence.v1.Subscribe;
import dev.tandem.proto.presence.v1.SubscriptionKind;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Test-only: one client-port stream with everything it receives kept for assertions. */
public final class TestClient implements AutoCloseable {
    private final ManagedChannel channel;
    private final StreamObserver<ClientMessage> requests;
    public final LinkedBlockingQueue<ServerMessage> received = new LinkedBlockingQueue<>();
    public final CompletableFuture<Status> closed = new CompletableFuture<>();

    public TestClient(NodeEndpoint node) {
        channel = NettyChannelBuilder.forTarget(node.address()).usePlaintext().build();
        requests = ClientPortGrpc.newStub(channel).connect(new StreamObserver<>() {
            @Override
            public void onNext(ServerMessage m) {
                received.add(m);
            }

            @Override
            public void onError(Throwable t) {
                closed.complete(Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
                closed.complete(Status.OK);
            }
        });
    }

    public static TestClient login(NodeEndpoint node, String user, ConnectionMode mode) {
        TestClient c = new TestClient(node);
        c.send(ClientMessage.newBuilder().setLogin(Login.newBuilder().setUserId(user).setMode(mode)).build());
        return c;
    }

    /** Logs in and waits for the acceptance. */
    public static TestClient loggedIn(NodeEndpoint node, String user, ConnectionMode mode) throws Exception {
        TestClient c = login(node, user, mode);
        c.await(ServerMessage::hasLoginAccepted);
        return c;
    }

    public synchronized void send(ClientMessage m) {
        requests.onNext(m);
    }

    public void publish(PresenceStatus status, String note) {
        send(ClientMessage.newBuilder().setPublish(Publish.newBuilder().setStatus(status).setNote(note)).build());
    }

    public void subscribe(String target, SubscriptionKind kind) {
        send(ClientMessage.newBuilder().setSubscribe(Subscribe.newBuilder().setTargetUserId(target).setKind(kind)).build());
    }

    /** The next received message matching {@code p} (others are skipped), within 5 s. */
    public ServerMessage await(Predicate<ServerMessage> p) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            long left = deadline - System.nanoTime();
            ServerMessage m = left > 0 ? received.poll(left, TimeUnit.NANOSECONDS) : null;
            if (m == null) {
                throw new AssertionError("no matching message within 5 s; closed: " + closed.getNow(null));
            }
            if (p.test(m)) {
                return m;
            }
        }
    }

    public Status awaitClosed() throws Exception {
        return closed.get(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow();
        channel.awaitTermination(2, TimeUnit.SECONDS);
    }
}
