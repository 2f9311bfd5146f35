package io.orpheus.bench;

import java.util.Arrays;

/**
 * Latency statistics of a series of timed runs, in milliseconds. Percentiles interpolate linearly
 * between the two nearest ranks (the definition R, NumPy and spreadsheets use by default), so the
 * median of an even count is the mean of the two middle samples.
 *
 * @param runs       how many samples
 * @param minMs      fastest run
 * @param medianMs   50th percentile
 * @param p90Ms      90th percentile
 * @param p99Ms      99th percentile
 * @param maxMs      slowest run
 * @param meanMs     arithmetic mean
 * @param throughput inferences per second at the median latency (times the batch of one run)
 * @param samplesMs  every run, in the order they ran: where the slow ones fall (the first of each block, or
 *                   at random) tells warm-up from interference
 */
public record Stats(int runs, double minMs, double medianMs, double p90Ms, double p99Ms, double maxMs, double meanMs,
                    double throughput, double[] samplesMs) {

    /** Statistics of samples in nanoseconds; each run processed {@code batch} inferences. */
    public static Stats ofNanos(long[] nanos, int batch) {
        if (nanos.length == 0) {
            throw new IllegalArgumentException("no timed runs: statistics need at least one sample");
        }
        double[] ms = new double[nanos.length];
        for (int i = 0; i < nanos.length; i++) {
            ms[i] = nanos[i] / 1e6;
        }
        return ofMillis(ms, batch);
    }

    public static Stats ofMillis(double[] samples, int batch) {
        if (samples.length == 0) {
            throw new IllegalArgumentException("no timed runs: statistics need at least one sample");
        }
        double[] s = samples.clone();
        Arrays.sort(s);
        double sum = 0;
        for (double v : s) {
            sum += v;
        }
        double median = percentile(s, 50);
        return new Stats(s.length, s[0], median, percentile(s, 90), percentile(s, 99), s[s.length - 1],
                sum / s.length, median > 0 ? batch * 1000.0 / median : Double.POSITIVE_INFINITY, samples.clone());
    }

    /** The p-th percentile (0..100) of ascending samples, interpolated between neighbouring ranks. */
    public static double percentile(double[] sorted, double p) {
        if (sorted.length == 1) {
            return sorted[0];
        }
        double pos = p / 100.0 * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    public static double median(double[] samples) {
        double[] s = samples.clone();
        Arrays.sort(s);
        return percentile(s, 50);
    }
}
