package dev.tandem.agent.e2e;

import dev.tandem.proto.admin.v1.AdminServiceGrpc;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.WatchGroupStatusRequest;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Records every status an agent's WatchGroupStatus stream sends, and waits (bounded) for conditions on it. */
public final class GroupWatch implements AutoCloseable {
    private final ManagedChannel channel;
    private final List<GroupStatus> history = new ArrayList<>();
    private Throwable error;

    public GroupWatch(String target) {
        channel = NettyChannelBuilder.forTarget(target).usePlaintext().build();
        AdminServiceGrpc.newStub(channel).watchGroupStatus(WatchGroupStatusRequest.getDefaultInstance(),
                new StreamObserver<>() {
                    public void onNext(GroupStatus s) {
                        synchronized (GroupWatch.this) {
                            history.add(s);
                            GroupWatch.this.notifyAll();
                        }
                    }

                    public void onError(Throwable t) {
                        synchronized (GroupWatch.this) {
                            error = t;
                            GroupWatch.this.notifyAll();
                        }
                    }

                    public void onCompleted() {
                    }
                });
    }

    public static String row(GroupStatus s) {
        return s.getMatrix().getMatched() ? s.getMatrix().getRow().getId() : "-";
    }

    /** Waits until the newest status satisfies {@code p}; fails with the history after {@code timeout}. */
    public synchronized GroupStatus await(String what, Duration timeout, Predicate<GroupStatus> p) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!history.isEmpty() && p.test(history.get(history.size() - 1))) {
                return history.get(history.size() - 1);
            }
            long left = end - System.nanoTime();
            if (left <= 0 || error != null) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what
                        + (error == null ? "" : " (stream failed: " + error + ")") + "; rows seen: " + rows()
                        + "; last: " + (history.isEmpty() ? "none" : history.get(history.size() - 1)));
            }
            wait(Math.max(1, left / 1_000_000));
        }
    }

    public GroupStatus awaitRow(String id, Duration timeout) throws InterruptedException {
        return await("row " + id, timeout, s -> row(s).equals(id));
    }

    /** The matched rows in the order seen, consecutive repeats folded. */
    public synchronized List<String> rows() {
        List<String> out = new ArrayList<>();
        for (GroupStatus s : history) {
            String r = row(s);
            if (out.isEmpty() || !out.get(out.size() - 1).equals(r)) {
                out.add(r);
            }
        }
        return out;
    }

    public synchronized GroupStatus latest() {
        return history.isEmpty() ? null : history.get(history.size() - 1);
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
