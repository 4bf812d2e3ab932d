package dev.tandem.console.testing;

import dev.tandem.proto.admin.v1.ActionReply;
import dev.tandem.proto.admin.v1.AcknowledgeAlertRequest;
import dev.tandem.proto.admin.v1.AdminServiceGrpc;
import dev.tandem.proto.admin.v1.Alert;
import dev.tandem.proto.admin.v1.CounterHistory;
import dev.tandem.proto.admin.v1.GetCounterHistoryRequest;
import dev.tandem.proto.admin.v1.WatchAlertsRequest;
import dev.tandem.proto.admin.v1.CheckActionRequest;
import dev.tandem.proto.admin.v1.CounterSample;
import dev.tandem.proto.admin.v1.CriticalServiceRequest;
import dev.tandem.proto.admin.v1.CriticalServiceStatus;
import dev.tandem.proto.admin.v1.GetConfigurationRequest;
import dev.tandem.proto.admin.v1.GetGroupStatusRequest;
import dev.tandem.proto.admin.v1.GetStateMatrixRequest;
import dev.tandem.proto.admin.v1.GroupActionRequest;
import dev.tandem.proto.admin.v1.GroupConfiguration;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.HaEvent;
import dev.tandem.proto.admin.v1.NodeActionRequest;
import dev.tandem.proto.admin.v1.PreflightReport;
import dev.tandem.proto.admin.v1.ServiceParameters;
import dev.tandem.proto.admin.v1.SetParametersRequest;
import dev.tandem.proto.admin.v1.SetUserAssignmentModeRequest;
import dev.tandem.proto.admin.v1.StateMatrix;
import dev.tandem.proto.admin.v1.UpdateGroupRequest;
import dev.tandem.proto.admin.v1.WatchCountersRequest;
import dev.tandem.proto.admin.v1.WatchEventsRequest;
import dev.tandem.proto.admin.v1.WatchGroupStatusRequest;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * TEST DOUBLE of the agent's AdminService. Not an agent: it holds whatever state a test
 * scripts (group status, matrix, configuration, counters, events, errors) and records the
 * calls it gets. Never shipped in main code.
 */
public final class ScriptedAdminServiceDouble extends AdminServiceGrpc.AdminServiceImplBase {
    private volatile GroupStatus status;
    private volatile StateMatrix matrix = Statuses.matrix();
    private volatile GroupConfiguration config;
    private final List<StreamObserver<GroupStatus>> statusWatchers = new CopyOnWriteArrayList<>();
    private final List<StreamObserver<CounterSample>> counterWatchers = new CopyOnWriteArrayList<>();
    private final List<StreamObserver<HaEvent>> eventWatchers = new CopyOnWriteArrayList<>();
    private final List<HaEvent> events = new CopyOnWriteArrayList<>();
    private volatile List<CounterSample> counterHistory = List.of();
    private volatile List<CounterSample> backfill = List.of();
    private final Map<Long, Alert> alerts = new java.util.LinkedHashMap<>();
    private final List<StreamObserver<Alert>> alertWatchers = new CopyOnWriteArrayList<>();
    private final Map<String, Status> nextErrors = new ConcurrentHashMap<>();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private volatile Consumer<NodeActionRequest> onFailover = r -> { };
    private volatile Consumer<NodeActionRequest> onFallback = r -> { };
    /** null: CheckAction is UNIMPLEMENTED, as on an agent older than issue 15. */
    private volatile PreflightReport preflight;

    public ScriptedAdminServiceDouble(GroupStatus initial) {
        this.status = initial;
        this.config = Statuses.configuration(initial);
    }

    // ---- scripting ----

    public void setStatus(GroupStatus s) {
        status = s;
        for (StreamObserver<GroupStatus> w : statusWatchers) {
            send(w, s, statusWatchers);
        }
    }

    public GroupStatus status() {
        return status;
    }

    /** Samples sent to each new counter watcher first (a backfilled past, for the dev main). */
    public void setCounterHistory(List<CounterSample> history) {
        counterHistory = List.copyOf(history);
    }

    /** What GetCounterHistory answers (the agent's kept samples of its own node). */
    public void setBackfill(List<CounterSample> samples) {
        backfill = List.copyOf(samples);
    }

    /** Adds or replaces (same id) one of the agent's alerts and streams it to every alert watcher. */
    public synchronized void emitAlert(Alert a) {
        alerts.put(a.getId(), a);
        for (StreamObserver<Alert> w : alertWatchers) {
            send(w, a, alertWatchers);
        }
    }

