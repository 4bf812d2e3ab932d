package dev.tandem.agent.srm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.whatif.VirtualPair;
import dev.tandem.agent.whatif.VirtualNode;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random histories of faults, restarts and admin requests on a pair (virtual clock, short
 * timers, strict SRMs that throw on any illegal transition). Checks after every step:
 * the machine never throws and stays in S1–S14; a refused action changes nothing; while
 * the link is up, no new double-serving of a node's users begins. At the end, with no new
 * faults, every transitional state settles within a bound.
 */
class SrmProperties {

    /** One thing that can happen to the pair. */
    sealed interface Step {}

    record Advance(long ms) implements Step {}

    record Kill(int node) implements Step {}

    record Restart(int node) implements Step {}

    record StopOrderly(int node) implements Step {}

    record Partition(boolean on) implements Step {}

    record DropNext(int messages) implements Step {}

    record LinkDelay(long ms) implements Step {}

    record ServiceDown(int node, CriticalService service) implements Step {}

    record ServiceUp(int node, CriticalService service) implements Step {}

    record Database(int node, boolean up) implements Step {}

    record Admin(int node, AdminAction action) implements Step {}

    record FailNextMove(int node, MoveKind kind) implements Step {}

    record FailNextStart(int node) implements Step {}

    record HoldMoves(int node, boolean hold) implements Step {}

    /** The node's database is deleted and the node restarted (issue 11: its store is behind until a resync). */
    record WipeStore(int node) implements Step {}

