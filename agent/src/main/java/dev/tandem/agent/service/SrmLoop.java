package dev.tandem.agent.service;

import dev.tandem.agent.node.UserMover;
import dev.tandem.agent.peer.PeerLink;
import dev.tandem.agent.services.CriticalServices;
import dev.tandem.agent.services.EmulatedDatabase;
import dev.tandem.agent.srm.AdminAction;
import dev.tandem.agent.srm.CriticalService;
import dev.tandem.agent.srm.Decision;
import dev.tandem.agent.srm.MoveKind;
import dev.tandem.agent.srm.PeerStatus;
import dev.tandem.agent.srm.PersistedState;
import dev.tandem.agent.srm.ServerRecoveryManager;
import dev.tandem.agent.srm.SrmCommand;
import dev.tandem.agent.srm.SrmEvent;
import dev.tandem.agent.srm.SrmParameters;
import dev.tandem.agent.srm.Transition;
import dev.tandem.agent.store.Database;
import dev.tandem.agent.store.Database.EventRow;
import dev.tandem.proto.admin.v1.GroupConfiguration;
import dev.tandem.proto.admin.v1.GroupStatus;
import dev.tandem.proto.admin.v1.HeartbeatHealth;
import dev.tandem.proto.peer.v1.Envelope;
import dev.tandem.proto.peer.v1.HeartbeatMessage;
import dev.tandem.proto.peer.v1.SharedConfig;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import dev.tandem.agent.presence.users.UserRecord;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one node's {@link ServerRecoveryManager} as an actor: every input (peer message,
 * timer, service check, admin request, move result) becomes an event on one thread; the
 * commands it returns run here (persist, send to peer) or on worker threads (services,
 * user moves) whose results come back as events. The next {@code TimeAdvanced} is
 * scheduled at the core's next deadline.
 */
public final class SrmLoop {
    private static final Logger log = LoggerFactory.getLogger(SrmLoop.class);
    public final String self;
    public final String peerName;
    public final LongSupplier clock;
    public final Database db;
    public final CriticalServices services;
    public final EmulatedDatabase database;
    public final NodePresence presence;
    private final UserMover mover;
    public final PeerLink link;
    public final ServerRecoveryManager core;

    private final ScheduledExecutorService actor;
    private final ExecutorService io;
    private final ExecutorService moves;
    private ScheduledFuture<?> timer;
    private long timerAt = Long.MAX_VALUE;

    // ---- owned by the actor thread
    volatile SharedConfig shared;
    private HeartbeatMessage peerMessage;
    private String peerIncarnation = "";
    private long peerSeq;
    private boolean stopping;
    private GroupStatus lastPublished;
    private volatile GroupStatus latest;

    public final int servicePort;
    public final int adminPort;
    public final String adminAddress;
    private final List<Consumer<GroupStatus>> statusListeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> eventListeners = new CopyOnWriteArrayList<>();
    private final StatusReports reports;
    private final java.util.concurrent.atomic.AtomicBoolean republishPending = new java.util.concurrent.atomic.AtomicBoolean();

