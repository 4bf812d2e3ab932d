package dev.tandem.agent.alerts;

import dev.tandem.proto.admin.v1.AdminServiceGrpc;
import dev.tandem.proto.admin.v1.Alert;
import dev.tandem.proto.admin.v1.WatchAlertsRequest;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** One WatchAlerts stream, as a console holds it: alerts by id, replaced when they change. */
final class AlertWatch implements AutoCloseable {
    private final ManagedChannel ch;
    private final Map<Long, Alert> byId = new LinkedHashMap<>();
    private Throwable error;

    AlertWatch(String target) {
        ch = NettyChannelBuilder.forTarget(target).usePlaintext().build();
        AdminServiceGrpc.newStub(ch).watchAlerts(WatchAlertsRequest.getDefaultInstance(), new StreamObserver<>() {
            @Override
            public void onNext(Alert a) {
                synchronized (AlertWatch.this) {
                    byId.put(a.getId(), a);
                    AlertWatch.this.notifyAll();
                }
            }

            @Override
            public void onError(Throwable t) {
                synchronized (AlertWatch.this) {
                    error = t;
                    AlertWatch.this.notifyAll();
                }
            }

            @Override
            public void onCompleted() {
            }
        });
    }

    /** The alerts as this watcher sees them now, in time order. */
    synchronized List<Alert> alerts() {
        List<Alert> out = new ArrayList<>(byId.values());
        out.sort((a, b) -> a.getRaisedAt().getSeconds() != b.getRaisedAt().getSeconds()
                ? Long.compare(a.getRaisedAt().getSeconds(), b.getRaisedAt().getSeconds())
                : a.getRaisedAt().getNanos() != b.getRaisedAt().getNanos()
                ? Integer.compare(a.getRaisedAt().getNanos(), b.getRaisedAt().getNanos())
                : Long.compare(a.getId(), b.getId()));
        return out;
    }

    /** Waits until some alert matches, at most {@code timeout}. */
    synchronized Alert await(String what, Duration timeout, Predicate<Alert> p) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Alert a : byId.values()) {
                if (p.test(a)) {
                    return a;
                }
            }
            if (error != null) {
                throw new AssertionError("the alert stream failed while waiting for " + what, error);
            }
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no alert " + what + " within " + timeout + "; have " + byId.values());
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    @Override
    public void close() {
        ch.shutdownNow();
    }
}
