package dev.tandem.agent.peer;

import dev.tandem.proto.peer.v1.ForwardedReply;
import dev.tandem.proto.peer.v1.ForwardedRequest;
import dev.tandem.proto.peer.v1.HeartbeatMessage;
import dev.tandem.proto.peer.v1.RecoveryRequest;
import dev.tandem.proto.peer.v1.ShutdownNotice;
import dev.tandem.proto.peer.v1.ReplicationAck;
import dev.tandem.proto.peer.v1.ReplicationBatch;

/** What the agent does with the peer's messages (called on gRPC threads; the agent hands them to its SRM thread). */
public interface PeerHandler {
    void onHeartbeat(HeartbeatMessage m);

    void onShutdown(ShutdownNotice n);

    void onRecovery(RecoveryRequest r);

    /** Applies the batch in order; answers how many items were applied (and why not the next). */
    ReplicationAck onReplicate(ReplicationBatch b);

    /** Streams this node's whole user store to the peer (FetchStore, issue 11). */
    void onFetchStore(dev.tandem.proto.peer.v1.StoreRequest r,
                      io.grpc.stub.StreamObserver<dev.tandem.proto.peer.v1.StoreChunk> o);

    /** Runs a forwarded admin request; throws StatusRuntimeException as the admin API would. */
    ForwardedReply onForward(ForwardedRequest r);
}
