package dev.tandem.agent.admin;

import dev.tandem.agent.runtime.Protos;
import dev.tandem.agent.runtime.SrmLoop;
import dev.tandem.agent.statedb.Database.EventRow;
import dev.tandem.proto.admin.v1.*;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** The admin API over gRPC: unary calls go to {@link AdminOps}; the three watch streams are flow controlled. */
public final class AdminServiceImpl extends AdminServiceGrpc.AdminServiceImplBase {
    static final long MIN_COUNTER_INTERVAL_MS = 50;
    static final int EVENT_PAGE = 200;

    private volatile AdminOps ops;
    private volatile NodeRecordsApi records;
    private final ScheduledExecutorService streams = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "admin-streams");
        t.setDaemon(true);
        return t;
    });

    /** Set once the agent is wired (the server starts before the SRM knows its ports). */
    public void bind(AdminOps ops, NodeRecordsApi records) {
        this.records = records;
        this.ops = ops;
    }

    private NodeRecordsApi records() {
        NodeRecordsApi r = records;
        if (r == null) {
            throw Status.UNAVAILABLE.withDescription("the agent is starting").asRuntimeException();
        }
        return r;
    }

    private AdminOps ops() {
        AdminOps o = ops;
        if (o == null) {
            throw Status.UNAVAILABLE.withDescription("the agent is starting").asRuntimeException();
        }
        return o;
    }

    private static <T> void unary(StreamObserver<T> out, Supplier<T> work) {
        try {
            T v = work.get();
            out.onNext(v);
            out.onCompleted();
        } catch (StatusRuntimeException e) {
            out.onError(e);
        } catch (RuntimeException e) {
            out.onError(Status.INTERNAL.withDescription(String.valueOf(e.getMessage())).withCause(e).asRuntimeException());
        }
    }

    @Override
    public void getGroupStatus(GetGroupStatusRequest r, StreamObserver<GroupStatus> o) {
        unary(o, () -> ops().groupStatus());
    }

    @Override
    public void getStateMatrix(GetStateMatrixRequest r, StreamObserver<StateMatrix> o) {
        unary(o, () -> ops().stateMatrix());
    }

    @Override
    public void failover(NodeActionRequest r, StreamObserver<ActionReply> o) {
        unary(o, () -> ops().failover(r));
    }

    @Override
    public void fallback(NodeActionRequest r, StreamObserver<ActionReply> o) {
        unary(o, () -> ops().fallback(r));
    }

    @Override
    public void checkAction(CheckActionRequest r, StreamObserver<PreflightReport> o) {
        unary(o, () -> ops().checkAction(r));
    }

    @Override
    public void simulate(SimulateRequest r, StreamObserver<SimulationReport> o) {
        unary(o, () -> ops().simulate(r));
    }

    @Override
    public void setMaintenanceMode(SetMaintenanceModeRequest r, StreamObserver<GroupConfiguration> o) {
        unary(o, () -> ops().setMaintenanceMode(r));
    }

    @Override
    public void recover(GroupActionRequest r, StreamObserver<ActionReply> o) {
        unary(o, () -> ops().recover(r));
    }

    @Override
    public void getConfiguration(GetConfigurationRequest r, StreamObserver<GroupConfiguration> o) {
        unary(o, () -> ops().configuration());
    }

    @Override
    public void updateGroup(UpdateGroupRequest r, StreamObserver<GroupConfiguration> o) {
        unary(o, () -> ops().updateGroup(r));
    }

    @Override
    public void setParameters(SetParametersRequest r, StreamObserver<ServiceParameters> o) {
        unary(o, () -> ops().setParameters(r));
    }

    @Override
    public void setUserAssignmentMode(SetUserAssignmentModeRequest r, StreamObserver<GroupConfiguration> o) {
        unary(o, () -> ops().setUserAssignmentMode(r));
    }

    @Override
    public void startCriticalService(CriticalServiceRequest r, StreamObserver<CriticalServiceStatus> o) {
        unary(o, () -> ops().startService(r));
    }

    @Override
    public void stopCriticalService(CriticalServiceRequest r, StreamObserver<CriticalServiceStatus> o) {
        unary(o, () -> ops().stopService(r));
    }

    @Override
    public void failDatabase(NodeActionRequest r, StreamObserver<DatabaseStatus> o) {
        unary(o, () -> ops().failDatabase(r));
    }

    @Override
    public void restoreDatabase(NodeActionRequest r, StreamObserver<DatabaseStatus> o) {
        unary(o, () -> ops().restoreDatabase(r));
    }

    @Override
    public void addUsers(AddUsersRequest r, StreamObserver<UsersReply> o) {
        unary(o, () -> ops().addUsers(r));
    }

    @Override
    public void listUsers(ListUsersRequest r, StreamObserver<UserList> o) {
        unary(o, () -> ops().listUsers(r));
    }

    @Override
    public void removeUsers(RemoveUsersRequest r, StreamObserver<UsersReply> o) {
        unary(o, () -> ops().removeUsers(r));
    }

    @Override
    public void listAlerts(ListAlertsRequest r, StreamObserver<AlertList> o) {
        unary(o, () -> records().listAlerts(r));
    }

    @Override
    public void acknowledgeAlert(AcknowledgeAlertRequest r, StreamObserver<Alert> o) {
        unary(o, () -> records().acknowledge(r));
    }

    @Override
    public void getCounterHistory(GetCounterHistoryRequest r, StreamObserver<CounterHistory> o) {
        unary(o, () -> records().counterHistory(r));
    }

    // ------------------------------------------------------------------ streams

    /** Every kept alert, then each change; no gap between the two (AlertBook.listAndFollow). */
    @Override
    public void watchAlerts(WatchAlertsRequest r, StreamObserver<Alert> o) {
        NodeRecordsApi api;
        try {
            api = records();
        } catch (StatusRuntimeException e) {
            o.onError(e);
            return;
        }
        Consumer<dev.tandem.agent.alerts.AlertRecord>[] holder = new Consumer[1];
        AlertStreamSender sender = new AlertStreamSender((ServerCallStreamObserver<Alert>) o,
                () -> api.alerts().removeListener(holder[0]));
        holder[0] = a -> sender.offer(NodeRecordsApi.toProto(a));
        api.alerts().listAndFollow(holder[0]);
    }

    @Override
    public void watchGroupStatus(WatchGroupStatusRequest r, StreamObserver<GroupStatus> o) {
        SrmLoop loop;
        GroupStatus first;
        try {
            loop = ops().loop();
            first = ops().groupStatus();
        } catch (StatusRuntimeException e) {
            o.onError(e);
            return;
        }
        Consumer<GroupStatus>[] holder = new Consumer[1];
        LatestValueSender<GroupStatus> sender = new LatestValueSender<>((ServerCallStreamObserver<GroupStatus>) o,
                () -> loop.statuses().removeListener(holder[0]));
        AdminOps stamping = ops();
        holder[0] = s -> sender.offer(stamping.stamped(s));
        loop.statuses().addListener(holder[0]);
        sender.offer(first);
    }

    @Override
    public void watchCounters(WatchCountersRequest r, StreamObserver<CounterSample> o) {
        if (r.getIntervalMs() < 0) {
            o.onError(Status.INVALID_ARGUMENT.withDescription("interval_ms must not be negative").asRuntimeException());
            return;
        }
        long interval = r.getIntervalMs() == 0 ? 1000 : Math.max(MIN_COUNTER_INTERVAL_MS, r.getIntervalMs());
        AdminOps ops = ops();
        ServerCallStreamObserver<CounterSample> out = (ServerCallStreamObserver<CounterSample>) o;
        ScheduledFuture<?>[] task = new ScheduledFuture<?>[1];
        out.setOnCancelHandler(() -> {
            if (task[0] != null) {
                task[0].cancel(false);
            }
        });
        task[0] = streams.scheduleAtFixedRate(() -> {
            // a sample that cannot go out now is skipped: the next one is newer
            if (out.isCancelled() || !out.isReady()) {
                return;
            }
            try {
                for (CounterSample s : ops.counterSamples()) {
                    out.onNext(s);
                }
            } catch (RuntimeException e) {
                task[0].cancel(false);
            }
        }, 0, interval, TimeUnit.MILLISECONDS);
    }

    /** History from the database, then live events; reads a page only when the client can take it. */
    @Override
    public void watchEvents(WatchEventsRequest r, StreamObserver<HaEvent> o) {
        if (r.getAfterId() < 0) {
            o.onError(Status.INVALID_ARGUMENT.withDescription("after_id must not be negative").asRuntimeException());
            return;
        }
        SrmLoop loop = ops().loop();
        ServerCallStreamObserver<HaEvent> out = (ServerCallStreamObserver<HaEvent>) o;
        EventCursor cursor = new EventCursor(loop, out, r.getAfterId(), r.getHistoryOnly());
        out.setOnReadyHandler(cursor::pump);
        out.setOnCancelHandler(cursor::close);
        if (!r.getHistoryOnly()) {
            loop.events().addListener(cursor.listener);
        }
        streams.execute(cursor::pump);
    }

    private final class EventCursor {
        final SrmLoop loop;
        final ServerCallStreamObserver<HaEvent> out;
        final boolean historyOnly;
        long last;
        boolean done;
        final Runnable listener = () -> streams.execute(this::pump);

        EventCursor(SrmLoop loop, ServerCallStreamObserver<HaEvent> out, long after, boolean historyOnly) {
            this.loop = loop;
            this.out = out;
            this.last = after;
            this.historyOnly = historyOnly;
        }

        synchronized void pump() {
            try {
                while (!done && !out.isCancelled() && out.isReady()) {
                    List<EventRow> page = loop.events().after(last, EVENT_PAGE);
                    if (page.isEmpty()) {
                        if (historyOnly) {
                            done = true;
                            out.onCompleted();
                        }
                        return;
                    }
                    for (EventRow e : page) {
                        out.onNext(toProto(e));
                        last = e.id();
                    }
                }
            } catch (RuntimeException e) {
                close();
            }
        }

        void close() {
            done = true;
            loop.events().removeListener(listener);
        }
    }

    static HaEvent toProto(EventRow e) {
        HaEvent.Builder b = HaEvent.newBuilder().setId(e.id()).setAt(Protos.ts(e.atMs())).setNode(e.node())
                .setKind(EventKind.valueOf(e.kind())).setSentence(nz(e.sentence())).setActor(nz(e.actor()))
                .setResult(nz(e.result())).setTrigger(nz(e.trigger()));
        if (e.fromState() > 0) {
            b.setFromStateValue(e.fromState());
        }
        if (e.toState() > 0) {
            b.setToStateValue(e.toState());
        }
        if (e.reason() > 0) {
            b.setReasonValue(e.reason());
        }
        if (e.alert() != null && !e.alert().isEmpty()) {
            b.setAlert(dev.tandem.proto.admin.v1.AlertType.valueOf(e.alert()));
        }
        return b.build();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
