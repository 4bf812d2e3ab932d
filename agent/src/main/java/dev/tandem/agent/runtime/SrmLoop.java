package dev.tandem.agent.runtime;

import dev.tandem.agent.fence.PauseFence;
import dev.tandem.agent.peer.PeerLink;
import dev.tandem.agent.presence.users.UserStore;
import dev.tandem.agent.critical.CriticalServices;
import dev.tandem.agent.critical.EmulatedDatabase;
import dev.tandem.agent.srm.AdminAction;
import dev.tandem.agent.srm.Decision;
import dev.tandem.agent.srm.PeerStatus;
import dev.tandem.agent.srm.PersistedState;
import dev.tandem.agent.srm.ServerRecoveryManager;
import dev.tandem.agent.srm.SrmEvent;
import dev.tandem.agent.srm.CriticalService;
import dev.tandem.agent.srm.FlapLimits;
import dev.tandem.agent.statedb.Database;
import dev.tandem.proto.admin.v1.GroupConfiguration;
import dev.tandem.proto.admin.v1.CounterSample;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.peer.v1.Envelope;
import dev.tandem.proto.peer.v1.HeartbeatMessage;
import dev.tandem.proto.peer.v1.SharedConfig;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one node's {@link ServerRecoveryManager} on its {@link SrmActor}: every input (peer
 * message, timer, service check, admin request, move result) becomes an event on that one
 * thread; the {@link CommandRunner} runs the commands it returns; the next
 * {@code TimeAdvanced} is scheduled at the core's next deadline; the {@link StatusPublisher}
 * gets the new status. Readers see it through {@link #view()} ({@link SrmLoopView}).
 */
public final class SrmLoop {
    private static final Logger log = LoggerFactory.getLogger(SrmLoop.class);

    private final String self;
    private final String peerName;
    private final LongSupplier clock;
    private final Database db;
    private final CriticalServices services;
    private final EmulatedDatabase database;
    private final NodePresence presence;
    private final PeerLink link;
    private final ServerRecoveryManager core;
    private final SrmActor actor;
    private final CommandRunner runner;
    private final PeerInbox inbox;
    private final EventLog events;
    private final StatusPublisher statuses = new StatusPublisher();
    private final List<Consumer<Decision>> decisionListeners = new CopyOnWriteArrayList<>();
    private final StatusReports reports;
    private final HeartbeatComposer composer;
    private final StorageProbe storageProbe;
    private final SrmView view;

    // ---- owned by the actor thread
    private volatile SharedConfig shared;
    private ScheduledFuture<?> timer;
    private long timerAt = Long.MAX_VALUE;
    private final AtomicBoolean republishPending = new AtomicBoolean();
    private volatile boolean stopping;
    /** What the core was last told about the store's resync (issue 11): it starts believing none is pending. */
    private boolean resyncPendingTold;
    private boolean uncomparedTold;

    /** The parts the loop drives; {@link #start} begins. */
    public record Parts(Database db, CriticalServices services, EmulatedDatabase database, NodePresence presence,
                        PeerLink link) {
    }

    /**
     * @param userMoveDelayMs pause before each user move (users.move-delay), so M2/M4 can be watched
     * @param adminAddress host:port of the admin API, shown in the status
     */
    public SrmLoop(String self, String peerName, long userMoveDelayMs, SharedConfig shared, LongSupplier clock,
                   LongSupplier wall, Parts parts, int servicePort, int adminPort, String adminAddress) {
        Database db = parts.db();
        CriticalServices services = parts.services();
        EmulatedDatabase database = parts.database();
        NodePresence presence = parts.presence();
        PeerLink link = parts.link();
        this.self = self;
        this.peerName = peerName;
        this.clock = clock;
        this.db = db;
        this.services = services;
        this.database = database;
        this.presence = presence;
        this.link = link;
        this.shared = shared;
        GroupConfiguration g = shared.getConfiguration();
        this.core = new ServerRecoveryManager(self, Protos.parameters(g.getParameters()), g.getHaEnabled(), false);
        this.actor = new SrmActor(self);
        this.events = new EventLog(self, wall, db); // wall-clock time for event timestamps only
        this.inbox = new PeerInbox(self, peerName, actor);
        this.runner = new CommandRunner(self, clock, db, link, services, presence.moves(), userMoveDelayMs,
                events, core::parameters, this::sendHeartbeat, this::post);
        this.view = new SrmLoopView(new SrmLoopView.Identity(self, peerName, servicePort, adminPort, adminAddress),
                clock, () -> this.shared, core, actor, inbox);
        this.reports = new StatusReports(view, presence, services, database, link);
        this.composer = new HeartbeatComposer(self, reports, presence, () -> this.shared, inbox);
        this.storageProbe = new StorageProbe(actor, db, database, clock, () -> stopping);
    }

    // ------------------------------------------------------------------ life cycle

    /** This node's anti-flapping limits (agent configuration); before {@link #start}, while no thread runs the core. */
    public void flapLimits(FlapLimits limits) {
        core.flapLimits(limits);
    }

    /** Starts the SRM from what was persisted (null: first start). */
    public void start(PersistedState persisted) {
        presence.fence().setListener(gap -> log.warn("{}: this node did not run for {} ms (longer than the "
                + "heartbeat timeout): no ACTIVE login until it hears {} again", self, gap, peerName));
        services.setListener((s, running, detail) -> actor.post(() -> serviceChanged(s, running, detail)));
        db.storage().listen(problem -> actor.post(() -> storageChanged(problem)));
        // store convergence (issue 11): every start, end or failure of a re-synchronisation is an event
        presence.storeSync().onNote(text -> actor.post(() -> {
            events.note("STORE_SYNC", text, "", "StoreSync");
            tellStoreGate(); // a resync that completed opens the SRM's store gate
            publish();
        }));
        actor.post(() -> {
            // what this node serves is durable in the presence user store: tell the SRM, it cannot guess it
            ServedAtStart served = ServedAtStart.of(presence.users().all(), self, peerName);
            // a random incarnation: it must differ from every earlier start of this node
            handle(new SrmEvent.Started(persisted, ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2),
                    served.own(), served.peers()));
            tellStoreGate(); // a store that starts empty is behind until it compared equal or took the peer's

            // maintenance mode is durable in the shared configuration: it holds from the first moment
            if (shared.getConfiguration().getMaintenanceMode()) {
                handle(new SrmEvent.MaintenanceChanged(true));
            }
            // the emulated node's database and services as they are now
            if (!database.up()) {
                handle(new SrmEvent.DatabaseDown());
            }
            for (CriticalServices.ServiceState s : services.states()) {
                if (!s.running()) {
                    handle(new SrmEvent.CriticalServiceDown(s.service()));
                }
            }
        });
    }

    /** Orderly stop: the peer is told first (it sees Peer Reboot). */
    public void shutdown(long flushMs) {
        try {
            call(() -> {
                handle(new SrmEvent.ShutdownRequested());
                stopping = true;
                return null;
            }, 2000);
            link.flush(flushMs);
        } catch (Exception e) {
            log.warn("{}: could not announce the shutdown to the peer: {}", self, e.getMessage());
        }
        halt();
    }

    /** Stops at once, telling nobody (as a killed process would). */
    public void halt() {
        stopping = true;
        actor.stop();
        runner.stop();
        link.close();
    }

    // ------------------------------------------------------------------ the actor

    /** Runs {@code work} on the SRM thread and waits for its result. */
    public <T> T call(Callable<T> work, long timeoutMs) throws Exception {
        return actor.call(work, timeoutMs);
    }

    /** Hands an event to the SRM thread (any thread). */
    public void post(SrmEvent e) {
        actor.post(() -> handle(e));
    }

    /** An admin's request for a manual action, decided by the core. SRM thread. */
    public Decision admin(AdminAction a, String who) {
        return handle(new SrmEvent.AdminRequest(a, who));
    }

    /** Handles one event: runs its commands, reschedules, publishes. SRM thread. */
    private Decision handle(SrmEvent e) {
        actor.assertOnActor();
        if (stopping) {
            return Decision.refused("the agent of " + self + " is stopping");
        }
        long now = clock.getAsLong();
        long late = timerAt == Long.MAX_VALUE ? 0 : now - timerAt;
        if (!(e instanceof SrmEvent.PauseDetected) && late > pauseThresholdMs()) {
            // the SRM did not run when it should have (stopped, frozen, starved): its peer may have
            // declared it lost; the core hears of it before anything else, in particular before it
            // would count the peer's silence during that time as the peer's failure (issue 10)
            timerAt = Long.MAX_VALUE;
            log.warn("{}: the SRM ran {} ms after its deadline: a pause", self, late);
            handle(new SrmEvent.PauseDetected(late));
            now = clock.getAsLong();
        }
        try {
            Decision d = core.handle(e, now);
            if (d.isRefused()) {
                log.debug("{}: {} refused: {}", self, e, d.refusal());
            }
            d.transitions().forEach(events::transition);
            // every command runs even when one before it fails: the rest of the decision is not lost
            runner.runAll(d.commands());
            decisionListeners.forEach(l -> l.accept(d));
            return d;
        } catch (RuntimeException | Error ex) {
            // an exception in a scheduled task is swallowed by its executor: say it loudly here
            log.error("{}: handling {} failed; the SRM keeps running", self, e, ex);
            return Decision.refused("internal error while handling " + e + ": " + ex);
        } finally {
            // the timers must re-arm whatever happened, or the SRM would stop detecting failures
            try {
                reschedule(now);
                presence.onSrmState(core.state(), core.reason(), core.peer(), allCriticalServicesDown());
                publish();
            } catch (RuntimeException ex) {
                log.error("{}: could not re-arm the SRM timer or publish the status", self, ex);
            }
        }
    }

    /** Every monitored critical service of this node is down: it can serve nobody (issue 11, M15). */
    private boolean allCriticalServicesDown() {
        var monitored = Arrays.stream(CriticalService.values())
                .filter(s -> s.isMonitored(core.parameters())).toList();
        return !monitored.isEmpty() && core.servicesDown().containsAll(monitored);
    }

    private void reschedule(long now) {
        long due = core.nextDeadlineMs();
        if (due == Long.MAX_VALUE || actor.isStopped()) {
            timerAt = Long.MAX_VALUE; // no deadline: nothing can be missed
            return;
        }
        // the core reports only deadlines after its own now; one already passed by the time
        // we read the clock again simply fires at once
        due = Math.max(due, now);
        if (timer != null && timerAt == due && !timer.isDone()) {
            return;
        }
        if (timer != null) {
            timer.cancel(false);
        }
        timerAt = due;
        long dueAt = due;
        timer = actor.schedule(() -> {
            long lateBy = clock.getAsLong() - dueAt;
            if (lateBy >= core.parameters().heartbeatIntervalMs()) {
                // the SRM thread was busy (or the process was not scheduled): heartbeats go out late too
                log.warn("{}: the SRM timer fired {} ms late", self, lateBy);
            }
            handle(new SrmEvent.TimeAdvanced());
        }, due - now);
    }

    /** A deadline missed by more than this is a pause: the peer may have missed our heartbeats for a timeout. */
    private long pauseThresholdMs() {
        return Math.max(1, core.parameters().heartbeatTimeoutMs() - core.parameters().heartbeatIntervalMs());
    }

    // ------------------------------------------------------------------ inputs from the node

    private void serviceChanged(CriticalService s, boolean running, String detail) {
        String text = s.displayName() + (running ? " is running" : " stopped") + " on " + self
                + (detail.isEmpty() ? "" : " (" + detail + ")");
        log.info("{}: {}", self, text);
        events.note("SERVICE_CHANGE", text, "", running ? "CriticalServiceUp" : "CriticalServiceDown");
        handle(running ? new SrmEvent.CriticalServiceUp(s) : new SrmEvent.CriticalServiceDown(s));
        sendHeartbeat(core.status());
    }

    /**
     * The agent's own store failed or works again (issue 11): a store that cannot be written is
     * this node's Database Failure, with the store's error in the sentence; while it lasts a
     * {@link StorageProbe} tells when it can be written again. SRM thread.
     */
    void storageChanged(Optional<String> problem) {
        actor.assertOnActor();
        if (problem.isEmpty()) {
            runner.rewriteUnsavedState(); // before the DatabaseUp decision: a state it enters is written after
        }
        if (database.storage(problem.orElse(null), clock.getAsLong())) {
            databaseTurned(problem.isEmpty(), problem.map(p -> "the store of " + self + " cannot be written (" + p
                    + "): Database Failure").orElse("the store of " + self + " can be written again"),
                    problem.isPresent() ? "StorageFailed" : "StorageRecovered");
        }
        if (problem.isPresent()) {
            storageProbe.start(); // also when an operator's fault has the database down already
        }
    }

    /** Fault injection on the emulated database. SRM thread. */
    public void databaseChanged(boolean up) {
        actor.assertOnActor();
        if (!database.set(up, clock.getAsLong())) {
            return;
        }
        databaseTurned(up, "the database of " + self + (up ? " is up again" : " failed"), up ? "DatabaseUp" : "DatabaseDown");
    }

    /** The node's database went up or down (an operator's fault, or the store's health): said, decided, sent. */
    private void databaseTurned(boolean up, String text, String trigger) {
        log.info("{}: {}", self, text);
        events.note("SERVICE_CHANGE", text, "", trigger);
        handle(up ? new SrmEvent.DatabaseUp() : new SrmEvent.DatabaseDown());
        sendHeartbeat(core.status());
    }

    /** The node's database (up or failed, and since when; any thread). */
    public EmulatedDatabase database() {
        return database;
    }

    /** The node's critical services (start, stop, their state; any thread). */
    public CriticalServices services() {
        return services;
    }

    /** The presence user store (add, remove, assignment mode). SRM thread for changes the status must show. */
    public UserStore users() {
        return presence.users();
    }

    /** Users with an active client session on this node, for ListUsers (any thread: the shards lock themselves). */
    public java.util.Set<String> activeUsers() { return presence.node().sessions().activeUsers(); }

    /** Why users cannot be removed now, or null. SRM thread. */
    public String usersBlocked() {
        actor.assertOnActor();
        return presence.usersBlocked(core.state(), core.reason(), core.peer());
    }

    // ------------------------------------------------------------------ the peer

    private void sendHeartbeat(PeerStatus status) {
        if (stopping) {
            return;
        }
        link.sendHeartbeat(composer.heartbeat(status));
    }

    /** What this node would tell its peer now (its report, offers, counters). SRM thread. */
    public HeartbeatMessage selfHeartbeat() {
        actor.assertOnActor();
        return composer.heartbeat(core.status());
    }

    /** This node's counters and heartbeat figures now, stamped with the SRM clock. SRM thread. */
    public CounterSample selfCounterSample() {
        actor.assertOnActor();
        return composer.counterSample(clock.getAsLong());
    }

    /** A heartbeat from the peer (any thread; handled on the SRM thread). */
    public void onHeartbeat(HeartbeatMessage m) {
        long arrived = clock.getAsLong();
        actor.post(() -> {
            if (stopping || !inbox.fresh(m.getEnvelope())) {
                return;
            }
            long now = clock.getAsLong(); // revisions are this clock's milliseconds at the change
            traceLate(m, arrived);
            switch (PeerInbox.compare(m.getConfig(), shared, now)) {
                case ADOPT -> adopt(m.getConfig(), "from " + peerName);
                case REFUSE -> inbox.refused(m.getConfig(), shared, now);
                case ANSWER_WITH_OURS -> {
                    // the peer has not seen our newer configuration yet: its status would look like a mismatch
                    sendHeartbeat(core.status());
                    return;
                }
                case KEEP -> { }
            }
            inbox.keep(m);
            presence.onPeerHeartbeat(m);
            // before the SRM reacts and the status is published: stores that differ never show as M1
            presence.onPeerStore(m, now);
            // before the heartbeat: a store found equal lets an initializing SRM settle on this very heartbeat
            tellStoreGate();
            handle(new SrmEvent.HeartbeatReceived(Protos.status(m.getStatus())));
            // after the SRM reacted (its gates are set): a fence after a pause may lift now
            presence.fence().peerStatusHeard(m.getHeardIncarnation().isEmpty() ? PauseFence.NOT_REPORTED
                    : m.getHeardIncarnation().equals(link.incarnation()) ? m.getHeardSeq() : 0,
                    m.getEnvelope().getSentAtMs());
        });
    }

    /** Tells the core when the store's resync became pending or completed (issue 11). SRM thread. */
    private void tellStoreGate() {
        boolean pending = presence.storeSync().resyncPending();
        boolean uncompared = presence.storeSync().uncompared();
        if (pending != resyncPendingTold || uncompared != uncomparedTold) {
            resyncPendingTold = pending;
            uncomparedTold = uncompared;
            handle(new SrmEvent.StoreResyncChanged(pending, uncompared));
        }
    }

    /** Says where a heartbeat that came late spent its time (diagnosis of false peer-loss detections). */
    private void traceLate(HeartbeatMessage m, long arrivedMs) {
        long now = clock.getAsLong();
        long last = core.lastHeartbeatMs();
        long gap = last < 0 ? 0 : now - last;
        if (gap >= 2 * core.parameters().heartbeatIntervalMs()) {
            log.warn("{}: heartbeat from {} after a gap of {} ms: sent {} ms before it arrived, waited {} ms for the SRM thread",
                    self, peerName, gap, arrivedMs - m.getEnvelope().getSentAtMs(), now - arrivedMs);
        }
    }

    /** The peer announced an orderly shutdown (any thread). */
    public void onShutdown(Envelope e, long srmIncarnation) {
        actor.post(() -> {
            if (!stopping && inbox.fresh(e)) {
                log.info("{}: {} announced an orderly shutdown", self, peerName);
                handle(new SrmEvent.PeerShutdownAnnounced(srmIncarnation));
            }
        });
    }

    /** The peer asked for a recovery (any thread). */
    public void onRecovery(Envelope e, String actorName) {
        actor.post(() -> {
            if (!stopping && inbox.fresh(e)) {
                log.info("{}: {} asked for a recovery ({})", self, peerName, actorName);
                handle(new SrmEvent.PeerRecoveryRequested());
            }
        });
    }

    // ------------------------------------------------------------------ shared configuration

    /** Applies a configuration (ours, changed by an admin, or the peer's newer one). SRM thread. */
    private void adopt(SharedConfig next, String from) {
        actor.assertOnActor();
        GroupConfiguration old = shared.getConfiguration();
        shared = next;
        db.putConfig("shared", next.toByteArray());
        for (SrmEvent e : ConfigChanges.between(self, old, next.getConfiguration(), core.parameters(), from)) {
            if (e instanceof SrmEvent.ParametersChanged p) {
                presence.fence().timeoutChanged(p.parameters().heartbeatTimeoutMs()); // a pause is one beyond the timeout in force
            }
            handle(e);
        }
        publish();
    }

    /** A new revision of the shared configuration, made here by an admin. SRM thread. */
    public void change(GroupConfiguration n) {
        long rev = Math.max(clock.getAsLong(), shared.getRevision() + 1);
        adopt(SharedConfig.newBuilder().setRevision(rev).setConfiguration(n).build(), "admin request on " + self);
        sendHeartbeat(core.status());
    }

    // ------------------------------------------------------------------ status and events

    /** What the admin API and the status reports may read (identity any thread, the core on the SRM thread). */
    public SrmView view() {
        return view;
    }

    /** Told every decision of the core, on the SRM thread, after its commands ran (metrics). */
    public void addDecisionListener(Consumer<Decision> l) {
        decisionListeners.add(l);
    }

    /** Status listeners and the newest published status (any thread). */
    public StatusPublisher statuses() {
        return statuses;
    }

    /** The event history and audit log (any thread). */
    public EventLog events() {
        return events;
    }

    /** Builds the status now. SRM thread. */
    public GroupStatus buildStatus() {
        actor.assertOnActor();
        return reports.groupStatus();
    }

    /** Publishes the status again from the SRM thread (something outside the core changed; any thread). */
    public void republish() {
        // at most one pending: every replicated batch asks, and one publish per batch kept the SRM
        // thread busy during a login storm while heartbeats waited behind it (issue 10)
        if (!republishPending.compareAndSet(false, true)) {
            return;
        }
        actor.post(() -> {
            republishPending.set(false);
            publish();
        });
    }

    /** Builds and publishes the status. SRM thread. */
    public void publish() {
        actor.assertOnActor();
        statuses.publish(reports.groupStatus());
    }
}
