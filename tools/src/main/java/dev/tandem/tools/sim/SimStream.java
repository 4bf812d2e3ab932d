package dev.tandem.tools.sim;

import dev.tandem.agent.presence.NodeEndpoint;
import dev.tandem.proto.presence.v1.ClientMessage;
import dev.tandem.proto.presence.v1.ConnectionMode;
import dev.tandem.proto.presence.v1.Login;
import dev.tandem.proto.presence.v1.ServerMessage;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;

/** One client-port stream of a simulated client, active or inactive. */
final class SimStream implements ClientResponseObserver<ClientMessage, ServerMessage> {
    final SimClient client;
    final NodeEndpoint node;
    final ConnectionMode mode;
    private ClientCallStreamObserver<ClientMessage> requests;

    SimStream(SimClient client, NodeEndpoint node, ConnectionMode mode) {
        this.client = client;
        this.node = node;
        this.mode = mode;
    }

    @Override
    public void beforeStart(ClientCallStreamObserver<ClientMessage> requestStream) {
        this.requests = requestStream;
    }

    void login(String userId) {
        send(ClientMessage.newBuilder().setLogin(Login.newBuilder().setUserId(userId).setSecret(client.secret())
                .setMode(mode)).build());
    }

    /** Sends unless the transport is backed up: a simulated client skips a beat rather than buffer. */
    synchronized boolean trySend(ClientMessage m) {
        if (!requests.isReady()) {
            return false;
        }
        requests.onNext(m);
        return true;
    }

    synchronized void send(ClientMessage m) {
        requests.onNext(m);
    }

    synchronized void cancel(String why) {
        requests.cancel(why, null);
    }

    @Override
    public void onNext(ServerMessage m) {
        switch (m.getBodyCase()) {
            case LOGIN_ACCEPTED -> client.onAccepted(this);
            case REDIRECT -> client.onRedirect(this, m.getRedirect());
            case PROMOTED -> client.onPromoted(this);
            default -> { }
        }
    }

    @Override
    public void onError(Throwable t) {
        client.onClosed(this, Status.fromThrowable(t));
    }

    @Override
    public void onCompleted() {
        client.onClosed(this, Status.OK);
    }
}
