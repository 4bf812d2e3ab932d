package dev.tandem.agent.admin;

import dev.tandem.proto.admin.v1.Alert;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sends alerts on a WatchAlerts stream only while the client can take them. Pending alerts are
 * keyed by id: a newer version of an alert not sent yet replaces it in place, so the backlog
 * never exceeds the kept alerts and the order stays the order they were first offered.
 */
final class AlertStreamSender {
    private final ServerCallStreamObserver<Alert> out;
    private final Map<Long, Alert> pending = new LinkedHashMap<>();
    private volatile boolean closed;

    AlertStreamSender(ServerCallStreamObserver<Alert> out, Runnable onClose) {
        this.out = out;
        out.setOnReadyHandler(this::drain);
        out.setOnCancelHandler(() -> {
            closed = true;
            onClose.run();
        });
    }

    void offer(Alert a) {
        synchronized (this) {
            pending.put(a.getId(), a); // an existing key keeps its place
        }
        drain();
    }

    private synchronized void drain() {
        if (closed) {
            return;
        }
        Iterator<Alert> it = pending.values().iterator();
        while (it.hasNext() && out.isReady()) {
            Alert a = it.next();
            it.remove();
            try {
                out.onNext(a);
            } catch (RuntimeException e) {
                closed = true; // cancelled meanwhile
                return;
            }
        }
    }
}
