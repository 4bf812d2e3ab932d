package dev.tandem.console.charts;

import java.util.Arrays;

/**
 * A series reduced to pixel columns: per column its min, max, first and last value (NaN when
 * the column has no sample). Drawing this costs O(columns), whatever the number of samples.
 */
public final class Columns {
    final double[] min;
    final double[] max;
    final double[] first;
    final double[] last;

    public Columns(int columns) {
        min = new double[columns];
        max = new double[columns];
        first = new double[columns];
        last = new double[columns];
        clear();
    }

    public int size() {
        return min.length;
    }

    public void clear() {
        Arrays.fill(min, Double.NaN);
        Arrays.fill(max, Double.NaN);
        Arrays.fill(first, Double.NaN);
        Arrays.fill(last, Double.NaN);
    }

    void add(int col, double v) {
        if (Double.isNaN(min[col])) {
            min[col] = v;
            max[col] = v;
            first[col] = v;
        } else {
            min[col] = Math.min(min[col], v);
            max[col] = Math.max(max[col], v);
        }
        last[col] = v;
    }

    public double min(int col) {
        return min[col];
    }

    public double max(int col) {
        return max[col];
    }

    public double first(int col) {
        return first[col];
    }

    public double last(int col) {
        return last[col];
    }
}
