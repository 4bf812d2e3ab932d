package dev.tandem.console.connection;

/** What a connection looks like right now, read without locks by the view models. */
public record ConnectionSnapshot(
        ConnectionState state,
        int attempt,
        long nextRetryAtMs,
        String lastError,
        String lastErrorSentence,
        long lastDataAtMs,
        long connectedSinceMs) {
}
