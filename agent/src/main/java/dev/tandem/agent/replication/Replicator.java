package dev.tandem.agent.replication;

import dev.tandem.agent.presence.users.UserChange;
import dev.tandem.proto.peer.v1.PeerServiceGrpc;
import dev.tandem.proto.peer.v1.ReplicatedItem;
import dev.tandem.proto.peer.v1.ReplicationAck;
import dev.tandem.proto.peer.v1.ReplicationBatch;
import dev.tandem.proto.presence.v1.PresenceUpdate;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's outgoing replication queue: store changes and presence updates, sent to the
 * peer in the order they were queued, one batch at a time on a thread of its own (never on
 * the thread that committed the change, so neither node ever waits on the other's locks).
 * A store change stays at the head of the queue until the peer has applied it; presence
 * updates are dropped when a send fails (only the newest presence matters).
 */
public final class Replicator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Replicator.class);
    static final int MAX_BATCH = 64;
    static final long RETRY_MS = 100;
    static final long CALL_TIMEOUT_MS = 30_000;

    private final String self;
    private final Supplier<ManagedChannel> channel;
    private final Deque<ReplicatedItem> queue = new ArrayDeque<>();
    private final Thread sender;
    private int pendingChanges;
    /** Store changes queued and applied by the peer since the start (the waiters' sequence numbers). */
    private long queuedChanges;
    private long appliedChanges;
    /** Completed once {@link #appliedChanges} reaches the key (outside this monitor). */
    private final NavigableMap<Long, List<CompletableFuture<Void>>> appliedWaiters =
            new TreeMap<>();
    private boolean inFlight;
    private boolean stopped;
    private volatile String rejected = "";
    private volatile String lastError = "";

    public Replicator(String self, Supplier<ManagedChannel> channel) {
        this.self = self;
        this.channel = channel;
        this.sender = new Thread(this::run, "replication-" + self);
        this.sender.setDaemon(true);
        this.sender.start();
    }

    /** Queues a change committed here (called from the store's listener: must not block). */
    public void change(UserChange change) {
        enqueue(ReplicatedItem.newBuilder().setChange(StoreChanges.encode(change)).build());
    }

    public void presence(PresenceUpdate update) {
        enqueue(ReplicatedItem.newBuilder().setPresence(update).build());
    }

    private synchronized void enqueue(ReplicatedItem item) {
        if (stopped) {
            return;
        }
        queue.addLast(item);
        if (item.hasChange()) {
            pendingChanges++;
            queuedChanges++;
        }
        notifyAll();
    }

    /**
     * Completes once the peer has applied every store change queued so far (the old node of an
     * orderly move redirects its clients only then: the peer has promoted their standby
     * connections first, issue 12). Never completes while the peer is away: callers bound it.
     */
    public CompletableFuture<Void> whenQueuedApplied() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        synchronized (this) {
            if (appliedChanges < queuedChanges && !stopped) {
                appliedWaiters.computeIfAbsent(queuedChanges, k -> new ArrayList<>()).add(f);
                return f;
            }
        }
        f.complete(null);
        return f;
    }

    /** Store changes committed here that the peer has not applied yet. */
    public synchronized int pending() {
        return pendingChanges;
    }

    /** Why the peer refused the change at the head of the queue; empty when it did not. */
    public String rejected() {
        return rejected;
    }

    public String lastError() {
        return lastError;
    }

    /** Waits until every store change queued so far was applied by the peer, at most {@code timeoutMs}. */
    public synchronized boolean awaitDrained(long timeoutMs) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (pendingChanges > 0) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    private void run() {
        List<CompletableFuture<Void>> done = List.of();
        while (true) {
            done.forEach(f -> f.complete(null)); // outside the monitor: a waiter's action takes session locks
            List<ReplicatedItem> batch = new ArrayList<>();
            synchronized (this) {
                while (!stopped && queue.isEmpty()) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (stopped) {
                    return;
                }
                for (ReplicatedItem i : queue) {
                    if (batch.size() == MAX_BATCH) {
                        break;
                    }
                    batch.add(i);
                }
                inFlight = true;
            }
            int applied = send(batch);
            done = new ArrayList<>();
            synchronized (this) {
                inFlight = false;
                for (int i = 0; i < applied; i++) {
                    if (queue.pollFirst().hasChange()) {
                        pendingChanges--;
                        appliedChanges++;
                    }
                }
                Map<Long, List<CompletableFuture<Void>>> reached =
                        appliedWaiters.headMap(appliedChanges, true);
                reached.values().forEach(done::addAll);
                reached.clear();
                if (applied < batch.size()) {
                    // failed: presence is stale by the time the peer is back; changes are kept
                    queue.removeIf(ReplicatedItem::hasPresence);
                }
                notifyAll();
                if (applied < batch.size() && !stopped) {
                    try {
                        wait(RETRY_MS);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }
        }
    }

    /** Sends one batch; returns how many of its items the peer applied. */
    private int send(List<ReplicatedItem> batch) {
        ManagedChannel ch = channel.get();
        if (ch == null) {
            lastError = "the peer's address is not known";
            return 0;
        }
        if (ch.getState(false) == io.grpc.ConnectivityState.TRANSIENT_FAILURE) {
            ch.resetConnectBackoff(); // a restarted peer must get its changes at once, not after a backoff
        }
        try {
            ReplicationAck ack = PeerServiceGrpc.newBlockingStub(ch).withDeadlineAfter(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                    .replicate(ReplicationBatch.newBuilder().setNode(self).addAllItems(batch).build());
            rejected = ack.getError();
            lastError = ack.getError();
            if (!ack.getError().isEmpty()) {
                log.warn("{}: the peer could not apply a replicated change: {}", self, ack.getError());
            }
            return Math.max(0, Math.min(ack.getApplied(), batch.size()));
        } catch (StatusRuntimeException e) {
            lastError = e.getStatus().getCode() + ": " + e.getStatus().getDescription();
            log.debug("{}: replication to the peer failed: {}", self, lastError);
            return 0;
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            stopped = true;
            queue.clear();
            notifyAll();
        }
        sender.interrupt();
    }
}
