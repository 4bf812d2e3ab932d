package dev.tandem.console.charts;

/** A line of the table view and of the chart legends: one series over the visible window. */
public record StatsRow(String chart, SeriesKey key, Stats stats) {
    public String text() {
        if (stats.count() == 0) {
            return key.label() + ": no data";
        }
        return String.format("%s  last %s  min %s  max %s  avg %s", key.label(), fmt(stats.last()),
                fmt(stats.min()), fmt(stats.max()), fmt(stats.avg()));
    }

    public static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "—";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e12 ? String.valueOf((long) v) : String.format("%.1f", v);
    }
}
