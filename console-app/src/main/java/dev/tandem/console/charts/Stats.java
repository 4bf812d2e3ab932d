package dev.tandem.console.charts;

/** Min, max, average and last value of a series over the visible window. */
public record Stats(double min, double max, double avg, double last, int count) {
    public static final Stats EMPTY = new Stats(Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
}