    public void emitCounters(CounterSample s) {
        for (StreamObserver<CounterSample> w : counterWatchers) {
            send(w, s, counterWatchers);
        }
    }

    public synchronized HaEvent emitEvent(HaEvent e) {
        HaEvent withId = e.toBuilder().setId(events.size() + 1).build();
        events.add(withId);
        for (StreamObserver<HaEvent> w : eventWatchers) {
            send(w, withId, eventWatchers);
        }
        return withId;
    }

    /** The next call of {@code rpc} (e.g. "Failover", "UpdateGroup") fails with this status. */
    public void failNext(String rpc, Status s) {
        nextErrors.put(rpc, s);
    }

    /** What CheckAction answers from now on (null: UNIMPLEMENTED). */
    public void setPreflight(PreflightReport r) {
        preflight = r;
    }

    public void onFailover(Consumer<NodeActionRequest> c) {
        onFailover = c;
    }

    public void onFallback(Consumer<NodeActionRequest> c) {
        onFallback = c;
    }

    public List<String> calls() {
        return calls;
    }

    public int watcherCount() {
        return statusWatchers.size();
    }

    private <T> void send(StreamObserver<T> w, T value, List<StreamObserver<T>> list) {
        try {
            synchronized (w) {
                w.onNext(value);
            }
        } catch (RuntimeException e) {
            list.remove(w);
        }
    }

    private boolean failed(String rpc, StreamObserver<?> obs) {
        calls.add(rpc);
        Status s = nextErrors.remove(rpc);
        if (s != null) {
            obs.onError(s.asRuntimeException());
            return true;
        }
        return false;
    }

    private static <T> void reply(StreamObserver<T> obs, T value) {
        obs.onNext(value);
        obs.onCompleted();
    }

    private <T> void watch(StreamObserver<T> obs, List<StreamObserver<T>> list) {
        ((ServerCallStreamObserver<T>) obs).setOnCancelHandler(() -> list.remove(obs));
        list.add(obs);
    }

    // ---- the service ----

    @Override
    public void getGroupStatus(GetGroupStatusRequest r, StreamObserver<GroupStatus> obs) {
        if (!failed("GetGroupStatus", obs)) {
            reply(obs, status);
        }
    }

    @Override
    public void watchGroupStatus(WatchGroupStatusRequest r, StreamObserver<GroupStatus> obs) {
        watch(obs, statusWatchers);
        send(obs, status, statusWatchers);
    }

    @Override
    public void watchCounters(WatchCountersRequest r, StreamObserver<CounterSample> obs) {
        counterHistory.forEach(obs::onNext);
        watch(obs, counterWatchers);
    }

    @Override
    public synchronized void watchEvents(WatchEventsRequest r, StreamObserver<HaEvent> obs) {
        for (HaEvent e : new ArrayList<>(events)) {
            if (e.getId() > r.getAfterId()) {
                obs.onNext(e);
            }
        }
        if (r.getHistoryOnly()) {
            obs.onCompleted();
        } else {
            watch(obs, eventWatchers);
        }
    }

    @Override
    public void getStateMatrix(GetStateMatrixRequest r, StreamObserver<StateMatrix> obs) {
        if (!failed("GetStateMatrix", obs)) {
            reply(obs, matrix);
        }
    }

    @Override
    public synchronized void watchAlerts(WatchAlertsRequest r, StreamObserver<Alert> obs) {
        alerts.values().forEach(obs::onNext);
        watch(obs, alertWatchers);
    }

    /** As the agent: the first acknowledgement stands, recorded with the caller's note. */
    @Override
    public void acknowledgeAlert(AcknowledgeAlertRequest r, StreamObserver<Alert> obs) {
        if (failed("AcknowledgeAlert", obs)) {
            return;
        }
        Alert acked;
        synchronized (this) {
            Alert a = alerts.get(r.getId());
            if (a == null) {
                obs.onError(Status.NOT_FOUND.withDescription("no alert " + r.getId()).asRuntimeException());
                return;
            }
            acked = !a.getAcknowledgedBy().isEmpty() ? a : a.toBuilder().setAcknowledgedBy("test[operator] \""
                    + r.getActor() + "\"").setAcknowledgedAt(Statuses.ago(0)).build();
        }
        emitAlert(acked);
        reply(obs, acked);
    }