    @Provide
    Arbitrary<List<Step>> histories() {
        Arbitrary<Integer> node = Arbitraries.integers().between(1, 2);
        Arbitrary<CriticalService> service = Arbitraries.of(CriticalService.CLIENT_PROFILE_AGENT,
                CriticalService.XCP_ROUTER, CriticalService.PRESENCE_ENGINE, CriticalService.XCP_AUTHENTICATION);
        Arbitrary<Step> step = Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.longs().between(1, 3_000).map(Advance::new)),
                Tuple.of(1, node.map(Kill::new)),
                Tuple.of(2, node.map(Restart::new)),
                Tuple.of(1, node.map(StopOrderly::new)),
                Tuple.of(1, Arbitraries.of(true, false).map(Partition::new)),
                Tuple.of(1, Arbitraries.integers().between(1, 5).map(DropNext::new)),
                Tuple.of(1, Arbitraries.longs().between(0, 60).map(LinkDelay::new)),
                Tuple.of(2, Combinators.combine(node, service).as(ServiceDown::new)),
                Tuple.of(2, Combinators.combine(node, service).as(ServiceUp::new)),
                Tuple.of(2, Combinators.combine(node, Arbitraries.of(true, false)).as(Database::new)),
                Tuple.of(6, Combinators.combine(node, Arbitraries.of(AdminAction.class)).as(Admin::new)),
                Tuple.of(1, Combinators.combine(node, Arbitraries.of(MoveKind.TAKE_OVER, MoveKind.TAKE_BACK,
                        MoveKind.TAKE_ALL)).as(FailNextMove::new)),
                Tuple.of(1, node.map(FailNextStart::new)),
                Tuple.of(1, Combinators.combine(node, Arbitraries.of(true, false)).as(HoldMoves::new)),
                Tuple.of(1, node.map(WipeStore::new)));
        return step.list().ofMinSize(5).ofMaxSize(40);
    }

    @Property(tries = 1000, seed = "20261125")
    void randomHistoriesKeepTheInvariants(@ForAll("histories") List<Step> steps,
                                          @ForAll boolean automaticFallback) {
        SrmParameters params = VirtualPair.shortTimers().withAutomaticFallback(automaticFallback, 2_000);
        VirtualPair h = VirtualPair.healthy(params);
        DoubleServing watch = new DoubleServing(h, params.initializationHeartbeatTimeoutMs());
        h.observeEachStep(watch::check);
        for (Step s : steps) {
            apply(h, s);
            watch.check();
        }
        // no new faults from here on: the link heals, held moves finish, dead nodes stay dead
        h.partition(false);
        h.link().setDelayMs(2);
        for (VirtualNode n : List.of(h.n1(), h.n2())) {
            n.failNextMove(null);
            n.releaseHeldMoves();
        }
        long bound = 4 * params.initializationHeartbeatTimeoutMs() + 4 * params.criticalServiceDownDelayMs();
        h.runUntil(() -> settled(h.n1()) && settled(h.n2()), bound);
    }

    private static boolean settled(VirtualNode n) {
        return !n.alive() || !n.srm().state().isTransitional();
    }

    private static VirtualNode wiped(VirtualNode n) {
        n.wipeStore();
        return n;
    }

    private static VirtualNode node(VirtualPair h, int i) {
        return i == 1 ? h.n1() : h.n2();
    }

    /** One step of a history (also for the no-blank-guidance property). */
    static void applyStep(VirtualPair h, Step s) {
        apply(h, s);
    }

    private static void apply(VirtualPair h, Step s) {
        if (s instanceof Advance a) {
            h.runFor(a.ms());
        } else if (s instanceof Kill k) {
            if (node(h, k.node()).alive()) {
                h.kill(node(h, k.node()));
            }
        } else if (s instanceof Restart r) {
            h.restart(node(h, r.node()));
        } else if (s instanceof StopOrderly o) {
            if (node(h, o.node()).alive()) {
                h.stopOrderly(node(h, o.node()));
            }
        } else if (s instanceof Partition p) {
            h.partition(p.on());
        } else if (s instanceof DropNext d) {
            h.link().dropNext(d.messages());
        } else if (s instanceof LinkDelay d) {
            h.link().setDelayMs(d.ms());
        } else if (s instanceof ServiceDown d) {
            h.serviceDown(node(h, d.node()), d.service());
        } else if (s instanceof ServiceUp u) {
            h.serviceUp(node(h, u.node()), u.service());
        } else if (s instanceof Database d) {
            if (d.up()) {
                h.databaseUp(node(h, d.node()));
            } else {
                h.databaseDown(node(h, d.node()));
            }
        } else if (s instanceof Admin a) {
            adminRequest(h, node(h, a.node()), a.action());
        } else if (s instanceof FailNextMove f) {
            node(h, f.node()).failNextMove(f.kind());
        } else if (s instanceof FailNextStart f) {
            node(h, f.node()).failNextServiceStart();
        } else if (s instanceof WipeStore w) {
            h.restart(wiped(node(h, w.node())));
        } else if (s instanceof HoldMoves m) {
            if (m.hold()) {
                node(h, m.node()).holdMoves(true);
            } else {
                node(h, m.node()).releaseHeldMoves();
            }
        }
    }

    /** A refused request must leave state, reason and time of change exactly as they were. */
    private static void adminRequest(VirtualPair h, VirtualNode n, AdminAction action) {
        if (!n.alive()) {
            return;
        }
        ServerRecoveryManager srm = n.srm();
        NodeState state = srm.state();
        Reason reason = srm.reason();
        long since = srm.sinceMs();
        PeerStatus status = srm.status();
        Decision d = h.admin(n, action);
        assertThat(srm.state()).isNotNull();
        if (d.isRefused()) {
            assertThat(d.refusal()).isNotBlank();
            assertThat(d.commands()).isEmpty();
            assertThat(srm.state()).isEqualTo(state);
            assertThat(srm.reason()).isEqualTo(reason);
            assertThat(srm.sinceMs()).isEqualTo(since);
            assertThat(srm.status()).isEqualTo(status);
        }
    }

    /**
     * Two nodes serving the same home's users at once may only begin while the link is
     * down (a network split); while the link is up it is a defect.
     */
    static final class DoubleServing {
        private final VirtualPair h;
        private final long lossWindowMs;
        private final java.util.Map<String, Boolean> overlapping = new java.util.HashMap<>();

        /**
         * @param lossWindowMs lost heartbeats count as a network fault for this long: the
         *                     longest timeout after which a loss makes a node take over
         */
        DoubleServing(VirtualPair h, long lossWindowMs) {
            this.h = h;
            this.lossWindowMs = lossWindowMs;
        }

        private boolean linkUp() {
            return !h.link().partitioned() && h.now() - h.link().lastLossMs() > lossWindowMs;
        }

        void check() {
            for (VirtualNode n : List.of(h.n1(), h.n2())) {
                if (n.alive()) {
                    assertThat(n.srm().state()).isIn((Object[]) NodeState.values());
                    assertThat(n.srm().reason()).isNotNull();
                }
            }
            for (String home : Set.of("n1", "n2")) {
                boolean both = serves(h.n1(), home) && serves(h.n2(), home);
                boolean was = overlapping.getOrDefault(home, false);
                if (both && !was && linkUp()) {
                    throw new AssertionError("both nodes began serving " + home + "'s users while the link was up; "
                            + h.describe());
                }
                overlapping.put(home, both);
            }
        }

        /** An initializing SRM has not let its node serve yet. */
        private static boolean serves(VirtualNode n, String home) {
            return n.alive() && n.srm().state() != NodeState.INITIALIZING && n.serving().contains(home);
        }
    }
}
