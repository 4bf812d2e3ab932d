package dev.tandem.console.charts;

import javafx.scene.paint.Color;

/** Series colours, distinguishable on white, and the axis helpers shared by the canvases. */
final class Palette {
    private static final Color[] COLORS = {
        Color.web("#1f77b4"), Color.web("#ff7f0e"), Color.web("#2ca02c"), Color.web("#9467bd"),
        Color.web("#8c564b"), Color.web("#e377c2"), Color.web("#17becf"), Color.web("#bcbd22"),
        Color.web("#7f7f7f"), Color.web("#d62728"),
    };
    static final double LEFT = 64;
    static final double RIGHT = 12;
    private static final long[] TIME_STEPS = {5_000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000,
        900_000, 1_800_000};

    private Palette() {}

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceStep(double raw) {
        if (raw <= 0 || Double.isNaN(raw)) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / p;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
    }

    /** Line style per node of a chart: solid, dashed, dotted, dash-dot. */
    static double[] dashes(int node) {
        return switch (Math.max(node, 0) % 4) {
            case 0 -> new double[0];
            case 1 -> new double[] {7, 4};
            case 2 -> new double[] {2, 3};
            default -> new double[] {8, 3, 2, 3};
        };
    }

    static double lineWidth(int node) {
        return node <= 0 ? 2.5 : 1.5;
    }

    static Color color(int i) {
        return COLORS[i % COLORS.length];
    }

    static long timeStep(long span) {
        for (long s : TIME_STEPS) {
            if (span / s <= 8) {
                return s;
            }
        }
        return 3_600_000;
    }

    static double x(long t, long t0, long t1, double plotWidth) {
        return LEFT + (double) (t - t0) / (t1 - t0) * plotWidth;
    }
}
