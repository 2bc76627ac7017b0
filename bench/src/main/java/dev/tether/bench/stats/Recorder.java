package dev.tether.bench.stats;

import java.util.Arrays;

/**
 * Keeps every recorded value (a {@code long}, usually nanoseconds) and answers exact nearest-rank percentiles.
 * Eight bytes per value: a million values is 8 MB. Not thread-safe; see {@link #merge} for combining.
 */
public final class Recorder {
    private long[] values = new long[1024];
    private int count;
    private boolean sorted = true;

    public void record(long value) {
        if (count == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        if (count > 0 && value < values[count - 1]) {
            sorted = false;
        }
        values[count++] = value;
    }

    public void merge(Recorder other) {
        for (int i = 0; i < other.count; i++) {
            record(other.values[i]);
        }
    }

    public int count() {
        return count;
    }

    /**
     * The nearest-rank percentile: the smallest recorded value such that at least {@code p} percent of all
     * values are less than or equal to it. {@code p} in (0, 100]; 0 when nothing was recorded.
     */
    public long percentile(double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
        }
        if (count == 0) {
            return 0;
        }
        sort();
        int rank = (int) Math.ceil(p / 100.0 * count);
        return values[Math.max(0, Math.min(count, rank) - 1)];
    }

    public long max() {
        return count == 0 ? 0 : percentile(100);
    }

    public long min() {
        if (count == 0) {
            return 0;
        }
        sort();
        return values[0];
    }

    public double mean() {
        if (count == 0) {
            return 0;
        }
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += values[i];
        }
        return sum / count;
    }

    /** How many values are strictly greater than {@code threshold}. */
    public int countAbove(long threshold) {
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (values[i] > threshold) {
                n++;
            }
        }
        return n;
    }

    private void sort() {
        if (!sorted) {
            Arrays.sort(values, 0, count);
            sorted = true;
        }
    }
}
