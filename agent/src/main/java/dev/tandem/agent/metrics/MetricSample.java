package dev.tandem.agent.metrics;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/** One gauge value with its labels. Gauges, because session counts go up and down. */
public record MetricSample(String name, String help, Map<String, String> labels, double value) {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    public MetricSample {
        Objects.requireNonNull(help, "help");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid metric name '" + name + "'");
        }
        labels = Map.copyOf(labels);
        labels.keySet().forEach(k -> {
            if (!LABEL.matcher(k).matches() || k.startsWith("__")) {
                throw new IllegalArgumentException("invalid label name '" + k + "'");
            }
        });
    }
}
