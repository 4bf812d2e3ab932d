package dev.tandem.agent.peer;

import dev.tandem.proto.peer.v1.Envelope;
import dev.tandem.proto.peer.v1.ForwardedReply;
import dev.tandem.proto.peer.v1.ForwardedRequest;
import dev.tandem.proto.peer.v1.HeartbeatMessage;
import dev.tandem.proto.peer.v1.PeerServiceGrpc;
import dev.tandem.proto.peer.v1.RecoveryRequest;
import dev.tandem.proto.peer.v1.ShutdownNotice;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of the service port. Messages go out one at a time, in the order they
 * were queued, each numbered within this agent's incarnation. A failed send drops the
 * queued heartbeats but the newest (the peer is unreachable: only the latest status matters);
 * a new heartbeat replaces any queued one at once for the same reason, so a slow call never
 * builds a backlog of stale heartbeats. After the shutdown announcement nothing more is sent.
 *
 * <p>Status messages have their own channel (own connection and threads, see
 * {@link PeerTransport}); {@link #channel()} is the data channel that replication and
 * forwarded admin requests use, so neither can hold a heartbeat back.
 */
public final class PeerLink implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PeerLink.class);

    /** A message that took this long from queue to acknowledgement is logged. */
    static final long SLOW_MS = 300;
    private final String self;
    private final String incarnation = UUID.randomUUID().toString();
    private final LongSupplier clock;
    private final long callTimeoutMs;
    private final Thread sender;
    private final Deque<Item> queue = new ArrayDeque<>();
    private final PeerTransport transport;
    private volatile ManagedChannel channel;
    private volatile ManagedChannel dataChannel;
    private volatile String address = "";
    private long seq;
    private boolean closedForSending;
    private boolean busy;
    private volatile boolean stopped;
    private volatile double roundTripMs = -1;
    private final List<java.util.function.DoubleConsumer> roundTripListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile String lastError = "";

    private record Item(String kind, Function<PeerServiceGrpc.PeerServiceBlockingStub, Object> call, long queuedNanos) {
        Item(String kind, Function<PeerServiceGrpc.PeerServiceBlockingStub, Object> call) {
            this(kind, call, System.nanoTime());
        }
    }

    public PeerLink(String self, LongSupplier clock, long callTimeoutMs, PeerTransport transport) {
        this.self = self;
        this.transport = transport;
        this.clock = clock;
        this.callTimeoutMs = callTimeoutMs;
        this.sender = new Thread(this::run, "peer-link-" + self);
        this.sender.setDaemon(true);
        this.sender.start();
    }


    /** Points the link at the peer's service port; empty = no peer yet. */
    public synchronized void connect(String hostPort) {
        ManagedChannel old = channel;
        ManagedChannel oldData = dataChannel;
        address = hostPort == null ? "" : hostPort;
        channel = address.isEmpty() ? null : transport.statusChannel(address);
        dataChannel = address.isEmpty() ? null : transport.dataChannel(address);
        if (old != null) {
            old.shutdownNow();
            oldData.shutdownNow();
        }
        notifyAll();
    }

    /** The data channel to the peer's service port (replication), or null while its address is not known. */
    public ManagedChannel channel() {
        return stopped ? null : dataChannel;
    }

    public String address() {
        return address;
    }

    public String incarnation() {
        return incarnation;
    }

    /**
     * Told each heartbeat's round trip in milliseconds (the metrics' histogram, the PeerRoundTrip
     * alert); on the sender's thread.
     */
    public void addRoundTripListener(java.util.function.DoubleConsumer l) {
        roundTripListeners.add(l);
    }

    /** Round trip of the last heartbeat in ms, or -1 when none was answered yet. */
    public double roundTripMs() {
        return roundTripMs;
    }

    public String lastError() {
        return lastError;
    }

    /** The seq of the last message this incarnation stamped (0: none yet); the next is higher. */
    public synchronized long lastSeq() {
        return seq;
    }

    private synchronized Envelope envelope() {
        return Envelope.newBuilder().setNode(self).setIncarnation(incarnation).setSeq(++seq)
                .setSentAtMs(clock.getAsLong()).build();
    }

    public void sendHeartbeat(HeartbeatMessage withoutEnvelope) {
        enqueue(new Item("heartbeat", stub -> {
            long t0 = System.nanoTime();
            Object r = stub.heartbeat(withoutEnvelope.toBuilder().setEnvelope(envelope()).build());
            roundTripMs = (System.nanoTime() - t0) / 1e6;
            for (java.util.function.DoubleConsumer l : roundTripListeners) {
                l.accept(roundTripMs);
            }
            return r;
        }));
    }

    public void requestRecovery(String actor) {
        enqueue(new Item("recovery", stub -> stub.requestRecovery(
                RecoveryRequest.newBuilder().setEnvelope(envelope()).setActor(actor == null ? "" : actor).build())));
    }

    /** Queues the announcement; nothing is sent after it. */
    public synchronized void announceShutdown(long srmIncarnation) {
        enqueue(new Item("shutdown", stub -> stub.announceShutdown(ShutdownNotice.newBuilder().setEnvelope(envelope())
                .setSrmIncarnation(srmIncarnation).build())));
        closedForSending = true;
    }

    private synchronized void enqueue(Item item) {
        if (closedForSending || stopped) {
            return;
        }
        if (item.kind().equals("heartbeat")) {
            queue.removeIf(i -> i.kind().equals("heartbeat")); // only the newest status matters
        }
        queue.addLast(item);
        notifyAll();
    }

    /** Waits until everything queued was sent (or failed), at most {@code timeoutMs}. */
    public synchronized boolean flush(long timeoutMs) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMs;
        while ((!queue.isEmpty() || busy) && channel != null) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    /** An admin request for the peer, sent at once (not through the ordered queue). */
    public ForwardedReply forward(ForwardedRequest request) {
        ManagedChannel ch = dataChannel;
        if (ch == null) {
            throw Status.UNAVAILABLE.withDescription("the peer's address is not known").asRuntimeException();
        }
        try {
            return PeerServiceGrpc.newBlockingStub(ch).withDeadlineAfter(Math.max(callTimeoutMs, 5000), TimeUnit.MILLISECONDS)
                    .forward(request);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.UNAVAILABLE || e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
                throw Status.UNAVAILABLE.withDescription("the peer at " + address + " cannot be reached: "
                        + e.getStatus().getDescription()).asRuntimeException();
            }
            throw e;
        }
    }

    private void run() {
        while (true) {
            Item item;
            ManagedChannel ch;
            synchronized (this) {
                while (!stopped && (queue.isEmpty() || channel == null)) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (stopped) {
                    return;
                }
                item = queue.pollFirst();
                ch = channel;
                busy = true;
            }
            try {
                if (ch.getState(false) == ConnectivityState.TRANSIENT_FAILURE) {
                    ch.resetConnectBackoff(); // a restarted peer must be seen at once, not after a backoff
                }
                long t0 = System.nanoTime();
                item.call().apply(PeerServiceGrpc.newBlockingStub(ch).withDeadlineAfter(callTimeoutMs, TimeUnit.MILLISECONDS));
                lastError = "";
                traceSlow(item, t0);
            } catch (StatusRuntimeException e) {
                lastError = e.getStatus().getCode() + ": " + e.getStatus().getDescription();
                log.debug("{}: sending {} to the peer failed: {}", self, item.kind(), lastError);
                dropStaleHeartbeats();
            } catch (RuntimeException e) {
                lastError = String.valueOf(e.getMessage());
                log.warn("{}: sending {} to the peer failed", self, item.kind(), e);
            } finally {
                synchronized (this) {
                    busy = false;
                    notifyAll();
                }
            }
        }
    }

    /** Says where a message sent late spent its time (diagnosis of false peer-loss detections). */
    private void traceSlow(Item item, long startNanos) {
        long queuedMs = (startNanos - item.queuedNanos()) / 1_000_000;
        long callMs = (System.nanoTime() - startNanos) / 1_000_000;
        if (queuedMs + callMs >= SLOW_MS) {
            log.warn("{}: {} to the peer was slow: {} ms in the send queue, {} ms on the call", self, item.kind(),
                    queuedMs, callMs);
        }
    }

    /** Keeps every queued message but only the newest heartbeat, in queue order. */
    private synchronized void dropStaleHeartbeats() {
        Item newest = null;
        for (Item i : queue) {
            if (i.kind().equals("heartbeat")) {
                newest = i;
            }
        }
        Item last = newest;
        queue.removeIf(i -> i.kind().equals("heartbeat") && i != last);
    }

    @Override
    public void close() {
        synchronized (this) {
            stopped = true;
            queue.clear();
            notifyAll();
        }
        ManagedChannel ch = channel;
        if (ch != null) {
            ch.shutdownNow();
            dataChannel.shutdownNow();
        }
    }
}
