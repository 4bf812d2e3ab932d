package dev.tandem.agent.presence.clientport;

import dev.tandem.agent.presence.sessions.ClientLink;
import dev.tandem.agent.presence.sessions.LoginOutcome;
import dev.tandem.agent.presence.sessions.Refusal;
import dev.tandem.agent.presence.sessions.SessionManager;
import dev.tandem.agent.presence.sessions.SessionRefusedException;
import dev.tandem.proto.presence.v1.ClientMessage;
import dev.tandem.proto.presence.v1.KeepaliveAck;
import dev.tandem.proto.presence.v1.Redirect;
import dev.tandem.proto.presence.v1.ServerMessage;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/** One client connection: reads the client's messages and hands them to the session manager. */
final class ClientStream implements StreamObserver<ClientMessage>, ClientLink {
    private final SessionManager sessions;
    private final String nodeName;
    private final Outbox<ServerMessage> outbox;

    ClientStream(SessionManager sessions, String nodeName, ServerCallStreamObserver<ServerMessage> out, int outboxLimit) {
        this.sessions = sessions;
        this.nodeName = nodeName;
        this.outbox = new Outbox<>(out, outboxLimit);
        // Runs however the call ends (cancelled, broken, or closed by us); logout is idempotent.
        out.setOnCancelHandler(() -> {
            outbox.cancelled();
            sessions.logout(this);
        });
        out.setOnCloseHandler(() -> sessions.logout(this));
    }

    @Override
    public void onNext(ClientMessage m) {
        try {
            switch (m.getBodyCase()) {
                case LOGIN -> login(m);
                case KEEPALIVE -> send(ServerMessage.newBuilder()
                        .setKeepaliveAck(KeepaliveAck.newBuilder().setSeq(m.getKeepalive().getSeq())).build());
                case PUBLISH -> sessions.publish(this, m.getPublish().getStatus(), m.getPublish().getNote());
                case SUBSCRIBE -> sessions.subscribe(this, m.getSubscribe().getTargetUserId(), m.getSubscribe().getKind());
                case UNSUBSCRIBE -> sessions.unsubscribe(this, m.getUnsubscribe().getTargetUserId());
                default -> throw new SessionRefusedException(Refusal.INVALID_ARGUMENT, "empty client message");
            }
        } catch (SessionRefusedException e) {
            sessions.logout(this);
            closeWithError(e.refusal(), e.getMessage());
        } catch (RuntimeException e) {
            // A store failure (roster write) and the like: tell the client, keep the node up.
            sessions.logout(this);
            outbox.fail(Status.INTERNAL.withDescription(nodeName + ": " + e.getMessage()));
        }
    }

    private void login(ClientMessage m) {
        LoginOutcome outcome = sessions.login(this, m.getLogin().getUserId(), m.getLogin().getSecret(), m.getLogin().getMode());
        // Accepted: the session manager has sent LoginAccepted itself, ahead of the session's messages
        if (outcome instanceof LoginOutcome.Redirected r) {
            closeWithRedirect(r.redirect());
        }
    }

    @Override
    public void onError(Throwable t) {
        sessions.logout(this);
    }

    @Override
    public void onCompleted() {
        sessions.logout(this);
        outbox.complete();
    }

    @Override
    public void send(ServerMessage message) {
        outbox.send(message);
    }

    @Override
    public void closeWithRedirect(Redirect redirect) {
        outbox.sendAndComplete(ServerMessage.newBuilder().setRedirect(redirect).build());
    }

    @Override
    public void closeWithError(Refusal refusal, String message) {
        Status status = switch (refusal) {
            case INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
            case NOT_FOUND -> Status.NOT_FOUND;
            case FAILED_PRECONDITION -> Status.FAILED_PRECONDITION;
            case RESOURCE_EXHAUSTED -> Status.RESOURCE_EXHAUSTED;
            case UNAVAILABLE -> Status.UNAVAILABLE;
            case UNAUTHENTICATED -> Status.UNAUTHENTICATED;
            case ABORTED -> Status.ABORTED;
        };
        outbox.fail(status.withDescription(message));
    }
}
