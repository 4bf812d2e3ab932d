package dev.tandem.agent.whatif;

import dev.tandem.agent.matrix.MatrixMatch;
import dev.tandem.agent.matrix.NodeView;
import dev.tandem.agent.matrix.StateMatrix;
import dev.tandem.agent.srm.AdminAction;
import dev.tandem.agent.srm.CriticalService;
import dev.tandem.agent.srm.Decision;
import dev.tandem.agent.srm.NodeState;
import dev.tandem.agent.srm.PeerStatus;
import dev.tandem.agent.srm.Reason;
import dev.tandem.agent.srm.SrmEvent;
import dev.tandem.agent.srm.SrmParameters;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Two SRM cores wired through a simulated link on one virtual clock: the pair of nodes the
 * guide's matrix talks about. Everything is deterministic and nothing here does I/O: the SRM
 * tests drive it (nodes "n1" and "n2"), and the what-if engine runs a copy of a real pair's
 * state on it ({@link WhatIfEngine}).
 */
public final class VirtualPair {
    final VirtualClock clock = new VirtualClock();
    final VirtualLink link = new VirtualLink();
    private long lastArrival12;
    private long lastArrival21;
    private Runnable observer = () -> { };
    private final java.util.Map<String, Integer> heartbeats = new java.util.HashMap<>();
    private final java.util.Map<String, Integer> homeUsers = new java.util.HashMap<>();

    /** Status messages (heartbeats and changes) delivered to this node so far. */
    public int heartbeatsDeliveredTo(VirtualNode n) {
        return heartbeats.getOrDefault(n.name, 0);
    }
    private final VirtualNode n1;
    private final VirtualNode n2;
    /** As in ServerRecoveryManager: true in tests (an illegal transition throws), false as the agent runs it. */
    final boolean strict;

    public VirtualPair(SrmParameters params) {
        this("n1", "n2", params, true);
    }

    public VirtualPair(String node1, String node2, SrmParameters params, boolean strict) {
        this.strict = strict;
        n1 = new VirtualNode(node1, 1, this, params);
        n2 = new VirtualNode(node2, 2, this, params);
    }

    /** The node of that name, or null. */
    public VirtualNode node(String name) {
        return n1.name.equals(name) ? n1 : n2.name.equals(name) ? n2 : null;
    }

    /** Short timers (test milliseconds): 100 ms interval, 500 ms timeout, 1 s at start, 300 ms service delay. */
    public static SrmParameters shortTimers() {
        return SrmParameters.defaults().withHeartbeat(100, 500, 1_000).withCriticalServiceDownDelay(300)
                .withAutomaticFallback(false, 2_000);
    }

    /** Both nodes started at time 0 and settled in M1. */
    public static VirtualPair healthy(SrmParameters params) {
        VirtualPair h = new VirtualPair(params);
        h.start(h.n1);
        h.start(h.n2);
        h.runUntil(() -> h.settledIn(NodeState.NORMAL), 10_000);
        return h;
    }

    /** Both nodes in {@code s} and each has heard so from the other. */
    public boolean settledIn(NodeState s) {
        return n1.alive() && n2.alive() && n1.srm.state() == s && n2.srm.state() == s
                && n1.srm.peer() != null && n1.srm.peer().state() == s
                && n2.srm.peer() != null && n2.srm.peer().state() == s;
    }

    public VirtualNode n1() {
        return n1;
    }

    public VirtualNode n2() {
        return n2;
    }

    public VirtualLink link() {
        return link;
    }

    public long now() {
        return clock.now();
    }

    public VirtualNode peerOf(VirtualNode n) {
        return n == n1 ? n2 : n1;
    }

    // ------------------------------------------------------------------ driving

    public void start(VirtualNode n) {
        n.start();
    }

    /** The process dies at once: no goodbye to the peer. */
    public void kill(VirtualNode n) {
        n.kill();
    }

    /** An orderly stop: the SRM tells its peer first, then the process ends. */
    public void stopOrderly(VirtualNode n) {
        n.handle(new SrmEvent.ShutdownRequested());
        n.kill();
    }

    public void restart(VirtualNode n) {
        if (n.alive()) {
            n.kill();
        }
        n.start();
    }

    public Decision admin(VirtualNode n, AdminAction a) {
        return admin(n, a, "test-admin");
    }

    public Decision admin(VirtualNode n, AdminAction a, String actor) {
        return n.handle(new SrmEvent.AdminRequest(a, actor));
    }

    /** Users assigned to each node (by name), for the counts moves report; unset, every move reports 100. */
    public void homeUsers(java.util.Map<String, Integer> users) {
        homeUsers.clear();
        homeUsers.putAll(users);
    }

    /** How many users a move that gained these homes reports. */
    int usersOf(java.util.Set<String> homes) {
        return homeUsers.isEmpty() ? 100 : homes.stream().mapToInt(h -> homeUsers.getOrDefault(h, 0)).sum();
    }

