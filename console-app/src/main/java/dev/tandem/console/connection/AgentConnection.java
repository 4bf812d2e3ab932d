package dev.tandem.console.connection;

import dev.tandem.console.util.Ages;

import dev.tandem.proto.admin.v1.AdminServiceGrpc;
import dev.tandem.proto.admin.v1.Alert;
import dev.tandem.proto.admin.v1.CounterHistory;
import dev.tandem.proto.admin.v1.CounterSample;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.HaEvent;
import dev.tandem.proto.admin.v1.GetCounterHistoryRequest;
import dev.tandem.proto.admin.v1.WatchAlertsRequest;
import dev.tandem.proto.admin.v1.WatchCountersRequest;
import dev.tandem.proto.admin.v1.WatchEventsRequest;
import dev.tandem.proto.admin.v1.WatchGroupStatusRequest;
import io.grpc.Context;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * One agent: its channel, its three watch streams (status, counters, events) and the
 * reconnect loop with exponential backoff. Streams run on gRPC threads and only store:
 * the newest status in an atomic reference, counters and events into the listener's buffers.
 * Every stream asks for one message at a time (flow control), so a slow console never makes
 * an agent buffer without bound.
 */
public final class AgentConnection implements AutoCloseable {
    public static final long CALL_DEADLINE_MS = 10_000;
    /** How long the back-fill of the charts may take before the live counters start without it. */
    static final long HISTORY_DEADLINE_MS = 5_000;

    private final AgentAddress address;
    private final ManagedChannel channel;
    private final AdminServiceGrpc.AdminServiceStub stub;
    private final ScheduledExecutorService scheduler;
    private final Backoff backoff;
    private final AgentListener listener;
    private final LongSupplier clock;
    private final long counterIntervalMs;

    private final Object lock = new Object();
    private final AtomicReference<GroupStatus> status = new AtomicReference<>();
    private volatile ConnectionSnapshot snapshot;
    private ConnectionState state = ConnectionState.CONNECTING;
    private int attempt;
    private String lastError = "";
    private String lastErrorSentence = "";
    private long nextRetryAt;
    private long connectedSince;
    private volatile long lastDataAt;
    /** Console clock minus the agent's, as seen at the last status (includes the network delay). */
    private volatile long clockOffsetMs;
    private volatile long lastEventId;
    private Context.CancellableContext session;
    private ScheduledFuture<?> pendingRetry;

    public AgentConnection(AgentAddress address, ChannelFactory channels, ScheduledExecutorService scheduler,
                           Backoff backoff, AgentListener listener, LongSupplier clock, long counterIntervalMs) {
        this.address = address;
        this.channel = channels.open(address);
        this.stub = AdminServiceGrpc.newStub(channel);
        this.scheduler = scheduler;
        this.backoff = backoff;
        this.listener = listener;
        this.clock = clock;
        this.counterIntervalMs = counterIntervalMs;
        publish();
    }

    public AgentAddress address() {
        return address;
    }

    /** The newest group status, or null before the first one. Kept after a disconnect (stale). */
    public GroupStatus status() {
        return status.get();
    }

    /**
     * How far the console's clock is ahead of the agent's (ms), measured at the newest status:
     * add it to an agent time stamp to compare it with the console's clock (e.g. a countdown).
     */
    public long clockOffsetMs() {
        return clockOffsetMs;
    }

    public ConnectionSnapshot snapshot() {
        return snapshot;
    }

    public void start() {
        openSession();
    }

    /** Try again now (from Failed, or to skip the rest of a backoff wait). */
    public void retryNow() {
        synchronized (lock) {
            if (state == ConnectionState.CLOSED || state == ConnectionState.CONNECTED) {
                return;
            }
            if (pendingRetry != null) {
                pendingRetry.cancel(false);
            }
            attempt = 0;
            move(ConnectionState.CONNECTING);
        }
        openSession();
    }

    /**
     * A unary call with the standard deadline. The future completes on a gRPC thread:
     * callers move to the FX thread themselves.
     */
    public <T> CompletableFuture<T> call(BiConsumer<AdminServiceGrpc.AdminServiceStub, StreamObserver<T>> rpc) {
        CompletableFuture<T> result = new CompletableFuture<>();
        rpc.accept(stub.withDeadlineAfter(CALL_DEADLINE_MS, TimeUnit.MILLISECONDS), new StreamObserver<>() {
            @Override
            public void onNext(T value) {
                result.complete(value);
            }

            @Override
            public void onError(Throwable t) {
                result.completeExceptionally(t);
            }

            @Override
            public void onCompleted() {
                result.completeExceptionally(Status.INTERNAL.withDescription("no reply").asRuntimeException());
            }
        });
        return result;
    }

