package dev.tandem.console.charts;

/**
 * A fixed-size ring of (time, value) samples in time order. Written by gRPC threads, read by
 * the FX thread; each method holds the lock only for a bounded scan of the visible window.
 */
public final class SeriesBuffer {
    private final long[] times;
    private final double[] values;
    private int start;
    private int size;

    public SeriesBuffer(int capacity) {
        times = new long[capacity];
        values = new double[capacity];
    }

    /** Appends; a sample not newer than the last one (a duplicate from a second agent) is ignored. */
    public synchronized boolean add(long time, double value) {
        if (size > 0 && time <= times[index(size - 1)]) {
            return false;
        }
        if (size == times.length) {
            start = (start + 1) % times.length;
            size--;
        }
        int i = index(size);
        times[i] = time;
        values[i] = value;
        size++;
        return true;
    }

    public synchronized int size() {
        return size;
    }

    public synchronized long lastTime() {
        return size == 0 ? Long.MIN_VALUE : times[index(size - 1)];
    }

    public synchronized double lastValue() {
        return size == 0 ? Double.NaN : values[index(size - 1)];
    }

    /** The values of the newest {@code n} samples (fewer when there are fewer), oldest first. */
    public synchronized double[] lastValues(int n) {
        int k = Math.min(n, size);
        double[] out = new double[k];
        for (int j = 0; j < k; j++) {
            out[j] = values[index(size - k + j)];
        }
        return out;
    }

    /** The sample nearest to {@code t} as {time, value}, or null when the buffer is empty. */
    public synchronized double[] nearest(long t) {
        if (size == 0) {
            return null;
        }
        int k = lowerBound(t);
        int best = k >= size ? size - 1 : k;
        if (k > 0 && k < size && t - times[index(k - 1)] <= times[index(k)] - t) {
            best = k - 1;
        }
        int i = index(best);
        return new double[] {times[i], values[i]};
    }

    /** Reduces the samples in [t0, t1) into {@code out}'s columns (min/max/first/last per column). */
    public synchronized void reduce(long t0, long t1, Columns out) {
        out.clear();
        int cols = out.size();
        double span = t1 - t0;
        if (span <= 0 || cols == 0) {
            return;
        }
        for (int k = lowerBound(t0); k < size; k++) {
            int i = index(k);
            long t = times[i];
            if (t >= t1) {
                break;
            }
            int col = (int) ((t - t0) / span * cols);
            out.add(Math.min(col, cols - 1), values[i]);
        }
    }

    public synchronized Stats stats(long t0, long t1) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        double last = Double.NaN;
        int n = 0;
        for (int k = lowerBound(t0); k < size; k++) {
            int i = index(k);
            if (times[i] >= t1) {
                break;
            }
            double v = values[i];
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
            last = v;
            n++;
        }
        return n == 0 ? Stats.EMPTY : new Stats(min, max, sum / n, last, n);
    }

    /** Calls {@code sink} for every sample in [t0, t1), oldest first. */
    public synchronized void forEach(long t0, long t1, PointSink sink) {
        for (int k = lowerBound(t0); k < size; k++) {
            int i = index(k);
            if (times[i] >= t1) {
                break;
            }
            sink.accept(times[i], values[i]);
        }
    }

    private int index(int logical) {
        return (start + logical) % times.length;
    }

    private int lowerBound(long t) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (times[index(mid)] < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @FunctionalInterface
    public interface PointSink {
        void accept(long time, double value);
    }
}
