package dev.tandem.agent.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Writes samples in the Prometheus text format (0.0.4) or OpenMetrics 1.0.0: one HELP and
 * TYPE block per metric name, samples of a name together, labels sorted. */
public final class TextExposition {
    public static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    public static final String OPENMETRICS_CONTENT_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private TextExposition() {
    }

    public static String write(List<MetricSample> samples, boolean openMetrics) {
        Map<String, List<MetricSample>> byName = new LinkedHashMap<>();
        for (MetricSample s : samples) {
            byName.computeIfAbsent(s.name(), n -> new ArrayList<>()).add(s);
        }
        StringBuilder out = new StringBuilder();
        byName.forEach((name, group) -> {
            out.append("# HELP ").append(name).append(' ').append(escapeHelp(group.get(0).help())).append('\n');
            out.append("# TYPE ").append(name).append(" gauge\n");
            for (MetricSample s : group) {
                out.append(name);
                if (!s.labels().isEmpty()) {
                    out.append('{');
                    String sep = "";
                    for (Map.Entry<String, String> l : new TreeMap<>(s.labels()).entrySet()) {
                        out.append(sep).append(l.getKey()).append("=\"").append(escapeLabel(l.getValue())).append('"');
                        sep = ",";
                    }
                    out.append('}');
                }
                out.append(' ').append(number(s.value())).append('\n');
            }
        });
        if (openMetrics) {
            out.append("# EOF\n");
        }
        return out.toString();
    }

    private static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static String escapeHelp(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private static String escapeLabel(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