    private void openSession() {
        Context.CancellableContext ctx;
        synchronized (lock) {
            if (state == ConnectionState.CLOSED) {
                return;
            }
            Context.CancellableContext old = session;
            ctx = Context.current().withCancellation();
            session = ctx;
            pendingRetry = null;
            if (old != null) {
                old.cancel(null);
            }
        }
        ctx.run(() -> {
            java.util.concurrent.atomic.AtomicBoolean countersOpen = new java.util.concurrent.atomic.AtomicBoolean();
            stub.watchGroupStatus(WatchGroupStatusRequest.getDefaultInstance(), new OneByOne<GroupStatus>(ctx) {
                @Override
                void handle(GroupStatus value) {
                    status.set(value);
                    if (value.hasGeneratedAt()) {
                        clockOffsetMs = clock.getAsLong() - Ages.millis(value.getGeneratedAt());
                    }
                    onData(ctx);
                    // counters only once the agent's own node (the status reporter) is known: each
                    // sample is then filed as the node's own or as a relayed copy, never guessed
                    if (countersOpen.compareAndSet(false, true)) {
                        ctx.run(() -> backfillThenWatch(ctx));
                    }
                }
            });
            // the agent's alert list (issue 13): the whole list first, then each change; an agent
            // older than the RPC answers UNIMPLEMENTED, which must not end the session
            stub.watchAlerts(WatchAlertsRequest.getDefaultInstance(), new OneByOne<Alert>(ctx) {
                @Override
                void handle(Alert value) {
                    listener.alert(address, value);
                }

                @Override
                public void onError(Throwable t) {
                    if (Status.fromThrowable(t).getCode() != Status.Code.UNIMPLEMENTED) {
                        super.onError(t);
                    }
                }
            });
            stub.watchEvents(WatchEventsRequest.newBuilder().setAfterId(lastEventId).build(),
                    new OneByOne<HaEvent>(ctx) {
                        @Override
                        void handle(HaEvent value) {
                            if (value.getId() > lastEventId) {
                                lastEventId = value.getId();
                                listener.event(address, value);
                            }
                        }
                    });
        });
    }

    /**
     * The agent's kept history of its own counters first (older than anything live, so the
     * charts fill from the left), then the live stream. An agent without the RPC, or one that
     * does not answer in time, just gets the live stream.
     */
    private void backfillThenWatch(Context.CancellableContext ctx) {
        stub.withDeadlineAfter(HISTORY_DEADLINE_MS, TimeUnit.MILLISECONDS).getCounterHistory(
                GetCounterHistoryRequest.getDefaultInstance(), new StreamObserver<CounterHistory>() {
                    @Override
                    public void onNext(CounterHistory h) {
                        listener.history(address, h.getSamplesList());
                    }

                    @Override
                    public void onError(Throwable t) {
                        ctx.run(() -> watchCounters(ctx));
                    }

                    @Override
                    public void onCompleted() {
                        ctx.run(() -> watchCounters(ctx));
                    }
                });
    }

    private void watchCounters(Context.CancellableContext ctx) {
        stub.watchCounters(WatchCountersRequest.newBuilder().setIntervalMs(counterIntervalMs).build(),
                new OneByOne<CounterSample>(ctx) {
                    @Override
                    void handle(CounterSample value) {
                        lastDataAt = clock.getAsLong();
                        listener.counters(address, value);
                    }
                });
    }

    private void onData(Context.CancellableContext ctx) {
        long now = clock.getAsLong();
        lastDataAt = now;
        synchronized (lock) {
            if (ctx != session || state == ConnectionState.CONNECTED) {
                publish();
                return;
            }
            attempt = 0;
            lastError = "";
            lastErrorSentence = "";
            connectedSince = now;
            move(ConnectionState.CONNECTED);
        }
    }

    private void onStreamEnd(Context.CancellableContext ctx, Throwable t) {
        synchronized (lock) {
            if (ctx != session || state == ConnectionState.CLOSED) {
                return; // an old session, already replaced
            }
            Context.CancellableContext old = session;
            session = null;
            old.cancel(null); // the other streams end too; their callbacks see a stale session
            lastError = Errors.describe(t);
            lastErrorSentence = Errors.explain(t, "Watching the group", address.toString());
            if (Errors.retryable(t)) {
                attempt++;
                long delay = backoff.delayMs(attempt);
                nextRetryAt = clock.getAsLong() + delay;
                move(ConnectionState.RECONNECTING);
                pendingRetry = scheduler.schedule(this::openSession, delay, TimeUnit.MILLISECONDS);
            } else {
                move(ConnectionState.FAILED);
            }
        }
    }

    private void move(ConnectionState to) {
        state = ConnectionState.check(state, to);
        publish();
    }

    private void publish() {
        snapshot = new ConnectionSnapshot(state, attempt, nextRetryAt, lastError, lastErrorSentence, lastDataAt, connectedSince);
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (state == ConnectionState.CLOSED) {
                return;
            }
            move(ConnectionState.CLOSED);
            if (pendingRetry != null) {
                pendingRetry.cancel(false);
            }
            Context.CancellableContext old = session;
            session = null;
            if (old != null) {
                old.cancel(null);
            }
        }
        channel.shutdownNow();
    }

    /** A stream observer that asks for one message at a time and reports its end to the session. */
    private abstract class OneByOne<T> implements ClientResponseObserver<Object, T> {
        private final Context.CancellableContext ctx;
        private ClientCallStreamObserver<Object> call;

        OneByOne(Context.CancellableContext ctx) {
            this.ctx = ctx;
        }

        abstract void handle(T value);

        @Override
        public void beforeStart(ClientCallStreamObserver<Object> requestStream) {
            call = requestStream;
            requestStream.disableAutoRequestWithInitial(1);
        }

        @Override
        public void onNext(T value) {
            handle(value);
            call.request(1);
        }

        @Override
        public void onError(Throwable t) {
            onStreamEnd(ctx, t);
        }

        @Override
        public void onCompleted() {
            onStreamEnd(ctx, Status.UNAVAILABLE.withDescription("the agent ended the stream").asRuntimeException());
        }
    }
}
