package dev.tandem.tools.campaign;

import java.util.Random;

/**
 * One fault of a round: what, on which node, when (ms after the round's faults start) and for
 * how long. Drawn from the round's seed, so a seed reproduces the round's plan.
 */
record Fault(Kind kind, String node, long atMs, long forMs, long stepMs) {
    Fault(Kind kind, String node, long atMs, long forMs) {
        this(kind, node, atMs, forMs, 0);
    }

    enum Kind {
        /** SIGKILL, restarted after forMs. */
        KILL,
        /** SIGSTOP, SIGCONT after forMs. */
        PAUSE,
        /**
         * the peer link cut both ways (the relays stop moving bytes, or the veth peer link goes
         * down), healed after forMs.
         */
        PARTITION,
        /** the emulated database fails (admin API), restored after forMs. */
        DATABASE,
        /** a critical service stops (admin API), started again after forMs. */
        SERVICE,
        /** an admin failover starts a move, the node is SIGKILLed in the middle, restarted after forMs. */
        RESTART_IN_MOVE,
        /**
         * the node's wall clock steps by stepMs (the agent's test hook, not the machine's clock),
         * stepped back after forMs. Drawn apart from the others ({@link #drawClock}), so adding it
         * changed no seed's plan of the six kinds above.
         */
        CLOCK
    }

    /** The kinds {@link #draw} picks from (CLOCK has its own draw). */
    private static final Kind[] DRAWN = {Kind.KILL, Kind.PAUSE, Kind.PARTITION, Kind.DATABASE, Kind.SERVICE,
            Kind.RESTART_IN_MOVE};

    /**
     * @param scale multiplies the drawn times (1 = the campaign's; the CI's short campaign uses less).
     *              The draws themselves do not depend on it: a seed names the same faults at any scale.
     */
    static Fault draw(Random rnd, String[] nodes, double scale) {
        Kind k = DRAWN[rnd.nextInt(DRAWN.length)];
        String node = nodes[rnd.nextInt(nodes.length)];
        long at = rnd.nextInt(3000);
        long forMs = switch (k) {
            case KILL, RESTART_IN_MOVE -> 500 + rnd.nextInt(6000);
            case PAUSE, PARTITION -> 500 + rnd.nextInt(12_000);
            case DATABASE, SERVICE -> 500 + rnd.nextInt(8000);
            case CLOCK -> throw new IllegalStateException("CLOCK is drawn by drawClock");
        };
        return new Fault(k, node, Math.round(at * scale), Math.round(forMs * scale));
    }

    /**
     * A wall-clock step of one node in a third of the rounds (null otherwise): back or forward by
     * 1 s to 2 h (the finding was a step back of 4,600 s), at a random time, undone after
     * 0.5 to 12.5 s as an NTP correction would. Uses its own random source, see {@link Kind#CLOCK}.
     */
    static Fault drawClock(Random rnd, String[] nodes, double scale) {
        if (rnd.nextInt(3) != 0) {
            return null;
        }
        String node = nodes[rnd.nextInt(nodes.length)];
        long at = rnd.nextInt(3000);
        long forMs = 500 + rnd.nextInt(12_000);
        long step = (1 + rnd.nextInt(7200)) * 1000L * (rnd.nextBoolean() ? 1 : -1);
        return new Fault(Kind.CLOCK, node, Math.round(at * scale), Math.round(forMs * scale), step);
    }

    @Override
    public String toString() {
        return kind + "(" + node + " at " + atMs + " ms for " + forMs + " ms"
                + (kind == Kind.CLOCK ? ", step " + stepMs / 1000 + " s" : "") + ")";
    }
}
