package dev.tandem.tools.sim;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Outages of simulated clients (service lost until served again) since the last mark. */
final class DowntimeRecorder {
    private final List<Long> downtimesNanos = new ArrayList<>();
    private long markNanos = System.nanoTime();
    private long lastRecoveryNanos;
    private int openOutages;

    synchronized void mark() {
        downtimesNanos.clear();
        markNanos = System.nanoTime();
        lastRecoveryNanos = 0;
    }

    synchronized void outageStarted() {
        openOutages++;
    }

    /** {@code outageStartNanos} is when service was lost; 0 when the client switched before losing it. */
    synchronized void outageEnded(long outageStartNanos, boolean wasOpen) {
        long now = System.nanoTime();
        if (wasOpen) {
            openOutages--;
        }
        downtimesNanos.add(outageStartNanos == 0 ? 0 : now - outageStartNanos);
        lastRecoveryNanos = now;
    }

    /** Cheap check for waiters (no sorting): at least {@code affected} outages ended since the
     * mark and none is open. */
    synchronized boolean recovered(int affected) {
        return openOutages == 0 && downtimesNanos.size() >= affected;
    }

    synchronized SimulationStats snapshot(int clients, int served, int withStandby, long logins, long redirects) {
        long[] sorted = downtimesNanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(sorted);
        Duration untilAll = openOutages == 0 && sorted.length > 0 && served == clients
                ? Duration.ofNanos(lastRecoveryNanos - markNanos) : null;
        int withDowntime = (int) Arrays.stream(sorted).filter(n -> n > 0).count();
        return new SimulationStats(clients, served, withStandby, sorted.length, withDowntime, openOutages,
                pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), sorted.length == 0 ? Duration.ZERO : ms(sorted[sorted.length - 1]),
                untilAll, logins, redirects);
    }

    private static Duration pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return Duration.ZERO;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length) - 1; // nearest-rank percentile
        return ms(sorted[Math.max(0, Math.min(sorted.length - 1, rank))]);
    }

    private static Duration ms(long nanos) {
        return Duration.ofNanos(nanos);
    }
}