    SrmLoop(AgentConfig cfg, SharedConfig shared, LongSupplier clock, Database db, CriticalServices services,
            EmulatedDatabase database, NodePresence presence, PeerLink link, int servicePort, int adminPort,
            String adminAddress) {
        this.self = cfg.node();
        this.peerName = cfg.peer();
        this.clock = clock;
        this.db = db;
        this.services = services;
        this.database = database;
        this.presence = presence;
        this.mover = presence.mover();
        this.link = link;
        this.shared = shared;
        this.servicePort = servicePort;
        this.adminPort = adminPort;
        this.adminAddress = adminAddress;
        GroupConfiguration g = shared.getConfiguration();
        this.core = new ServerRecoveryManager(self, Protos.parameters(g.getParameters()), g.getHaEnabled(), false);
        this.actor = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "srm-" + self));
        this.io = Executors.newCachedThreadPool(r -> daemon(r, "srm-io-" + self));
        this.moves = Executors.newSingleThreadExecutor(r -> daemon(r, "user-moves-" + self));
        this.reports = new StatusReports(this);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    // ------------------------------------------------------------------ life cycle

    void start(PersistedState persisted) {
        presence.fence().setListener(gap -> log.warn("{}: this node did not run for {} ms (longer than the "
                + "heartbeat timeout): no ACTIVE login until it hears {} again", self, gap, peerName));
        services.setListener((s, running, detail) -> actor.execute(() -> serviceChanged(s, running, detail)));
        actor.execute(() -> {
            // what this node serves is durable in the presence user store: tell the SRM, it cannot guess it
            List<UserRecord> users = presence.users().all();
            boolean servesOwn = users.stream().noneMatch(u -> self.equals(u.homeNode()))
                    || users.stream().anyMatch(u -> self.equals(u.homeNode()) && self.equals(u.servingNode()));
            boolean servesPeer = users.stream().anyMatch(u -> peerName.equals(u.homeNode()) && self.equals(u.servingNode()));
            // a random incarnation: it must differ from every earlier start of this node
            handle(new SrmEvent.Started(persisted, ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 2),
                    servesOwn, servesPeer));
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
    void shutdown(long flushMs) {
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
    void halt() {
        actor.execute(() -> stopping = true);
        actor.shutdownNow();
        io.shutdownNow();
        moves.shutdownNow();
        link.close();
    }

    // ------------------------------------------------------------------ the actor

    /** Runs {@code work} on the SRM thread and waits for its result. */
    public <T> T call(Callable<T> work, long timeoutMs) throws Exception {
        Future<T> f = actor.submit(work);
        try {
            return f.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        } catch (TimeoutException e) {
            f.cancel(false);
            throw new IllegalStateException("the SRM of " + self + " did not answer within " + timeoutMs + " ms");
        }
    }

    public void post(SrmEvent e) {
        try {
            actor.execute(() -> handle(e));
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            // the agent is stopping
        }
    }

    /** Handles one event on the SRM thread: runs its commands, reschedules, publishes. Must run on the actor. */
    public Decision handle(SrmEvent e) {
        if (stopping) {
            return Decision.refused("the agent of " + self + " is stopping");
        }
        long now = clock.getAsLong();
        long late = timerAt == Long.MAX_VALUE ? 0 : now - timerAt;
        if (!(e instanceof SrmEvent.PauseDetected) && late > pauseThresholdMs()) {
            // the SRM did not run when it should have (stopped, frozen, starved): its peer may have
            // declared it lost; the core hears of it before anything else, in particular before it
            // would count the peer's silence during that time as the peer's failure
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
            for (Transition t : d.transitions()) {
                log.info("{}: {} ({}) -> {} ({}) on {}: {}", t.node(), t.from().label(), t.fromReason().label(),
                        t.to().label(), t.reason().label(), t.trigger(), t.sentence());
                recordEvent(new EventRow(0, now, self, "STATE_CHANGE", t.from().id(), t.to().id(), t.reason().id(),
                        t.sentence(), "", "", "", t.trigger()));
            }
            for (SrmCommand c : d.commands()) {
                run(c);
            }
            return d;
        } catch (RuntimeException | Error ex) {
            // an exception in a scheduled task is swallowed by its executor: say it loudly here
            log.error("{}: handling {} failed; the SRM keeps running", self, e, ex);
            return Decision.refused("internal error while handling " + e + ": " + ex);
        } finally {
            // the timers must re-arm whatever happened, or the SRM would stop detecting failures
            try {
                reschedule(now);
                presence.onSrmState(core.state(), core.reason(), core.peer());
                publish();
            } catch (RuntimeException ex) {
                log.error("{}: could not re-arm the SRM timer or publish the status", self, ex);
            }
        }
    }

    /** A deadline missed by more than this is a pause: the peer may have missed our heartbeats for a timeout. */
    private long pauseThresholdMs() {
        return Math.max(1, core.parameters().heartbeatTimeoutMs() - core.parameters().heartbeatIntervalMs());
    }

    private void run(SrmCommand c) {
        if (c instanceof SrmCommand.PersistState p) {
            db.saveState(p.state(), p.reason(), p.sinceMs(), p.servicesStoppedBySrm(), clock.getAsLong());
        } else if (c instanceof SrmCommand.SendStatusToPeer s) {
            sendHeartbeat(s.status());
        } else if (c instanceof SrmCommand.AnnounceShutdownToPeer a) {
            link.announceShutdown(a.incarnation());
        } else if (c instanceof SrmCommand.RequestPeerRecovery) {
            link.requestRecovery(self);
        } else if (c instanceof SrmCommand.RaiseAlert a) {
            log.warn("{}: alert {}: {}", self, a.type().vendorName(), a.text());
            recordEvent(new EventRow(0, clock.getAsLong(), self, "ALERT", 0, 0, 0, a.text(), a.type().name(), "",
                    "", "RaiseAlert"));
        } else if (c instanceof SrmCommand.StopCriticalServices) {
            var which = monitored();
            io.execute(() -> {
                List<String> errors = services.stopAll(which);
                if (!errors.isEmpty()) {
                    log.warn("{}: stopping critical services: {}", self, errors);
                }
            });
        } else if (c instanceof SrmCommand.StartCriticalServices) {
            var which = monitored();
            io.execute(() -> {
                List<String> errors = services.startAll(which);
                post(errors.isEmpty() ? new SrmEvent.CriticalServicesStarted()
                        : new SrmEvent.CriticalServicesStartFailed(String.join("; ", errors)));
            });
        } else if (c instanceof SrmCommand.MoveUsers m) {
            moves.execute(() -> move(m.kind()));
        }
    }

    private java.util.Set<CriticalService> monitored() {
        java.util.Set<CriticalService> s = java.util.EnumSet.noneOf(CriticalService.class);
        for (CriticalService c : CriticalService.values()) {
            if (c.isMonitored(core.parameters())) {
                s.add(c);
            }
        }
        return s;
    }

    private void move(MoveKind kind) {
        try {
            int n = switch (kind) {
                case TAKE_OVER -> mover.takeOverPeerUsers();
                case HAND_OVER -> mover.handOverOwnUsers();
                case TAKE_BACK -> mover.takeBackOwnUsers();
                case GIVE_BACK -> mover.giveBackPeerUsers();
                case TAKE_ALL -> mover.takeOverPeerUsers() + mover.takeBackOwnUsers();
                case GIVE_ALL -> mover.handOverOwnUsers() + mover.giveBackPeerUsers();
                case RESET_TO_HOME -> mover.resetToHome();
            };
            log.info("{}: users moved ({}): {}", self, kind, n);
            post(new SrmEvent.UsersMoved(kind, n));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception | Error e) {
            // an Error too: a move that dies silently would leave the SRM in a transitional state forever
            log.warn("{}: moving users ({}) failed: {}", self, kind, e.toString());
            post(new SrmEvent.UserMoveFailed(kind, String.valueOf(e.getMessage())));
        }
    }

    private void reschedule(long now) {
        long due = core.nextDeadlineMs();
        if (due == Long.MAX_VALUE || actor.isShutdown()) {
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
            long late = clock.getAsLong() - dueAt;
            if (late >= core.parameters().heartbeatIntervalMs()) {
                // the SRM thread was busy (or the process was not scheduled): heartbeats go out late too
                log.warn("{}: the SRM timer fired {} ms late", self, late);
            }
            handle(new SrmEvent.TimeAdvanced());
        }, due - now, TimeUnit.MILLISECONDS);
    }

    // ------------------------------------------------------------------ inputs from the node

    private void serviceChanged(CriticalService s, boolean running, String detail) {
        String text = s.displayName() + (running ? " is running" : " stopped") + " on " + self
                + (detail.isEmpty() ? "" : " (" + detail + ")");
        log.info("{}: {}", self, text);
        recordEvent(new EventRow(0, clock.getAsLong(), self, "SERVICE_CHANGE", 0, 0, 0, text, "", "", "",
                running ? "CriticalServiceUp" : "CriticalServiceDown"));
        handle(running ? new SrmEvent.CriticalServiceUp(s) : new SrmEvent.CriticalServiceDown(s));
        sendHeartbeat(core.status());
    }

    /** Fault injection on the emulated database; on the SRM thread. */
    public void databaseChanged(boolean up) {
        if (!database.set(up, clock.getAsLong())) {
            return;
        }
        String text = "the database of " + self + (up ? " is up again" : " failed");
        log.info("{}: {}", self, text);
        recordEvent(new EventRow(0, clock.getAsLong(), self, "SERVICE_CHANGE", 0, 0, 0, text, "", "", "",
                up ? "DatabaseUp" : "DatabaseDown"));
        handle(up ? new SrmEvent.DatabaseUp() : new SrmEvent.DatabaseDown());
        sendHeartbeat(core.status());
    }

    // ------------------------------------------------------------------ the peer

    void sendHeartbeat(PeerStatus status) {
        if (stopping) {
            return;
        }
        link.sendHeartbeat(heartbeat(status));
    }

    private HeartbeatMessage heartbeat(PeerStatus status) {
        return HeartbeatMessage.newBuilder()
                .setStatus(Protos.status(status))
                .setReport(reports.selfReport())
                .addAllActions(reports.selfOffers())
                .setConfig(shared)
                .addAllCounters(reports.selfCounters())
                .setClientAddress(presence.clientAddress())
                .setReloginLowerMs(presence.relogin().lower().toMillis())
                .setReloginUpperMs(presence.relogin().upper().toMillis())
                .build();
    }

    /** What this node would tell its peer now (its report, offers, counters). Actor thread. */
    public HeartbeatMessage selfHeartbeat() {
        return heartbeat(core.status());
    }

    /** True when the message is the next one from the peer's current incarnation. */
    private boolean fresh(Envelope e) {
        if (!e.getNode().equals(peerName)) {
            log.warn("{}: ignoring a message from '{}': the peer is '{}'", self, e.getNode(), peerName);
            return false;
        }
        if (!e.getIncarnation().equals(peerIncarnation)) {
            peerIncarnation = e.getIncarnation();
            peerSeq = e.getSeq();
            return true;
        }
        if (e.getSeq() <= peerSeq) {
            return false;
        }
        peerSeq = e.getSeq();
        return true;
    }

    void onHeartbeat(HeartbeatMessage m) {
        long arrived = clock.getAsLong();
        actor.execute(() -> {
            if (stopping || !fresh(m.getEnvelope())) {
                return;
            }
            traceLate(m, arrived);
            SharedConfig theirs = m.getConfig();
            if (theirs.getRevision() > shared.getRevision()) {
                adopt(theirs, "from " + peerName);
            } else if (theirs.getRevision() < shared.getRevision() && !sameShared(theirs.getConfiguration(),
                    shared.getConfiguration())) {
                // the peer has not seen our newer configuration yet: its status would look like a mismatch
                sendHeartbeat(core.status());
                return;
            }
            peerMessage = m;
            presence.onPeerHeartbeat(m);
            handle(new SrmEvent.HeartbeatReceived(Protos.status(m.getStatus())));
            // after the SRM reacted (its gates are set): a fence after a pause may lift now
            presence.fence().peerStatusHeard(m.getEnvelope().getSentAtMs());
        });
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

    void onShutdown(Envelope e, long srmIncarnation) {
        actor.execute(() -> {
            if (!stopping && fresh(e)) {
                log.info("{}: {} announced an orderly shutdown", self, peerName);
                handle(new SrmEvent.PeerShutdownAnnounced(srmIncarnation));
            }
        });
    }

    void onRecovery(Envelope e, String actorName) {
        actor.execute(() -> {
            if (!stopping && fresh(e)) {
                log.info("{}: {} asked for a recovery ({})", self, peerName, actorName);
                handle(new SrmEvent.PeerRecoveryRequested());
            }
        });
    }

    /** The peer's last full message while it is reachable, else empty. Actor thread. */
    public Optional<HeartbeatMessage> peerMessage() {
        return core.peerReachable() ? Optional.ofNullable(peerMessage) : Optional.empty();
    }

    // ------------------------------------------------------------------ shared configuration

    static boolean sameShared(GroupConfiguration a, GroupConfiguration b) {
        return a.getHaEnabled() == b.getHaEnabled()
                && Protos.parameters(a.getParameters()).fingerprint().equals(Protos.parameters(b.getParameters()).fingerprint())
                && a.getGroup().equals(b.getGroup()) && a.getDescription().equals(b.getDescription())
                && a.getUserAssignmentMode() == b.getUserAssignmentMode() && a.getNodesList().equals(b.getNodesList());
    }

    /** Applies a configuration (ours, changed by an admin, or the peer's newer one). Actor thread. */
    public void adopt(SharedConfig next, String from) {
        GroupConfiguration old = shared.getConfiguration();
        GroupConfiguration n = next.getConfiguration();
        shared = next;
        db.putConfig("shared", next.toByteArray());
        SrmParameters np = Protos.parameters(n.getParameters());
        if (!np.equals(core.parameters())) {
            log.info("{}: parameters changed ({}): {}", self, from, np);
            handle(new SrmEvent.ParametersChanged(np));
        }
        if (n.getHaEnabled() != old.getHaEnabled()) {
            log.info("{}: high availability {} ({})", self, n.getHaEnabled() ? "enabled" : "disabled", from);
            handle(new SrmEvent.HaEnabledChanged(n.getHaEnabled()));
        }
        publish();
    }

    /** A new revision of the shared configuration, made here. Actor thread. */
    public void change(GroupConfiguration n) {
        long rev = Math.max(clock.getAsLong(), shared.getRevision() + 1);
        adopt(SharedConfig.newBuilder().setRevision(rev).setConfiguration(n).build(), "admin request on " + self);
        sendHeartbeat(core.status());
    }

    // ------------------------------------------------------------------ status and events

    public void addStatusListener(Consumer<GroupStatus> l) {
        statusListeners.add(l);
    }

    public void removeStatusListener(Consumer<GroupStatus> l) {
        statusListeners.remove(l);
    }

    public void addEventListener(Runnable l) {
        eventListeners.add(l);
    }

    public void removeEventListener(Runnable l) {
        eventListeners.remove(l);
    }

    /** The shared configuration in force (group, nodes, HA flag, parameters, assignment mode). */
    public SharedConfig shared() {
        return shared;
    }

    /** The newest published status (may lag the core by one event). */
    public GroupStatus latest() {
        return latest;
    }

    /** Builds the status now. Actor thread. */
    public GroupStatus buildStatus() {
        return reports.groupStatus();
    }

    /**
     * Publishes the status again from the SRM thread (something outside the core changed). At
     * most one is pending: every replicated batch asks, and one publish per batch kept the SRM
     * thread busy during a login storm while heartbeats waited behind it (issue 10).
     */
    public void republish() {
        if (!republishPending.compareAndSet(false, true)) {
            return;
        }
        try {
            actor.execute(() -> {
                republishPending.set(false);
                publish();
            });
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            // the agent is stopping
        }
    }

    public void publish() {
        GroupStatus s = reports.groupStatus();
        latest = s;
        GroupStatus key = s.toBuilder().clearGeneratedAt().setHeartbeat(HeartbeatHealth.getDefaultInstance()).build();
        if (key.equals(lastPublished)) {
            return;
        }
        lastPublished = key;
        for (Consumer<GroupStatus> l : statusListeners) {
            l.accept(s);
        }
    }

    public long recordEvent(EventRow e) {
        long id = db.appendEvent(e);
        for (Runnable l : eventListeners) {
            l.run();
        }
        return id;
    }

    /** Records an admin action in the audit log and the event history. */
    public void audit(String actor, String action, String target, String result) {
        long now = clock.getAsLong();
        db.audit(now, actor, action, target, result);
        recordEvent(new EventRow(0, now, self, "ADMIN_ACTION", 0, 0, 0, actor + ": " + action + " " + target, "",
                actor, result, action));
    }
}
