package dev.tandem.console.connection;

/** Exponential reconnect delay: initial, doubled each attempt, capped. No jitter: operators see exact times. */
public record Backoff(long initialMs, long maxMs) {

    public static Backoff standard() {
        return new Backoff(500, 30_000);
    }

    /** Delay before attempt {@code n} (n >= 1). */
    public long delayMs(int attempt) {
        int shift = Math.min(Math.max(attempt - 1, 0), 30);
        long d = initialMs << shift;
        return d <= 0 || d > maxMs ? maxMs : d;
    }
}
