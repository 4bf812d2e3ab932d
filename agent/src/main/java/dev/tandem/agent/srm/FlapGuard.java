package dev.tandem.agent.srm;

import dev.tandem.agent.srm.AlertOnce.Condition;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Anti-flapping's one rule: this node's automatic failovers are counted in a sliding window,
 * and once {@link FlapLimits#maxFailovers()} of them fall in it, the automatic fallback is held
 * (said in the node's sentence, one warning alert) until an operator acts: any accepted admin
 * action, a recovery, or a restart of the SRM forgets the count. Holding the fallback also
 * stops the repeated failover: without a fallback the node stays Failed Over, its users served
 * by the peer, so no further automatic failover can follow without an operator.
 */
final class FlapGuard {
    private final NodeSetup setup;
    private final NodeMachine machine;
    private final AlertOnce alerts;
    private final Deque<Long> failovers = new ArrayDeque<>();

    FlapGuard(NodeSetup setup, NodeMachine machine, AlertOnce alerts) {
        this.setup = setup;
        this.machine = machine;
        this.alerts = alerts;
    }

    /** An automatic failover (or automatic recovery) of this node starts now. */
    void failedOver(long now) {
        failovers.addLast(now);
        forgetOld(now);
    }

    /** An operator acted: the count starts afresh. */
    void operatorActed() {
        failovers.clear();
        alerts.cleared(Condition.HELD_BY_FLAPPING);
    }

    /** Failovers in the window now. */
    int recent(long now) {
        forgetOld(now);
        return failovers.size();
    }

    boolean flapping(long now) {
        FlapLimits l = setup.flapLimits();
        return !l.off() && recent(now) >= l.maxFailovers();
    }

    /** True when flapping holds the automatic action {@code what}; the caller then does nothing. */
    boolean holds(String what, long now) {
        if (!flapping(now)) {
            alerts.cleared(Condition.HELD_BY_FLAPPING);
            return false;
        }
        FlapLimits l = setup.flapLimits();
        String sentence = setup.node() + ": " + what + "; " + held(l);
        if (!sentence.equals(machine.sentence())) {
            machine.note(sentence);
        }
        if (alerts.first(Condition.HELD_BY_FLAPPING)) {
            machine.alert(AlertType.FLAPPING, sentence);
        }
        return true;
    }

    static String held(FlapLimits l) {
        return "automatic fallback held: " + l.maxFailovers() + " automatic failovers within "
                + Durations.words(l.windowMs()) + " (flapping); fall back by hand when the cause is fixed";
    }

    private void forgetOld(long now) {
        long window = setup.flapLimits().windowMs();
        while (!failovers.isEmpty() && failovers.peekFirst() <= now - window) {
            failovers.removeFirst();
        }
    }
}
