package dev.tandem.agent.presence.clientport;

import dev.tandem.agent.presence.sessions.SessionManager;
import dev.tandem.proto.presence.v1.ClientMessage;
import dev.tandem.proto.presence.v1.ClientPortGrpc;
import dev.tandem.proto.presence.v1.ServerMessage;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/** The ClientPort gRPC service: one {@link ClientStream} per client connection. The agent can
 * add it to any gRPC server; {@link ClientPortServer} runs it on its own port. */
public final class ClientPortService extends ClientPortGrpc.ClientPortImplBase {
    /** Messages waiting for one slow client before it is cut off. */
    public static final int DEFAULT_OUTBOX_LIMIT = 1024;

    private final SessionManager sessions;
    private final String nodeName;
    private final int outboxLimit;

    public ClientPortService(SessionManager sessions, String nodeName) {
        this(sessions, nodeName, DEFAULT_OUTBOX_LIMIT);
    }

    public ClientPortService(SessionManager sessions, String nodeName, int outboxLimit) {
        if (outboxLimit < 1) {
            throw new IllegalArgumentException("outbox limit must be >= 1, got " + outboxLimit);
        }
        this.sessions = sessions;
        this.nodeName = nodeName;
        this.outboxLimit = outboxLimit;
    }

    @Override
    public StreamObserver<ClientMessage> connect(StreamObserver<ServerMessage> responseObserver) {
        return new ClientStream(sessions, nodeName, (ServerCallStreamObserver<ServerMessage>) responseObserver, outboxLimit);
    }
}
