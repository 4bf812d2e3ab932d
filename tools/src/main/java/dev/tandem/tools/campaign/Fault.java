package dev.tandem.tools.campaign;

import java.util.Random;

/**
 * One fault of a round: what, on which node, when (ms after the round's faults start) and for
 * how long. Drawn from the round's seed, so a seed reproduces the round's plan.
 */
record Fault(Kind kind, String node, long atMs, long forMs) {
    enum Kind {
        /** SIGKILL, restarted after forMs. */
        KILL,
        /** SIGSTOP, SIGCONT after forMs. */
        PAUSE,
        /** the peer link cut both ways (TCP relay stops moving bytes), healed after forMs. */
        PARTITION,
        /** the emulated database fails (admin API), restored after forMs. */
        DATABASE,
        /** a critical service stops (admin API), started again after forMs. */
        SERVICE,
        /** an admin failover starts a move, the node is SIGKILLed in the middle, restarted after forMs. */
        RESTART_IN_MOVE
    }

    /**
     * @param scale multiplies the drawn times (1 = the campaign's; the CI's short campaign uses less).
     *              The draws themselves do not depend on it: a seed names the same faults at any scale.
     */
    static Fault draw(Random rnd, String[] nodes, double scale) {
        Kind k = Kind.values()[rnd.nextInt(Kind.values().length)];
        String node = nodes[rnd.nextInt(nodes.length)];
        long at = rnd.nextInt(3000);
        long forMs = switch (k) {
            case KILL, RESTART_IN_MOVE -> 500 + rnd.nextInt(6000);
            case PAUSE, PARTITION -> 500 + rnd.nextInt(12_000);
            case DATABASE, SERVICE -> 500 + rnd.nextInt(8000);
        };
        return new Fault(k, node, Math.round(at * scale), Math.round(forMs * scale));
    }

    @Override
    public String toString() {
        return kind + "(" + node + " at " + atMs + " ms for " + forMs + " ms)";
    }
}
