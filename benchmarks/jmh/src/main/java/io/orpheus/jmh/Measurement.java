package io.orpheus.jmh;

import java.util.Locale;

/**
 * One benchmark's outcome in operations per second terms.
 *
 * @param suite    "gemm" or "conv"
 * @param shape    the GEMM shape or convolution case
 * @param engine   the GEMM engine or convolution algorithm
 * @param threads  the engine's threads
 * @param flops    operations per call
 * @param medianUs median time per call, microseconds
 * @param minUs    fastest call, microseconds
 * @param samples  timed calls JMH sampled
 * @param spread   slowest over fastest measurement iteration (mean times): near 1 when the JIT had
 *                 settled and nothing else competed for the cores
 */
public record Measurement(String suite, String shape, String engine, int threads, double flops, double medianUs,
                          double minUs, long samples, double spread) {

    /** Above this spread a result is marked unsteady in the tables. */
    public static final double UNSTEADY = 1.25;

    public boolean unsteady() {
        return spread > UNSTEADY;
    }

    public double medianGflops() {
        return flops / (medianUs * 1e3);
    }

    public double bestGflops() {
        return flops / (minUs * 1e3);
    }

    public static String csvHeader() {
        return "suite,shape,engine,threads,flops,median_us,min_us,samples,median_gflops,best_gflops,iteration_spread";
    }

    public String csvRow() {
        return String.format(Locale.ROOT, "%s,%s,%s,%d,%.0f,%.3f,%.3f,%d,%.2f,%.2f,%.3f", suite, shape, engine, threads,
                flops, medianUs, minUs, samples, medianGflops(), bestGflops(), spread);
    }

    public String json() {
        return String.format(Locale.ROOT, "{\"suite\": %s, \"shape\": %s, \"engine\": %s, \"threads\": %d, \"flops\": %.0f, "
                        + "\"median_us\": %.3f, \"min_us\": %.3f, \"samples\": %d, \"median_gflops\": %.2f, "
                        + "\"best_gflops\": %.2f, \"iteration_spread\": %.3f}", Report.quote(suite), Report.quote(shape),
                Report.quote(engine), threads, flops, medianUs, minUs, samples, medianGflops(), bestGflops(), spread);
    }
}
