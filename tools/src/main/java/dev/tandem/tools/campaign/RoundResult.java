package dev.tandem.tools.campaign;

import java.util.List;
import java.util.Set;

/** What one fault round saw, and its JSON line (the campaign's output, one line per round). */
record RoundResult(long seed, List<Fault> faults, String settledRow, Set<String> rowsSeen, List<String> actions,
                   boolean reachedM1, int usersLost, int doubledAfterSettle, long longestDualMs, boolean storesEqual,
                   String problem, long durationMs) {
    boolean ok() {
        return problem.isEmpty();
    }

    String json() {
        return String.format(java.util.Locale.ROOT, "{\"seed\":%d,\"faults\":%s,\"settledRow\":\"%s\",\"rowsSeen\":%s,"
                        + "\"actions\":%s,\"reachedM1\":%b,\"usersLost\":%d,\"doubledAfterSettle\":%d,"
                        + "\"longestDualMs\":%d,\"storesEqual\":%b,\"ok\":%b,\"problem\":\"%s\",\"durationMs\":%d}",
                seed, strings(faults.stream().map(Fault::toString).toList()), settledRow, strings(rowsSeen),
                strings(actions), reachedM1, usersLost, doubledAfterSettle, longestDualMs, storesEqual, ok(),
                problem.replace("\"", "'"), durationMs);
    }

    private static String strings(java.util.Collection<String> c) {
        return c.stream().map(s -> "\"" + s.replace("\"", "'") + "\"")
                .collect(java.util.stream.Collectors.joining(",", "[", "]"));
    }
}