    public void serviceDown(VirtualNode n, CriticalService s) {
        n.servicesDown.add(s);
        if (n.alive()) {
            n.handle(new SrmEvent.CriticalServiceDown(s));
        }
    }

    public void serviceUp(VirtualNode n, CriticalService s) {
        n.servicesDown.remove(s);
        if (n.alive()) {
            n.handle(new SrmEvent.CriticalServiceUp(s));
        }
    }

    public void databaseDown(VirtualNode n) {
        n.databaseUp = false;
        if (n.alive()) {
            n.handle(new SrmEvent.DatabaseDown());
        }
    }

    public void databaseUp(VirtualNode n) {
        n.databaseUp = true;
        if (n.alive()) {
            n.handle(new SrmEvent.DatabaseUp());
        }
    }

    public void partition(boolean p) {
        link.partition(p, clock.now());
    }

    void send(VirtualNode from, SrmEvent e) {
        VirtualNode to = peerOf(from);
        if (!link.takesMessage(clock.now())) {
            return;
        }
        // one ordered stream per direction, as a TCP connection is: never overtake
        long at = Math.max(clock.now() + link.delayMs(), from == n1 ? lastArrival12 : lastArrival21);
        if (from == n1) {
            lastArrival12 = at;
        } else {
            lastArrival21 = at;
        }
        clock.at(at, () -> {
            if (link.partitioned()) {
                link.lost(clock.now());
            } else if (to.alive()) {
                if (e instanceof SrmEvent.HeartbeatReceived) {
                    heartbeats.merge(to.name, 1, Integer::sum);
                }
                to.handle(e);
            }
            observer.run();
        });
    }

    /** Runs after every delivered message and every timer, for invariants checked at each step. */
    public void observeEachStep(Runnable check) {
        this.observer = check;
    }

    /** Runs queued work and SRM timers, in time order, up to and including time {@code t}. */
    public void runTo(long t) {
        for (int guard = 0; guard < 1_000_000; guard++) {
            long next = Math.min(clock.nextAt(), Math.min(deadline(n1), deadline(n2)));
            if (next > t) {
                clock.advanceTo(t);
                return;
            }
            if (clock.nextAt() <= next) {
                clock.runNext(next);
            } else {
                clock.advanceTo(next);
                VirtualNode due = deadline(n1) == next ? n1 : n2;
                due.handle(new SrmEvent.TimeAdvanced());
            }
            observer.run();
        }
        throw new IllegalStateException("the pair did not quiesce: an SRM timer keeps firing at the same time");
    }

    public void runFor(long ms) {
        runTo(clock.now() + ms);
    }

    /** Runs until the condition holds, failing after {@code boundMs} of virtual time. */
    public void runUntil(BooleanSupplier condition, long boundMs) {
        long end = clock.now() + boundMs;
        while (!condition.getAsBoolean()) {
            long next = Math.min(clock.nextAt(), Math.min(deadline(n1), deadline(n2)));
            if (next > end) {
                clock.advanceTo(end);
                throw new IllegalStateException("condition not reached within " + boundMs + " ms of virtual time; "
                        + describe());
            }
            runTo(next);
        }
    }

    private static long deadline(VirtualNode n) {
        return n.alive() ? n.srm.nextDeadlineMs() : Long.MAX_VALUE;
    }

    // ------------------------------------------------------------------ observing

    /** The row the pair is in, with dead nodes unreachable ("—"): the ground truth. */
    public Optional<MatrixMatch> row() {
        return StateMatrix.match(truth(n1), truth(n2));
    }

    /** The row as one node's agent reports it: its own state and its view of the peer. */
    public Optional<MatrixMatch> rowSeenBy(VirtualNode n) {
        PeerStatus p = n.srm.peer();
        NodeView peer = p == null ? NodeView.unreachable(peerOf(n).name) : NodeView.of(p.node(), p.state(), p.reason());
        return StateMatrix.match(NodeView.of(n.name, n.srm.state(), n.srm.reason()), peer);
    }

    private static NodeView truth(VirtualNode n) {
        return n.alive() ? NodeView.of(n.name, n.srm.state(), n.srm.reason()) : NodeView.unreachable(n.name);
    }

    public String describe() {
        return "t=" + clock.now() + " n1=" + describe(n1) + " n2=" + describe(n2) + " row="
                + row().map(m -> m.row().id() + "(node1=" + m.node1() + ")").orElse("none");
    }

    private static String describe(VirtualNode n) {
        return n.alive() ? n.srm.state() + "/" + n.srm.reason() + " serving " + n.serving()
                + (n.srm.healthy() ? "" : " unhealthy(down=" + n.srm.servicesDown() + " db=" + n.srm.databaseUp()
                + " stoppedBySrm=" + n.srm.servicesStoppedBySrm() + ")") : "dead";
    }

    public static boolean is(VirtualNode n, NodeState s, Reason r) {
        return n.alive() && n.srm.state() == s && n.srm.reason() == r;
    }
}
