package dev.tandem.agent.peer;

import dev.tandem.proto.peer.v1.ForwardedReply;
import dev.tandem.proto.peer.v1.ForwardedRequest;
import dev.tandem.proto.peer.v1.HeartbeatAck;
import dev.tandem.proto.peer.v1.HeartbeatMessage;
import dev.tandem.proto.peer.v1.PeerServiceGrpc;
import dev.tandem.proto.peer.v1.RecoveryRequest;
import dev.tandem.proto.peer.v1.ShutdownNotice;
import dev.tandem.proto.peer.v1.ReplicationAck;
import dev.tandem.proto.peer.v1.ReplicationBatch;
import dev.tandem.agent.security.input.MessageLimits;
import dev.tandem.agent.security.peer.PeerSender;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.function.LongSupplier;

/** The service port's server side: hands every message to the agent, then acknowledges. */
public final class PeerServiceImpl extends PeerServiceGrpc.PeerServiceImplBase {
    private final String self;
    private final PeerHandler handler;
    private final LongSupplier clock;

    public PeerServiceImpl(String self, PeerHandler handler, LongSupplier clock) {
        this.self = self;
        this.handler = handler;
        this.clock = clock;
    }

    private void ack(StreamObserver<HeartbeatAck> o) {
        o.onNext(HeartbeatAck.newBuilder().setNode(self).setReceivedAtMs(clock.getAsLong()).build());
        o.onCompleted();
    }

    /** Answers the sender check's refusal (security/peer/PeerSender); true when the message may be used. */
    private static boolean accepted(Status check, StreamObserver<?> o) {
        if (check.isOk()) {
            return true;
        }
        o.onError(check.asRuntimeException());
        return false;
    }

    @Override
    public void heartbeat(HeartbeatMessage request, StreamObserver<HeartbeatAck> o) {
        if (accepted(PeerSender.checkSignal("heartbeat", request.getEnvelope().getNode(),
                request.getEnvelope().getIncarnation(), request.getSerializedSize()), o)) {
            handler.onHeartbeat(request);
            ack(o);
        }
    }

    @Override
    public void announceShutdown(ShutdownNotice request, StreamObserver<HeartbeatAck> o) {
        if (accepted(PeerSender.checkSignal("shutdown notice", request.getEnvelope().getNode(),
                request.getEnvelope().getIncarnation(), request.getSerializedSize()), o)) {
            handler.onShutdown(request);
            ack(o);
        }
    }

    @Override
    public void requestRecovery(RecoveryRequest request, StreamObserver<HeartbeatAck> o) {
        if (accepted(PeerSender.checkSignal("recovery request", request.getEnvelope().getNode(),
                request.getEnvelope().getIncarnation(), request.getSerializedSize()), o)) {
            handler.onRecovery(request);
            ack(o);
        }
    }

    @Override
    public void replicate(ReplicationBatch request, StreamObserver<ReplicationAck> o) {
        if (accepted(PeerSender.check("replication batch", request.getNode(), "", request.getSerializedSize(),
                MessageLimits.PEER_PORT_BYTES), o)) {
            o.onNext(handler.onReplicate(request));
            o.onCompleted();
        }
    }

    @Override
    public void fetchStore(dev.tandem.proto.peer.v1.StoreRequest request,
                           StreamObserver<dev.tandem.proto.peer.v1.StoreChunk> o) {
        if (accepted(PeerSender.check("store request", request.getNode(), "", request.getSerializedSize(),
                MessageLimits.PEER_PORT_BYTES), o)) {
            handler.onFetchStore(request, o);
        }
    }

    @Override
    public void forward(ForwardedRequest request, StreamObserver<ForwardedReply> o) {
        try {
            o.onNext(handler.onForward(request));
            o.onCompleted();
        } catch (StatusRuntimeException e) {
            o.onError(e);
        }
    }
}
