package dev.tandem.agent.srm;

import static dev.tandem.agent.srm.NodeState.*;

import dev.tandem.agent.srm.SrmCommand.MoveUsers;
import dev.tandem.agent.srm.SrmCommand.PersistState;
import dev.tandem.agent.srm.SrmCommand.RaiseAlert;
import dev.tandem.agent.srm.SrmCommand.SendStatusToPeer;
import dev.tandem.agent.srm.SrmEvent.*;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The Server Recovery Manager of one node: the HA state machine of ha-behaviour.md §2–§7.
 *
 * <p>Pure and deterministic: {@link #handle} takes one event and the current time and returns
 * the transitions and commands it causes. No threads, sockets or clocks; the caller runs the
 * commands and calls {@link #handle} with {@link TimeAdvanced} at {@link #nextDeadlineMs()}.
 *
 * <p>The peers coordinate through their statuses: each change is sent to the peer at once,
 * and each node reacts to the peer's state (node 1 Failing Over makes node 2 Taking Over,
 * and so on), so both walk the matrix rows of §7 together.
 */
public final class ServerRecoveryManager {
    /** States in which a node serves its peer's users. */
    static final Set<NodeState> HOLDS_PEER = EnumSet.of(RUNNING_IN_BACKUP_MODE, TAKING_OVER, BACKUP_ACTIVATED);
    /** States in which a node has given its own users away. */
    static final Set<NodeState> GAVE_AWAY = EnumSet.of(IDLE, FAILED_OVER, FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING,
            FAILING_OVER, FAILOVER_AFFECTED_SERVICES);

    private final String node;
    private final boolean strict;
    private SrmParameters params;
    private boolean haEnabled;

    private boolean started;
    private long incarnation;
    private long now = Long.MIN_VALUE;
    private NodeState state = INITIALIZING;
    private Reason reason = Reason.INITIALIZATION;
    private long sinceMs;
    private String sentence = "not started";

    /** While initializing: the state persisted before the restart (null: fresh start). */
    private NodeState resumeState;
    private NodeState stateBeforeUnknown;
    private String configProblem;

    private final Map<CriticalService, Long> downSince = new EnumMap<>(CriticalService.class);
    private boolean databaseUp = true;
    private boolean servicesStoppedBySrm;
    private boolean startingServices;
    private boolean takeBackIssued;
    private long autoFallbackClockMs = -1;
    private boolean failoverBlockedAlerted;
    private MoveKind releasedWhileFailed;
    /** Whether this node serves (or is taking) its peer's users: told to the peer in every status. */
    private boolean holdsPeerUsers;
    /** Whether this node serves its own users (as far as its own moves say). */
    private boolean holdsOwnUsers = true;
    private boolean ownBeforeAcquire = true;
    private boolean peerBeforeAcquire;
    private boolean lostPeerAlerted;
    private PeerStatus lastSent;

    private PeerStatus peer;
    private long lastHeartbeatMs = -1;
    private long peerWatchStartMs;
    private boolean peerLost;
    private Reason peerLostReason = Reason.PEER_DOWN;
    private long nextHeartbeatMs;

    private List<Transition> transitions;
    private List<SrmCommand> commands;

    /**
     * @param strict true in tests: an illegal transition throws. False in the agent: it is
     *               logged by the caller and the node goes to Running in Failed Mode (M21).
     */
    public ServerRecoveryManager(String node, SrmParameters params, boolean haEnabled, boolean strict) {
        this.node = node;
        this.params = params.validated();
        this.haEnabled = haEnabled;
        this.strict = strict;
    }

    // ------------------------------------------------------------------ queries

    public String node() {
        return node;
    }

    public NodeState state() {
        return state;
    }

    public Reason reason() {
        return reason;
    }

    public long sinceMs() {
        return sinceMs;
    }

    /** The sentence of the last change: what happened and why. */
    public String sentence() {
        return sentence;
    }

    public SrmParameters parameters() {
        return params;
    }

    public boolean haEnabled() {
        return haEnabled;
    }

    /** The peer's last status, or null when it has not been seen or is lost. */
    public PeerStatus peer() {
        return peerLost ? null : peer;
    }

    public boolean peerReachable() {
        return peer != null && !peerLost;
    }

    public long lastHeartbeatMs() {
        return lastHeartbeatMs;
    }

    /**
     * When the SRM will act on a monitored critical service that is down, or -1 when nothing is
     * pending: from Normal an automatic failover, from Running in Backup Mode an automatic
     * recovery, both once the critical-service-down delay (§4) has passed. Consoles show it as
     * a countdown so a pending failover never looks like normal operation.
     */
    public long automaticFailoverAtMs() {
        if (!haEnabled || servicesStoppedBySrm || startingServices || !databaseUp
                || (state != NORMAL && state != RUNNING_IN_BACKUP_MODE)) {
            return -1;
        }
        long at = Long.MAX_VALUE;
        for (Map.Entry<CriticalService, Long> e : downSince.entrySet()) {
            if (e.getKey().isMonitored(params)) {
                at = Math.min(at, e.getValue() + params.criticalServiceDownDelayMs());
            }
        }
        return at == Long.MAX_VALUE ? -1 : at;
    }

    /** Heartbeats the peer should have sent since the last one seen. */
    public long missedHeartbeats(long atMs) {
        long from = lastHeartbeatMs >= 0 ? lastHeartbeatMs : peerWatchStartMs;
        return Math.max(0, (atMs - from) / params.heartbeatIntervalMs());
    }

    /** The heartbeat timeout in force: longer while initializing (§4). */
    public long timeoutInForceMs() {
        return state == INITIALIZING ? params.initializationHeartbeatTimeoutMs() : params.heartbeatTimeoutMs();
    }

    /** Why the peers disagree (M24), or null. */
    public String configProblem() {
        return configProblem;
    }

    public boolean databaseUp() {
        return databaseUp;
    }

    public Set<CriticalService> servicesDown() {
        Set<CriticalService> s = EnumSet.noneOf(CriticalService.class);
        s.addAll(downSince.keySet());
        return s;
    }

    /** Critical services and database up, and not held down on purpose. */
    public boolean healthy() {
        return databaseUp && !servicesStoppedBySrm && monitoredDown().isEmpty();
    }

    public boolean servicesStoppedBySrm() {
        return servicesStoppedBySrm;
    }

    public Optional<String> refusal(AdminAction action) {
        return OfferedActions.refusal(action, node, state, reason, haEnabled, healthy(), peer());
    }

    /** What this node tells its peer now. */
    public PeerStatus status() {
        return new PeerStatus(node, state, reason, haEnabled, params.fingerprint(),
                monitoredDown().isEmpty() && !servicesStoppedBySrm, databaseUp,
                state == INITIALIZING ? resumeState : null, incarnation,
                peer == null ? 0 : peer.incarnation(), holdsPeerUsers);
    }

    /** When the next timer is due; call {@link #handle} with {@link TimeAdvanced} then. */
    public long nextDeadlineMs() {
        if (!started) {
            return Long.MAX_VALUE;
        }
        // everything due at or before now was handled by the last call: only future times count
        long d = after(Long.MAX_VALUE, nextHeartbeatMs);
        if ((haEnabled || state.isTransitional()) && !peerLost) {
            d = after(d, peerDeadlineMs());
        }
        if (haEnabled && !servicesStoppedBySrm) {
            for (Map.Entry<CriticalService, Long> e : downSince.entrySet()) {
                if (e.getKey().isMonitored(params)) {
                    d = after(d, e.getValue() + params.criticalServiceDownDelayMs());
                }
            }
        }
        if (autoFallbackClockMs >= 0) {
            d = after(d, autoFallbackClockMs + params.automaticFallbackDelayMs());
        }
        return d;
    }

    private long after(long best, long candidate) {
        return candidate > now && candidate < best ? candidate : best;
    }

    // ------------------------------------------------------------------ events

    public Decision handle(SrmEvent event, long nowMs) {
        if (started && nowMs < now) {
            throw new IllegalArgumentException("time went backwards: " + nowMs + " < " + now);
        }
        if (!started && !(event instanceof Started)) {
            return Decision.refused("the Server Recovery Manager of " + node + " has not started");
        }
        Optional<String> refusal = check(event);
        if (refusal.isPresent()) {
            return Decision.refused(refusal.get());
        }
        now = nowMs;
        transitions = new ArrayList<>();
        commands = new ArrayList<>();
        NodeState before = state;
        Reason beforeReason = reason;
        dispatch(event);
        settle();
        PeerStatus current = status();
        boolean healthChanged = lastSent == null || current.haEnabled() != lastSent.haEnabled()
                || current.criticalServicesUp() != lastSent.criticalServicesUp()
                || current.databaseUp() != lastSent.databaseUp() || current.servesPeerUsers() != lastSent.servesPeerUsers();
        // the peer decides on our state and health (whether to take over, whether failover is offered): tell it at once
        if (state != before || reason != beforeReason || !transitions.isEmpty() || healthChanged
                || now >= nextHeartbeatMs) {
            commands.add(new SendStatusToPeer(current));
            lastSent = current;
            nextHeartbeatMs = now + params.heartbeatIntervalMs();
        }
        return new Decision(transitions, commands, null);
    }

    /** Refusals come before any change: a refused event leaves everything as it was. */
    private Optional<String> check(SrmEvent event) {
        if (event instanceof Started && started) {
            return Optional.of("the Server Recovery Manager of " + node + " is already running");
        }
        if (event instanceof AdminRequest a) {
            return refusal(a.action());
        }
        if (event instanceof ParametersChanged p) {
            List<String> problems = p.parameters().problems();
            if (!problems.isEmpty()) {
                return Optional.of("invalid parameters: " + String.join("; ", problems));
            }
        }
        return Optional.empty();
    }

    private void dispatch(SrmEvent event) {
        if (event instanceof Started s) {
            incarnation = s.incarnation();
            start(s.persisted());
            holdsOwnUsers = s.servesOwnUsers();
            holdsPeerUsers = s.servesPeerUsers();
        } else if (event instanceof HaEnabledChanged h) {
            haChanged(h.enabled());
        } else if (event instanceof HeartbeatReceived h) {
            heartbeat(h.peer());
        } else if (event instanceof CriticalServiceDown d) {
            serviceDown(d.service());
        } else if (event instanceof CriticalServiceUp u) {
            downSince.remove(u.service());
        } else if (event instanceof DatabaseDown) {
            if (databaseUp && !servicesStoppedBySrm) {
                alert(AlertType.CRITICAL_SERVICE_DOWN, "the database of " + node + " is down");
            }
            databaseUp = false;
        } else if (event instanceof DatabaseUp) {
            databaseUp = true;
        } else if (event instanceof PeerShutdownAnnounced a) {
            // only the peer this SRM currently knows can announce its own going: an announcement
            // from an earlier life of the peer belongs to an older story
            // while initializing, only from a peer that has acknowledged this SRM: a goodbye sent
            // by a peer that never knew this start leaves the decision to the initialization timeout
            boolean known = !peerLost && peer != null && lastHeartbeatMs >= peerWatchStartMs
                    && a.incarnation() == peer.incarnation()
                    && (state != INITIALIZING || peer.peerIncarnationSeen() == incarnation);
            if (known) {
                peerLost = true;
                peerLostReason = state == INITIALIZING ? Reason.PEER_DOWN_DURING_INITIALIZATION : Reason.PEER_REBOOT;
                alert(AlertType.PE_PEER_NODE_FAILURE, "peer of " + node + " announced an orderly shutdown or reboot");
            }
        } else if (event instanceof ShutdownRequested) {
            commands.add(new SrmCommand.AnnounceShutdownToPeer(incarnation));
        } else if (event instanceof AdminRequest a) {
            admin(a);
        } else if (event instanceof PeerRecoveryRequested) {
            if (state == RUNNING_IN_FAILED_MODE || state == UNKNOWN) {
                recover("the peer asked for a recovery", false);
            }
        } else if (event instanceof UsersMoved m) {
            usersMoved(m);
        } else if (event instanceof UserMoveFailed f) {
            moveFailed(f);
        } else if (event instanceof CriticalServicesStarted) {
            startingServices = false;
            servicesStoppedBySrm = false;
            downSince.clear();
        } else if (event instanceof CriticalServicesStartFailed f) {
            startingServices = false;
            if (state == TAKING_BACK) {
                fail(Reason.CRITICAL_SERVICE_START_FAILED, "CriticalServicesStartFailed",
                        "critical services of " + node + " would not start during the takeback (" + f.error()
                                + "); recovery needed");
            }
        } else if (event instanceof ParametersChanged p) {
            params = p.parameters();
        }
        // TimeAdvanced: nothing but the timers, which settle() runs
    }

    private void start(PersistedState persisted) {
        started = true;
        sinceMs = now;
        peerWatchStartMs = now;
        nextHeartbeatMs = now;
        resumeState = persisted == null || persisted.state() == INITIALIZING ? null : persisted.state();
        servicesStoppedBySrm = persisted != null && persisted.servicesStoppedBySrm();
        sentence = resumeState == null
                ? "SRM of " + node + " started; waiting for its peer"
                : "SRM of " + node + " restarted; it was " + resumeState.label() + " ("
                + persisted.reason().label() + ") and resumes from there once its peer is seen";
        transitions.add(new Transition(node, INITIALIZING, Reason.INITIALIZATION, INITIALIZING,
                Reason.INITIALIZATION, "Started", sentence, now));
        if (servicesStoppedBySrm) {
            commands.add(new SrmCommand.StopCriticalServices());
        }
    }

    private void haChanged(boolean enabled) {
        if (enabled == haEnabled) {
            return;
        }
        haEnabled = enabled;
        if (enabled) {
            // enabling HA re-initializes the SRM: it then settles against the peer as after a start
            peerWatchStartMs = now;
            lastHeartbeatMs = -1;
            peerLost = false;
            peer = null;
            if (state == INITIALIZING) {
                incarnation++; // already initializing: just start the handshake again
                nextHeartbeatMs = now;
            } else {
                reinitialize(state, "HaEnabledChanged",
                        "high availability enabled on " + node + "; initializing against its peer");
            }
        }
    }

    private void heartbeat(PeerStatus p) {
        boolean wasLost = peerLost;
        if (peer == null || p.incarnation() != peer.incarnation() || p.state() != peer.state()) {
            nextHeartbeatMs = now; // answer a peer that changed at once: it may wait for our acknowledgement
        }
        peer = p;
        lastHeartbeatMs = now;
        peerLost = false;
        String problem = mismatch(p);
        if (problem != null) {
            configProblem = problem;
            if (state != UNKNOWN) {
                stateBeforeUnknown = state == INITIALIZING ? resumeState : state;
                transition(UNKNOWN, Reason.UNKNOWN, "HeartbeatReceived",
                        "HA is not set up the same on both nodes (" + problem + "); SRM of " + node
                                + " cannot tell its state");
                // the peer's last word on who serves whom may be stale: let go of everything, then
                // take back exactly this node's own users once the peer says it does not hold them
                if (holdsOwnUsers || holdsPeerUsers) {
                    move(MoveKind.GIVE_ALL);
                }
            } else if (!holdsOwnUsers && !p.servesPeerUsers() && !HOLDS_PEER.contains(p.state())
                    && p.state() != INITIALIZING) {
                move(MoveKind.TAKE_BACK); // misconfigured pair: each node serves its own users
            }
            return;
        }
        configProblem = null;
        if (state == UNKNOWN) {
            reinitialize(stateBeforeUnknown, "HeartbeatReceived",
                    "both nodes agree on HA again; SRM of " + node + " initializes against its peer");
            return;
        }
        if (wasLost) {
            failoverBlockedAlerted = false;
            lostPeerAlerted = false;
        }
        reactToPeer(p);
    }

    private String mismatch(PeerStatus p) {
        if (p.haEnabled() != haEnabled) {
            return "high availability is " + (haEnabled ? "enabled" : "disabled") + " on " + node + " but "
                    + (p.haEnabled() ? "enabled" : "disabled") + " on " + p.node();
        }
        if (!p.parametersFingerprint().equals(params.fingerprint())) {
            return "service parameters differ between " + node + " and " + p.node();
        }
        return null;
    }

    private void serviceDown(CriticalService s) {
        if (downSince.containsKey(s)) {
            return;
        }
        downSince.put(s, now);
        if (s.isMonitored(params) && !servicesStoppedBySrm && !startingServices) {
            alert(AlertType.CRITICAL_SERVICE_DOWN, s.displayName() + " went down on " + node
                    + (state == NORMAL && haEnabled
                    ? "; failover starts in " + params.criticalServiceDownDelayMs() / 1000.0 + " s unless it recovers"
                    : ""));
        }
    }

    private void admin(AdminRequest a) {
        String who = a.actor() == null || a.actor().isBlank() ? "an administrator" : a.actor();
        switch (a.action()) {
            case FAILOVER -> {
                servicesStoppedBySrm = true;
                transition(FAILING_OVER, Reason.ON_ADMIN_REQUEST, "AdminRequest(Failover)",
                        who + " asked to fail over " + node + "; stopping its critical services and handing its users to "
                                + peer.node());
                commands.add(new SrmCommand.StopCriticalServices());
                move(MoveKind.HAND_OVER);
                alert(AlertType.SRM_FAILOVER, "manual failover of " + node + " to " + peer.node() + " started by " + who);
            }
            case FALLBACK -> {
                transition(TAKING_BACK, Reason.ON_ADMIN_REQUEST, "AdminRequest(Fallback)",
                        who + " asked to fall back to " + node + "; it starts its critical services and takes its users back");
                beginTakeBack();
            }
            case RECOVERY -> recover(who + " asked for a recovery", true);
        }
    }

    private void usersMoved(UsersMoved m) {
        if (state == TAKING_OVER && (m.kind() == MoveKind.TAKE_OVER || m.kind() == MoveKind.TAKE_ALL)) {
            transition(RUNNING_IN_BACKUP_MODE, reason, "UsersMoved(" + m.kind() + ")",
                    node + " took over " + m.users() + " users and now serves them as well as its own");
        } else if (state == TAKING_BACK && m.kind() == MoveKind.TAKE_BACK) {
            servicesStoppedBySrm = false;
            transition(NORMAL, Reason.NORMAL, "UsersMoved(TAKE_BACK)",
                    node + " took back its " + m.users() + " users; fallback complete");
        }
    }

    private void moveFailed(UserMoveFailed f) {
        if (f.kind().acquires()) {
            // the move's transaction rolled back: the node serves what it served before it
            holdsOwnUsers = ownBeforeAcquire;
            holdsPeerUsers = peerBeforeAcquire;
        }
        switch (state) {
            case TAKING_OVER -> fail(Reason.TAKE_OVER_USERS_FAILED, "UserMoveFailed(" + f.kind() + ")",
                    node + " could not take over its peer's users (" + f.error() + "); recovery needed");
            case TAKING_BACK -> fail(Reason.TAKE_BACK_USERS_FAILED, "UserMoveFailed(" + f.kind() + ")",
                    node + " could not take back its users (" + f.error() + "); recovery needed");
            case BACKUP_ACTIVATED -> {
                alert(AlertType.PE_AUTO_RECOVERY_FAILED, "automatic recovery on " + node + " failed: " + f.error());
                fail(Reason.TAKE_OVER_USERS_FAILED, "UserMoveFailed(" + f.kind() + ")",
                        node + " could not take every user during automatic recovery (" + f.error() + ")");
            }
            default -> alert(AlertType.SRM_FAILED, "moving users (" + f.kind() + ") on " + node + " failed in "
                    + state.label() + ": " + f.error());
        }
    }

    // ------------------------------------------------------------------ reactions to the peer

    private void reactToPeer(PeerStatus p) {
        NodeState ps = p.state();
        switch (state) {
            case INITIALIZING -> { } // settle() resolves initialization
            case NORMAL -> {
                if (ps == FAILING_OVER) {
                    transition(TAKING_OVER, p.reason(), "HeartbeatReceived",
                            p.node() + " is failing over (" + p.reason().label() + "); " + node + " takes over its users");
                    move(MoveKind.TAKE_OVER);
                } else if (HOLDS_PEER.contains(ps)) {
                    splitBrain(p);
                } else if (GAVE_AWAY.contains(ps) && ps != FAILING_OVER) {
                    transition(TAKING_OVER, p.reason(), "HeartbeatReceived",
                            p.node() + " has given its users away (" + ps.label() + ") but nobody serves them; "
                                    + node + " takes them over");
                    move(MoveKind.TAKE_OVER);
                }
            }
            case TAKING_OVER -> {
                if (ps == NORMAL || HOLDS_PEER.contains(ps) || peerFailedUnknown(p)) {
                    splitBrain(p);
                }
            }
            case RUNNING_IN_BACKUP_MODE, BACKUP_ACTIVATED -> {
                if (ps == TAKING_BACK) {
                    Reason r = p.reason() == Reason.INITIALIZATION ? Reason.ON_ADMIN_REQUEST : p.reason();
                    transition(FALLING_BACK, r, "HeartbeatReceived",
                            p.node() + " is taking its users back (" + p.reason().label() + "); " + node
                                    + " hands them back");
                    move(MoveKind.GIVE_BACK);
                } else if (ps == NORMAL || HOLDS_PEER.contains(ps) || peerFailedUnknown(p)) {
                    splitBrain(p);
                }
            }
            case FAILING_OVER -> {
                if (ps == RUNNING_IN_BACKUP_MODE) {
                    toFailedOver(reason, "HeartbeatReceived", p.node() + " now serves the users of " + node);
                } else if (ps == RUNNING_IN_FAILED_MODE) {
                    fail(p.reason(), "HeartbeatReceived", p.node() + " failed while taking over ("
                            + p.reason().label() + "); both nodes need a recovery");
                } else if (ps != NORMAL && ps != TAKING_OVER && ps != INITIALIZING) {
                    fail(reason, "HeartbeatReceived", node + " is failing over but " + p.node() + " is "
                            + ps.label() + " and cannot take its users; both nodes need a recovery");
                }
            }
            case IDLE, FAILED_OVER, FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING -> {
                if (ps == RUNNING_IN_FAILED_MODE) {
                    fail(p.reason(), "HeartbeatReceived", "backup node " + p.node() + " failed ("
                            + p.reason().label() + ") while " + node + " was failed over; nobody serves the users");
                } else if (ps == FAILOVER_AFFECTED_SERVICES) {
                    if (state == FAILED_OVER && healthy()) {
                        transition(BACKUP_ACTIVATED, p.reason(), "HeartbeatReceived",
                                "backup node " + p.node() + " lost its " + autoRecoverCause(p.reason()) + "; " + node
                                        + " takes every user (automatic recovery)");
                        move(MoveKind.TAKE_ALL);
                    } else {
                        alert(AlertType.PE_AUTO_RECOVERY_FAILED, node + " cannot take the users of failed "
                                + p.node() + ": its own critical services are not running");
                        fail(p.reason(), "HeartbeatReceived", "backup node " + p.node() + " failed and " + node
                                + " cannot serve; both nodes need a recovery");
                    }
                }
            }
            case TAKING_BACK -> {
                if (ps == RUNNING_IN_FAILED_MODE) {
                    fail(p.reason(), "HeartbeatReceived", p.node() + " failed (" + p.reason().label()
                            + ") and cannot hand back the users of " + node + "; both nodes need a recovery");
                }
            }
            case FALLING_BACK -> {
                if (ps == NORMAL) {
                    transition(NORMAL, Reason.NORMAL, "HeartbeatReceived",
                            p.node() + " serves its own users again; fallback complete");
                } else if (ps == RUNNING_IN_FAILED_MODE) {
                    fail(p.reason(), "HeartbeatReceived", p.node() + " failed while taking its users back ("
                            + p.reason().label() + "); both nodes need a recovery");
                }
            }
            case RUNNING_IN_FAILED_MODE -> {
                if (ps == RUNNING_IN_FAILED_MODE && p.reason() == Reason.UNKNOWN && reason != Reason.UNKNOWN) {
                    fail(Reason.UNKNOWN, "HeartbeatReceived", p.node() + " restarted while " + node
                            + " was failed; neither can tell the group's state");
                }
                // after a split both may hold the same users: a failed node keeps at most its own,
                // and none when the peer serves them
                MoveKind release = releaseFor(p);
                if (release != null && release != releasedWhileFailed
                        && (releasedWhileFailed == null || release == MoveKind.GIVE_ALL)) {
                    releasedWhileFailed = release;
                    move(release);
                }
            }
            default -> { }
        }
    }

    /** The peer gave up on telling the group's state (a healed split, M21): do the same. */
    private static boolean peerFailedUnknown(PeerStatus p) {
        return p.state() == RUNNING_IN_FAILED_MODE && p.reason() == Reason.UNKNOWN;
    }

    private static String autoRecoverCause(Reason r) {
        return r == Reason.AUTO_RECOVER_DATABASE_FAILURE ? "database" : "critical services";
    }

    private void splitBrain(PeerStatus p) {
        boolean heldPeer = HOLDS_PEER.contains(state);
        fail(Reason.UNKNOWN, "HeartbeatReceived", "both " + node + " (" + state.label() + ") and " + p.node() + " ("
                + p.state().label() + ") claim the same users, most likely after a network split; "
                + node + " keeps only its own users until a recovery");
        if (heldPeer) {
            move(MoveKind.GIVE_BACK);
        }
    }

    // ------------------------------------------------------------------ timers and conditions

    /** Fires due timers and acts on standing conditions until nothing more changes. */
    private void settle() {
        for (int round = 0; round < 8; round++) {
            int before = transitions.size();
            // a transitional state must finish or fail even with HA off, so it too watches the peer
            if ((haEnabled || state.isTransitional()) && !peerLost && now >= peerDeadlineMs()) {
                peerLost = true;
                peerLostReason = state == INITIALIZING ? Reason.PEER_DOWN_DURING_INITIALIZATION : Reason.PEER_DOWN;
                alert(AlertType.PE_PEER_NODE_FAILURE, "no heartbeat from the peer of " + node + " for "
                        + timeoutInForceMs() / 1000.0 + " s");
            }
            if (state == INITIALIZING) {
                initialize();
            } else {
                if (haEnabled) { // automatic behaviour needs HA; finishing a transition does not
                    ownHealth();
                    automaticFallback();
                }
                if (peerLost && (haEnabled || state.isTransitional())) {
                    peerGone();
                }
                takeBackWhenReady();
            }
            if (transitions.size() == before) {
                return;
            }
        }
    }

    private long peerDeadlineMs() {
        long from = Math.max(peerWatchStartMs, lastHeartbeatMs);
        return from + timeoutInForceMs();
    }

    private void initialize() {
        if (!haEnabled && peerLost) {
            // without HA a node never takes over; alone, it serves just its own users
            transition(NORMAL, Reason.NORMAL, "Initialization", "SRM of " + node
                    + " runs with high availability disabled and no peer answered; it serves its own users");
            move(MoveKind.RESET_TO_HOME);
            return;
        }
        if (startingServices && !peerLost) {
            return; // after a recovery: settle only once the critical services run again
        }
        Initialization.Outcome o;
        if (peerLost) {
            o = Initialization.alone(node, resumeState, healthy());
        } else if (peer != null && lastHeartbeatMs >= peerWatchStartMs && peer.peerIncarnationSeen() == incarnation) {
            o = Initialization.withPeer(node, resumeState, healthy(), servicesStoppedBySrm, peer);
        } else {
            return;
        }
        if (o == null) {
            return;
        }
        if (o.state() == RUNNING_IN_FAILED_MODE) {
            fail(o.reason(), "Initialization", o.sentence());
        } else {
            transition(o.state(), o.reason(), "Initialization", o.sentence());
        }
        if (o.state() == IDLE) {
            servicesStoppedBySrm = true;
            commands.add(new SrmCommand.StopCriticalServices());
        }
        // a state that awaits its move's result always gets it; others skip a move that changes nothing
        if (o.move() != null && (o.state() == TAKING_OVER || !alreadyTrue(o.move()))) {
            move(o.move());
        }
        if (o.state() == TAKING_BACK) {
            beginTakeBack();
        }
    }

    /** The node's own critical services and database (§4 delay, §6 automatic recovery). */
    private void ownHealth() {
        Reason failure = ownFailure();
        if (state == FAILED_OVER && !healthy()) {
            transition(FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING,
                    databaseUp ? Reason.CRITICAL_SERVICES_DOWN : Reason.DATABASE_FAILURE, "HealthChanged",
                    (databaseUp ? "critical services " + downNames() : "the database") + " of " + node
                            + " stopped while it is failed over");
            return;
        }
        if (state == FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING && healthy()) {
            transition(FAILED_OVER, reason, "HealthChanged",
                    "the critical services and database of " + node + " run again; fall back when ready");
            return;
        }
        if (failure == null) {
            failoverBlockedAlerted = false;
            return;
        }
        String what = failure == Reason.DATABASE_FAILURE ? "its database is down"
                : "critical services " + downNames() + " stayed down for " + params.criticalServiceDownDelayMs() / 1000.0 + " s";
        switch (state) {
            case NORMAL -> {
                PeerStatus p = peer();
                if (p != null && p.state() == NORMAL && p.criticalServicesUp() && p.databaseUp()) {
                    transition(FAILING_OVER, failure, "HealthChanged",
                            "on " + node + " " + what + "; failing over to " + p.node());
                    move(MoveKind.HAND_OVER);
                    alert(AlertType.SRM_FAILOVER, "automatic failover of " + node + " to " + p.node() + ": " + what);
                } else if (p != null && p.state() == NORMAL) {
                    fail(failure, "HealthChanged", "on " + node + " " + what + " and " + p.node()
                            + " is not healthy either; no node can serve");
                } else if (!failoverBlockedAlerted) {
                    failoverBlockedAlerted = true;
                    alert(AlertType.SRM_FAILED, "on " + node + " " + what + " but its peer cannot take over ("
                            + (p == null ? "unreachable" : p.state().label()) + ")");
                }
            }
            case RUNNING_IN_BACKUP_MODE -> {
                PeerStatus p = peer();
                Reason auto = failure == Reason.DATABASE_FAILURE ? Reason.AUTO_RECOVER_DATABASE_FAILURE
                        : Reason.AUTO_RECOVER_CRITICAL_SERVICE_DOWN;
                if (p != null && p.state() == FAILED_OVER && p.criticalServicesUp() && p.databaseUp()) {
                    transition(FAILOVER_AFFECTED_SERVICES, auto, "HealthChanged",
                            "backup node " + node + ": " + what + "; " + p.node()
                                    + " takes every user (automatic recovery)");
                    move(MoveKind.GIVE_ALL);
                    alert(AlertType.SRM_FAILOVER, "automatic recovery: " + p.node() + " takes every user from " + node);
                } else {
                    fail(failure, "HealthChanged", "backup node " + node + ": " + what
                            + ", and its peer cannot serve; both nodes need a recovery");
                }
            }
            case TAKING_OVER, TAKING_BACK, BACKUP_ACTIVATED -> fail(failure, "HealthChanged",
                    node + ": " + what + " while serving its peer's users");
            default -> { }
        }
    }

    /** DATABASE_FAILURE at once; CRITICAL_SERVICES_DOWN once a service stayed down past the delay. */
    private Reason ownFailure() {
        if (!databaseUp) {
            return Reason.DATABASE_FAILURE;
        }
        if (servicesStoppedBySrm || startingServices) {
            return null;
        }
        for (Map.Entry<CriticalService, Long> e : downSince.entrySet()) {
            if (e.getKey().isMonitored(params) && now - e.getValue() >= params.criticalServiceDownDelayMs()) {
                return Reason.CRITICAL_SERVICES_DOWN;
            }
        }
        return null;
    }

    /** "Cisco Sync Agent, Cisco XCP Router": the names an operator knows, not enum ids. */
    private String downNames() {
        return String.join(", ", monitoredDown().stream().map(CriticalService::displayName).toList());
    }

    private Set<CriticalService> monitoredDown() {
        Set<CriticalService> s = EnumSet.noneOf(CriticalService.class);
        for (CriticalService c : downSince.keySet()) {
            if (c.isMonitored(params)) {
                s.add(c);
            }
        }
        return s;
    }

    /** The peer's heartbeat timed out, or it announced a shutdown. */
    private void peerGone() {
        String why = peerLostReason == Reason.PEER_REBOOT ? "its peer is shutting down or rebooting"
                : "no heartbeat from its peer for " + timeoutInForceMs() / 1000.0 + " s";
        switch (state) {
            case NORMAL, FALLING_BACK -> {
                transition(TAKING_OVER, peerLostReason, "PeerLost", node + ": " + why + "; taking over the peer's users");
                move(MoveKind.TAKE_OVER);
                alert(AlertType.SRM_FAILOVER, "automatic failover to " + node + ": " + why);
            }
            case FAILING_OVER -> fail(Reason.PEER_DOWN, "PeerLost", node + ": " + why
                    + " while it was failing over; nobody took its users");
            case IDLE, FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING -> {
                if (!lostPeerAlerted) {
                    lostPeerAlerted = true;
                    alert(AlertType.PE_AUTO_RECOVERY_FAILED, node + ": " + why + " while " + node + " is "
                            + state.label() + "; nobody serves the users"
                            + (state == IDLE ? ": fall back to " + node : ": start its critical services"));
                }
            }
            case FAILED_OVER -> {
                if (healthy()) {
                    transition(BACKUP_ACTIVATED, peerLostReason, "PeerLost",
                            node + ": " + why + " while failed over; it takes every user");
                    move(MoveKind.TAKE_ALL);
                    alert(AlertType.SRM_FAILOVER, node + " takes every user: " + why);
                }
            }
            default -> { }
        }
    }

    private void automaticFallback() {
        PeerStatus p = peer();
        boolean due = params.automaticFallbackEnabled() && healthy() && p != null
                && ((state == FAILED_OVER && p.state() == RUNNING_IN_BACKUP_MODE)
                || (state == FAILOVER_AFFECTED_SERVICES && p.state() == BACKUP_ACTIVATED));
        if (!due) {
            autoFallbackClockMs = -1;
            return;
        }
        if (autoFallbackClockMs < 0) {
            autoFallbackClockMs = now;
        }
        if (now - autoFallbackClockMs >= params.automaticFallbackDelayMs()) {
            autoFallbackClockMs = -1;
            transition(TAKING_BACK, Reason.AUTOMATIC_FALLBACK, "AutomaticFallback",
                    node + " has been healthy for " + params.automaticFallbackDelayMs() / 60_000.0
                            + " min; taking its users back automatically");
            beginTakeBack();
        }
    }

    private void beginTakeBack() {
        takeBackIssued = false;
        if (servicesStoppedBySrm || !monitoredDown().isEmpty()) {
            startingServices = true;
            commands.add(new SrmCommand.StartCriticalServices());
        }
        takeBackWhenReady();
    }

    /** The home node takes its users back once its services run and the backup let them go. */
    private void takeBackWhenReady() {
        if (state != TAKING_BACK || takeBackIssued || startingServices || !healthy()) {
            return;
        }
        PeerStatus p = peer();
        // an initializing peer may be about to take these users over: wait until it settles
        boolean released = p == null || p.state() == FALLING_BACK || p.state() == NORMAL
                || GAVE_AWAY.contains(p.state());
        if (released) {
            takeBackIssued = true;
            move(MoveKind.TAKE_BACK);
        }
    }

    private void recover(String why, boolean initiator) {
        PeerStatus lastKnown = peerLost ? null : peer;
        if (initiator) {
            commands.add(new SrmCommand.RequestPeerRecovery());
        }
        peer = null;
        peerLost = false;
        lastHeartbeatMs = -1;
        peerWatchStartMs = now;
        servicesStoppedBySrm = false;
        reinitialize(NORMAL, "Recovery", why + "; SRM of " + node + " restarts and its users return home");
        if (!monitoredDown().isEmpty()) {
            startingServices = true;
            commands.add(new SrmCommand.StartCriticalServices());
        }
        // let go first; the node takes its own users back only once it settles against its peer
        MoveKind release = releaseFor(lastKnown);
        if (release != null) {
            move(release);
        }
    }

    private void reinitialize(NodeState resume, String trigger, String why) {
        resumeState = resume;
        incarnation++; // statuses the peer sent before this point no longer count
        nextHeartbeatMs = now;
        transition(INITIALIZING, Reason.INITIALIZATION, trigger, why);
    }

    // ------------------------------------------------------------------ changes

    private void toFailedOver(Reason r, String trigger, String why) {
        if (servicesStoppedBySrm && r == Reason.ON_ADMIN_REQUEST) {
            transition(IDLE, r, trigger, why + "; " + node + " is idle with its critical services stopped");
        } else if (healthy()) {
            transition(FAILED_OVER, r, trigger, why + "; " + node + " is failed over with its services up");
        } else {
            transition(FAILED_OVER_WITH_CRITICAL_SERVICES_NOT_RUNNING, r, trigger,
                    why + "; " + node + " is failed over and its critical services or database are down");
        }
    }

    private void fail(Reason r, String trigger, String why) {
        transition(RUNNING_IN_FAILED_MODE, r, trigger, why);
        alert(AlertType.SRM_FAILED, node + " is running in failed mode: " + why);
    }

    private void move(MoveKind k) {
        commands.add(new MoveUsers(k));
        if (k.acquires()) {
            ownBeforeAcquire = holdsOwnUsers;
            peerBeforeAcquire = holdsPeerUsers;
        }
        switch (k) {
            case TAKE_OVER -> holdsPeerUsers = true;
            case TAKE_ALL -> {
                holdsPeerUsers = true;
                holdsOwnUsers = true;
            }
            case GIVE_BACK -> holdsPeerUsers = false;
            case GIVE_ALL -> {
                holdsPeerUsers = false;
                holdsOwnUsers = false;
            }
            case RESET_TO_HOME -> {
                holdsPeerUsers = false;
                holdsOwnUsers = true;
            }
            case TAKE_BACK -> holdsOwnUsers = true;
            case HAND_OVER -> holdsOwnUsers = false;
        }
    }

    /** Whether this node already serves what the move would leave it serving. */
    private boolean alreadyTrue(MoveKind k) {
        return switch (k) {
            case TAKE_OVER -> holdsPeerUsers;
            case HAND_OVER -> !holdsOwnUsers;
            case TAKE_BACK -> holdsOwnUsers;
            case GIVE_BACK -> !holdsPeerUsers;
            case TAKE_ALL -> holdsOwnUsers && holdsPeerUsers;
            case GIVE_ALL -> !holdsOwnUsers && !holdsPeerUsers;
            case RESET_TO_HOME -> holdsOwnUsers && !holdsPeerUsers;
        };
    }

    /**
     * What a node that cannot tell the group's state (failed, Unknown, recovering) must let go
     * of so no user is served twice: everything when the peer serves this node's users, the
     * peer's users when the peer serves its own, else nothing (null).
     */
    private MoveKind releaseFor(PeerStatus p) {
        if (p == null) {
            return holdsPeerUsers ? MoveKind.GIVE_BACK : null;
        }
        if (p.servesPeerUsers() || HOLDS_PEER.contains(p.state())) {
            return MoveKind.GIVE_ALL;
        }
        boolean peerServesOwn = !GAVE_AWAY.contains(p.state()) && p.state() != INITIALIZING;
        return peerServesOwn && holdsPeerUsers ? MoveKind.GIVE_BACK : null;
    }

    private void alert(AlertType type, String text) {
        commands.add(new RaiseAlert(type, text));
    }

    private void transition(NodeState to, Reason r, String trigger, String why) {
        if (!Transitions.isAllowed(state, to)) {
            IllegalTransitionException e = new IllegalTransitionException(state, to, trigger);
            if (strict || to == RUNNING_IN_FAILED_MODE) {
                throw e;
            }
            to = RUNNING_IN_FAILED_MODE;
            r = Reason.UNKNOWN;
            why = "internal error (" + e.getMessage() + "); recovery needed";
        }
        Transition t = new Transition(node, state, reason, to, r, trigger, why, now);
        transitions.add(t);
        state = to;
        reason = r;
        sinceMs = now;
        sentence = why;
        if (to != TAKING_BACK) {
            takeBackIssued = false;
        }
        releasedWhileFailed = null;
        if (to == UNKNOWN) {
            // Unknown says the peers disagree on configuration, not where users are: a restart
            // resumes the state before it, or both would wait on each other forever
            NodeState before = stateBeforeUnknown == null ? NORMAL : stateBeforeUnknown;
            commands.add(new PersistState(before, r, now, servicesStoppedBySrm));
        } else if (to != INITIALIZING) {
            // never persist Initializing: a crash during it must resume from the older state
            commands.add(new PersistState(to, r, now, servicesStoppedBySrm));
        }
    }
}
