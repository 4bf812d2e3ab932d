package dev.tandem.tools.sim;

import java.time.Duration;
import java.util.Locale;

/**
 * One snapshot of the simulation. Downtime figures cover outages since the last mark
 * (a client that switched to its inactive connection before losing service counts 0).
 *
 * @param outages            service switches since the mark, those without downtime included
 * @param clientsWithOutage  of those, the ones with any downtime (a client promoted on its standby
 *                           before it lost its active connection has none)
 * @param timeUntilAllServed from the mark until the last outage ended, once every client is
 *                           served again; null while some client is still waiting
 */
public record SimulationStats(int clients, int served, int withStandby, int outages, int clientsWithOutage, int openOutages,
                              Duration p50, Duration p90, Duration p99, Duration max,
                              Duration timeUntilAllServed, long logins, long redirects) {

    public String toText() {
        return String.format(Locale.ROOT,
                "clients %d, served %d, with standby connection %d%n"
                        + "outages %d (with downtime %d, still open %d): downtime p50 %s, p90 %s, p99 %s, max %s%n"
                        + "time until all served: %s%n"
                        + "logins %d, redirects %d%n",
                clients, served, withStandby, outages, clientsWithOutage, openOutages, fmt(p50), fmt(p90), fmt(p99), fmt(max),
                timeUntilAllServed == null ? "not yet" : fmt(timeUntilAllServed), logins, redirects);
    }

    public String toJson() {
        return String.format(Locale.ROOT,
                "{\"clients\":%d,\"served\":%d,\"withStandby\":%d,\"outages\":%d,\"clientsWithOutage\":%d,\"openOutages\":%d,"
                        + "\"downtimeMs\":{\"p50\":%.3f,\"p90\":%.3f,\"p99\":%.3f,\"max\":%.3f},"
                        + "\"timeUntilAllServedMs\":%s,\"logins\":%d,\"redirects\":%d}",
                clients, served, withStandby, outages, clientsWithOutage, openOutages, millis(p50), millis(p90), millis(p99), millis(max),
                timeUntilAllServed == null ? "null" : String.format(Locale.ROOT, "%.3f", millis(timeUntilAllServed)),
                logins, redirects);
    }

    private static double millis(Duration d) {
        return d.toNanos() / 1e6;
    }

    private static String fmt(Duration d) {
        return String.format(Locale.ROOT, "%.1f ms", millis(d));
    }
}
