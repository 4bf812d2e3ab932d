package dev.tandem.console.charts;

import java.util.List;

/** One chart: its title, its series, and an optional limit line (NaN for none). */
public record ChartSpec(String title, List<SeriesKey> series, double limit, String limitLabel) {
}
