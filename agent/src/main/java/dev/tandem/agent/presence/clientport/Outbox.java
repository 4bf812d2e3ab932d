package dev.tandem.agent.presence.clientport;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayDeque;

/**
 * Messages to one client, honouring gRPC flow control: they go out while the transport is
 * ready and wait in a bounded queue otherwise. A client that lets the queue fill up is cut
 * off with RESOURCE_EXHAUSTED rather than making the node buffer without bound.
 */
final class Outbox<T> {
    private final ServerCallStreamObserver<T> out;
    private final int limit;
    private final ArrayDeque<T> queue = new ArrayDeque<>();
    private boolean closed;
    private boolean completeWhenDrained;

    Outbox(ServerCallStreamObserver<T> out, int limit) {
        this.out = out;
        this.limit = limit;
        out.setOnReadyHandler(this::drain);
    }

    synchronized void send(T message) {
        if (closed || completeWhenDrained) {
            return;
        }
        if (queue.isEmpty() && out.isReady()) {
            out.onNext(message);
            return;
        }
        if (queue.size() >= limit) {
            fail(Status.RESOURCE_EXHAUSTED.withDescription(
                    "client reads too slowly: " + limit + " messages waiting; reconnect"));
            return;
        }
        queue.add(message);
    }

    /** Sends what is queued (and {@code last}), then completes the stream. */
    synchronized void sendAndComplete(T last) {
        if (closed || completeWhenDrained) {
            return;
        }
        queue.add(last);
        completeWhenDrained = true;
        drain();
    }

    /** Completes the stream once what is queued has gone out. */
    synchronized void complete() {
        if (closed || completeWhenDrained) {
            return;
        }
        completeWhenDrained = true;
        drain();
    }

    synchronized void fail(Status status) {
        if (closed) {
            return;
        }
        closed = true;
        queue.clear();
        out.onError(status.asRuntimeException());
    }

    /** The call ended from the other side: drop whatever waits. */
    synchronized void cancelled() {
        closed = true;
        queue.clear();
    }

    synchronized int queued() {
        return queue.size();
    }

    private synchronized void drain() {
        while (!closed && !queue.isEmpty() && out.isReady()) {
            out.onNext(queue.poll());
        }
        if (!closed && completeWhenDrained && queue.isEmpty()) {
            closed = true;
            out.onCompleted();
        }
    }
}
