package dev.tandem.console.history;

/** One event of the history, with why it happened. */
public record HistoryRow(long at, String node, String kind, String change, String reason, String sentence,
                         String detail, String agent) {
}
