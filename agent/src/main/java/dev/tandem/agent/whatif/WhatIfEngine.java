package dev.tandem.agent.whatif;

import dev.tandem.agent.matrix.StateMatrix;
import dev.tandem.agent.srm.MoveKind;
import dev.tandem.agent.srm.Transition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What-if (issue 15): runs the pure SRM cores of both nodes on a copy of a pair
 * ({@link WhatIfStart}) on a virtual clock, injects the faults at their virtual times, and
 * reports the transitions, the rows reached, the users that would move and the recommended
 * action. Pure: it touches no real node, runs no command, stores nothing.
 */
public final class WhatIfEngine {
    public static final int MAX_FAULTS = 100;
    public static final long MAX_HORIZON_MS = 24 * 3_600_000L;
    /** Bounds the work of one run (about a second of CPU at 100 ms heartbeats): the horizon spans at most this many heartbeat intervals. */
    public static final long MAX_INTERVALS = 20_000;
    /** With no horizon given: the last fault plus this. */
    public static final long DEFAULT_TAIL_MS = 600_000;
    private static final long CHUNK_MS = 600_000;

    private WhatIfEngine() {
    }

    /**
     * @param horizonMs how long to run after the start; 0 = the last fault plus 10 minutes
     * @throws IllegalArgumentException with a sentence when the request cannot be run (then nothing ran)
     */
    public static WhatIfOutcome run(WhatIfStart start, List<WhatIfFault> faults, long horizonMs) {
        long horizon = validate(start, faults, horizonMs);
        WhatIfCopy copy = WhatIfCopy.of(start);
        VirtualPair pair = copy.pair;
        long origin = pair.now();
        int[] stepMark = {pair.n1().transitions().size(), pair.n2().transitions().size()};
        int[] moveMark = {pair.n1().moves().size(), pair.n2().moves().size()};
        RowTrail trail = new RowTrail(pair, start.reporter(), origin);
        trail.look();
        String startRow = trail.currentRow();
        List<String> notes = new ArrayList<>(copy.notes);
        List<WhatIfFault> ordered = faults.stream().sorted(Comparator.comparingLong(WhatIfFault::atMs)).toList();
        for (WhatIfFault f : ordered) {
            pair.clock.at(origin + f.atMs(), () -> WhatIfFaults.apply(pair, f)
                    .ifPresent(n -> notes.add("at " + WhatIfSummary.time(f.atMs()) + ": " + n)));
        }
        pair.observeEachStep(trail::look);
        long end = origin + horizon;
        while (pair.now() < end) {
            pair.runTo(Math.min(end, pair.now() + CHUNK_MS));
        }
        trail.look();
        List<WhatIfOutcome.Step> steps = steps(pair, stepMark, origin);
        List<WhatIfOutcome.UsersMoved> moves = moves(pair, moveMark, start);
        String finalRow = trail.currentRow();
        List<String> actions = finalRow.isEmpty() ? List.of() : StateMatrix.row(finalRow).actions();
        String summary = WhatIfSummary.sentence(ordered, startRow, finalRow, steps, moves);
        return new WhatIfOutcome(startRow, steps, trail.rows(), finalRow, actions, moves, notes, summary);
    }

    private static long validate(WhatIfStart start, List<WhatIfFault> faults, long horizonMs) {
        if (faults.isEmpty()) {
            throw new IllegalArgumentException("give at least one fault to simulate");
        }
        if (faults.size() > MAX_FAULTS) {
            throw new IllegalArgumentException(faults.size() + " faults; at most " + MAX_FAULTS + " per run");
        }
        if (horizonMs < 0 || horizonMs > MAX_HORIZON_MS) {
            throw new IllegalArgumentException("horizon " + horizonMs + " ms; allowed 0 (the last fault plus 10 minutes)"
                    + " up to " + MAX_HORIZON_MS + " ms (24 h)");
        }
        long last = 0;
        for (WhatIfFault f : faults) {
            if (f.node() != null && start.node(f.node()) == null) {
                throw new IllegalArgumentException("fault " + f.kind() + " names node " + f.node()
                        + ", not one of the pair: " + start.node1().name() + ", " + start.node2().name());
            }
            if (horizonMs > 0 && f.atMs() > horizonMs) {
                throw new IllegalArgumentException("fault " + f.kind() + " at " + f.atMs() + " ms is beyond the horizon of "
                        + horizonMs + " ms");
            }
            if (f.atMs() > MAX_HORIZON_MS) {
                throw new IllegalArgumentException("fault " + f.kind() + " at " + f.atMs() + " ms is beyond 24 h");
            }
            last = Math.max(last, f.atMs());
        }
        long horizon = horizonMs > 0 ? horizonMs : last + DEFAULT_TAIL_MS;
        long interval = start.parameters().heartbeatIntervalMs();
        if (horizon / interval > MAX_INTERVALS) {
            throw new IllegalArgumentException("horizon " + horizon + " ms spans more than " + MAX_INTERVALS
                    + " heartbeat intervals of " + interval + " ms; give a shorter horizon");
        }
        return horizon;
    }

    private static List<WhatIfOutcome.Step> steps(VirtualPair pair, int[] mark, long origin) {
        List<Transition> all = new ArrayList<>(pair.n1().transitions().subList(mark[0], pair.n1().transitions().size()));
        all.addAll(pair.n2().transitions().subList(mark[1], pair.n2().transitions().size()));
        return all.stream().sorted(Comparator.comparingLong(Transition::atMs))
                .map(t -> new WhatIfOutcome.Step(t.atMs() - origin, t.node(), t.from(), t.to(), t.reason(),
                        t.sentence(), t.trigger()))
                .toList();
    }

    /** Users per (node, kind), in the order of each kind's first move: a home gained or released counts its users. */
    private static List<WhatIfOutcome.UsersMoved> moves(VirtualPair pair, int[] mark, WhatIfStart start) {
        record Ran(String node, VirtualNode.Move move) {
        }
        List<Ran> ran = new ArrayList<>();
        VirtualNode[] nodes = {pair.n1(), pair.n2()};
        for (int i = 0; i < 2; i++) {
            List<VirtualNode.Move> ms = nodes[i].moves();
            for (VirtualNode.Move m : ms.subList(mark[i], ms.size())) {
                ran.add(new Ran(nodes[i].name(), m));
            }
        }
        ran.sort(Comparator.comparingLong(r -> r.move().atMs()));
        Map<List<Object>, Integer> total = new LinkedHashMap<>();
        for (Ran r : ran) {
            int users = 0;
            for (String home : r.move().gained()) {
                users += start.node(home).homeUsers();
            }
            for (String home : r.move().lost()) {
                users += start.node(home).homeUsers();
            }
            if (!r.move().gained().isEmpty() || !r.move().lost().isEmpty()) {
                total.merge(List.of(r.node(), r.move().kind()), users, Integer::sum);
            }
        }
        List<WhatIfOutcome.UsersMoved> out = new ArrayList<>();
        total.forEach((k, users) -> out.add(new WhatIfOutcome.UsersMoved((String) k.get(0), (MoveKind) k.get(1), users)));
        return out;
    }
}
