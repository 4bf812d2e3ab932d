package dev.tandem.agent.metrics;

import java.util.List;

/** Something whose current values the metrics endpoint exposes. */
@FunctionalInterface
public interface MetricsSource {
    List<MetricSample> collect();
}