    @Override
    public void getCounterHistory(GetCounterHistoryRequest r, StreamObserver<CounterHistory> obs) {
        if (!failed("GetCounterHistory", obs)) {
            reply(obs, CounterHistory.newBuilder().setNode(status.getReporter()).setResolutionMs(1000)
                    .addAllSamples(backfill).build());
        }
    }

    @Override
    public void checkAction(CheckActionRequest r, StreamObserver<PreflightReport> obs) {
        PreflightReport p = preflight;
        if (p == null) {
            super.checkAction(r, obs);
        } else if (!failed("CheckAction", obs)) {
            reply(obs, p.toBuilder().setAction(r.getAction()).setNode(r.getNode()).build());
        }
    }

    @Override
    public void failover(NodeActionRequest r, StreamObserver<ActionReply> obs) {
        if (!failed("Failover", obs)) {
            reply(obs, ActionReply.newBuilder().setAccepted(true).setMessage("failover of " + r.getNode() + " taken")
                    .build());
            onFailover.accept(r);
        }
    }

    @Override
    public void fallback(NodeActionRequest r, StreamObserver<ActionReply> obs) {
        if (!failed("Fallback", obs)) {
            reply(obs, ActionReply.newBuilder().setAccepted(true).setMessage("fallback to " + r.getNode() + " taken")
                    .build());
            onFallback.accept(r);
        }
    }

    @Override
    public void recover(GroupActionRequest r, StreamObserver<ActionReply> obs) {
        if (!failed("Recover", obs)) {
            reply(obs, ActionReply.newBuilder().setAccepted(true).setMessage("recovery taken").build());
        }
    }

    @Override
    public void getConfiguration(GetConfigurationRequest r, StreamObserver<GroupConfiguration> obs) {
        if (!failed("GetConfiguration", obs)) {
            reply(obs, config);
        }
    }

    @Override
    public void updateGroup(UpdateGroupRequest r, StreamObserver<GroupConfiguration> obs) {
        if (!failed("UpdateGroup", obs)) {
            config = config.toBuilder().setGroup(r.getGroup()).setDescription(r.getDescription())
                    .setHaEnabled(r.getHaEnabled()).clearNodes().addAllNodes(r.getNodesList()).build();
            reply(obs, config);
        }
    }

    @Override
    public void setParameters(SetParametersRequest r, StreamObserver<ServiceParameters> obs) {
        if (!failed("SetParameters", obs)) {
            config = config.toBuilder().setParameters(r.getParameters()).build();
            reply(obs, r.getParameters());
        }
    }

    @Override
    public void setUserAssignmentMode(SetUserAssignmentModeRequest r, StreamObserver<GroupConfiguration> obs) {
        if (!failed("SetUserAssignmentMode", obs)) {
            config = config.toBuilder().setUserAssignmentMode(r.getMode()).build();
            reply(obs, config);
        }
    }

    @Override
    public void startCriticalService(CriticalServiceRequest r, StreamObserver<CriticalServiceStatus> obs) {
        if (!failed("StartCriticalService", obs)) {
            reply(obs, CriticalServiceStatus.newBuilder().setNode(r.getNode()).setId(r.getService()).setRunning(true)
                    .build());
        }
    }

    @Override
    public void stopCriticalService(CriticalServiceRequest r, StreamObserver<CriticalServiceStatus> obs) {
        if (!failed("StopCriticalService", obs)) {
            reply(obs, CriticalServiceStatus.newBuilder().setNode(r.getNode()).setId(r.getService()).setRunning(false)
                    .build());
        }
    }

    // ---- what-if (issue 15) ----

    private volatile dev.tandem.proto.admin.v1.SimulationReport simulation;
    private final List<dev.tandem.proto.admin.v1.SimulateRequest> simulated = new CopyOnWriteArrayList<>();

    /** The report Simulate answers; null: UNIMPLEMENTED, as on an agent older than issue 15. */
    public void setSimulation(dev.tandem.proto.admin.v1.SimulationReport r) {
        simulation = r;
    }

    /** The Simulate requests received, in order. */
    public List<dev.tandem.proto.admin.v1.SimulateRequest> simulated() {
        return simulated;
    }

    @Override
    public void simulate(dev.tandem.proto.admin.v1.SimulateRequest r,
                         StreamObserver<dev.tandem.proto.admin.v1.SimulationReport> obs) {
        simulated.add(r);
        dev.tandem.proto.admin.v1.SimulationReport rep = simulation;
        if (rep == null) {
            super.simulate(r, obs);
        } else if (!failed("Simulate", obs)) {
            reply(obs, rep);
        }
    }
}
