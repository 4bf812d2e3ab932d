package dev.tandem.agent.srm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.agent.matrix.MatrixMatch;
import dev.tandem.agent.whatif.VirtualPair;
import dev.tandem.agent.whatif.VirtualNode;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * No blank guidance (issue 11): random histories of faults, restarts, partitions and admin
 * requests (the {@link SrmProperties} generator), then no new faults until the pair is quiescent;
 * every pair the agents rest in has a matrix row (M1-M24) or an extension row (X1..Xn) with a
 * cause and recommended steps, both as the truth has it and as each live agent reports it. Both
 * nodes dead is left out: no agent is left to report anything.
 */
class NoBlankGuidanceProperties {
    @Property(tries = 1000, seed = "20261202")
    void everySettledPairHasARow(@ForAll("histories") List<SrmProperties.Step> steps, @ForAll boolean automaticFallback) {
        SrmParameters params = VirtualPair.shortTimers().withAutomaticFallback(automaticFallback, 2_000);
        VirtualPair h = VirtualPair.healthy(params);
        for (SrmProperties.Step s : steps) {
            SrmProperties.applyStep(h, s);
        }
        h.partition(false);
        h.link().setDelayMs(2);
        for (VirtualNode n : List.of(h.n1(), h.n2())) {
            n.failNextMove(null);
            n.releaseHeldMoves();
        }
        long bound = 4 * params.initializationHeartbeatTimeoutMs() + 4 * params.criticalServiceDownDelayMs();
        // quiescent: settled, and no change while every timer (peer timeout, service delay, fallback) could fire
        long window = params.heartbeatTimeoutMs() + params.criticalServiceDownDelayMs() + 2_000 + 3 * params.heartbeatIntervalMs();
        String before = "";
        for (int i = 0; i < 20; i++) {
            h.runUntil(() -> settled(h.n1()) && settled(h.n2()), bound);
            String now = describe(h.n1()) + " | " + describe(h.n2());
            if (now.equals(before)) {
                break;
            }
            before = now;
            h.runFor(window);
        }
        if (!h.n1().alive() && !h.n2().alive()) {
            return; // no agent is left to report a pair
        }
        Optional<MatrixMatch> row = h.row();
        assertThat(row).as("the settled pair %s | %s after %s", describe(h.n1()), describe(h.n2()), steps).isPresent();
        assertThat(row.get().row().cause()).isNotBlank();
        // only M1 (both Normal) has nothing to do
        assertThat(row.get().row().id().equals("M1") || !row.get().row().actions().isEmpty())
                .as("%s has recommended steps", row.get().row().id()).isTrue();
        // as each agent reports it (its own state, its view of the peer): also a row
        for (VirtualNode n : List.of(h.n1(), h.n2())) {
            if (n.alive()) {
                assertThat(h.rowSeenBy(n)).as("the pair as %s reports it", n.name()).isPresent();
            }
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<List<SrmProperties.Step>> histories() {
        return new SrmProperties().histories();
    }

    static String describe(VirtualNode n) {
        return n.alive() ? n.srm().state().label() + " / " + n.srm().reason().label() : "(down)";
    }

    static boolean settled(VirtualNode n) {
        return !n.alive() || !n.srm().state().isTransitional();
    }
}
