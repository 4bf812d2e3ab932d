package dev.tandem.agent.whatif;

import dev.tandem.agent.matrix.StateMatrix;
import java.util.List;
import java.util.stream.Collectors;

/** The one sentence of a what-if outcome, and virtual times in words. */
final class WhatIfSummary {
    private WhatIfSummary() {
    }

    static String sentence(List<WhatIfFault> faults, String startRow, String finalRow, List<WhatIfOutcome.Step> steps,
                           List<WhatIfOutcome.UsersMoved> moves) {
        String what = faults.stream().map(f -> f.describe() + " at " + time(f.atMs())).collect(Collectors.joining(", then "));
        String where = finalRow.isEmpty() ? "would match no matrix row at the end"
                : (finalRow.equals(startRow) && steps.isEmpty() ? "would stay in " : "would settle in ") + finalRow
                + " (" + StateMatrix.row(finalRow).cause() + ")";
        String when = steps.isEmpty() ? "" : " by " + time(steps.get(steps.size() - 1).atMs());
        int users = moves.stream().mapToInt(WhatIfOutcome.UsersMoved::users).sum();
        String moved = moves.isEmpty() ? "no user would move" : users + " user moves (" + moves.stream()
                .map(m -> m.node() + " " + m.kind() + " " + m.users()).collect(Collectors.joining(", ")) + ")";
        return "After " + what + ", the pair " + where + when + "; " + moved + ".";
    }

    /** Virtual time in words: "0 ms", "1.5 s", "2 min 30 s". */
    static String time(long ms) {
        return dev.tandem.contract.VirtualTime.words(ms);
    }
}
