package dev.tandem.agent.admin;

import io.grpc.stub.ServerCallStreamObserver;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Sends values on a server stream only while the client can take them; when it cannot,
 * newer values replace the pending one (the reader gets the newest, never a backlog).
 * Holds at most one pending value.
 */
final class LatestValueSender<T> {
    private final ServerCallStreamObserver<T> out;
    private final AtomicReference<T> pending = new AtomicReference<>();
    private volatile boolean closed;

    LatestValueSender(ServerCallStreamObserver<T> out, Runnable onClose) {
        this.out = out;
        out.setOnReadyHandler(this::drain);
        out.setOnCancelHandler(() -> {
            closed = true;
            onClose.run();
        });
    }

    void offer(T value) {
        pending.set(value);
        drain();
    }

    private synchronized void drain() {
        if (closed) {
            return;
        }
        while (out.isReady()) {
            T v = pending.getAndSet(null);
            if (v == null) {
                return;
            }
            try {
                out.onNext(v);
            } catch (RuntimeException e) {
                closed = true; // cancelled meanwhile
                return;
            }
        }
    }

    boolean closed() {
        return closed || out.isCancelled();
    }
}
