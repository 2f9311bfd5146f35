package io.orpheus.backend.simd;

import io.orpheus.backend.simd.gemm.GemmDriver;
import io.orpheus.backend.simd.gemm.Gemv;
import io.orpheus.backend.simd.gemm.Operand;
import io.orpheus.backend.simd.gemm.PackedMatrix;
import io.orpheus.backend.simd.gemm.RuntimePanels;
import io.orpheus.backend.simd.gemm.TileHook;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A plain microbenchmark of the GEMM core (not a test; JMH comes later): for each (M, N, K) the
 * constant A is packed once, as a convolution's weights are, and C = A x B is timed after a warm-up
 * long enough for the JIT to compile the micro-kernel (TOOLCHAIN.md: ~25 calls to reach 90%). N = 1
 * runs the GEMV path. Prints the median and best GFLOP/s per thread count.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp target/classes:target/test-classes:<orpheus-api.jar>
 * io.orpheus.backend.simd.GemmBenchmark [threads...]}
 */
public final class GemmBenchmark {

    private static final int[][] SHAPES = {{64, 3136, 576}, {256, 196, 2304}, {1000, 1, 2048}};
    private static final long WARMUP_NANOS = 3_000_000_000L;
    private static final int RUNS = 30;

    private GemmBenchmark() {
    }

    public static void main(String[] args) {
        int[] threadCounts = args.length == 0 ? new int[] {1} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        System.out.println("species " + Vectors.F + ", tile " + io.orpheus.backend.simd.gemm.GemmKernel8x32.MR + "x"
                + io.orpheus.backend.simd.gemm.GemmKernel8x32.NR);
        for (int threads : threadCounts) {
            try (DirectContext ctx = new DirectContext(threads)) {
                for (int[] s : SHAPES) {
                    measure(ctx, threads, s[0], s[1], s[2]);
                }
            }
        }
    }

    private static void measure(DirectContext ctx, int threads, int m, int n, int k) {
        SplittableRandom r = new SplittableRandom(1);
        float[] a = new float[m * k];
        float[] b = new float[k * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextDouble(-1, 1);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) r.nextDouble(-1, 1);
        }
        float[] c = new float[m * n];
        PackedMatrix pa = PackedMatrix.packA(new Operand(a, 0, k, 1), m, k, 1f);
        RuntimePanels pb = RuntimePanels.b(new Operand(b, 0, 1, n), n, k);
        Runnable once = n == 1
                ? () -> {
                    Arrays.fill(c, 0f);
                    Gemv.multiplyAdd(ctx, a, m, k, b, 0, c, 0, 1);
                }
                : () -> GemmDriver.multiply(ctx, pa, pb, c, 0, n, TileHook.ZERO, TileHook.NONE);
        long end = System.nanoTime() + WARMUP_NANOS;
        while (System.nanoTime() < end) {
            once.run();
        }
        long[] t = new long[RUNS];
        long[] cpu = new long[RUNS];
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < RUNS; i++) {
            long c0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            once.run();
            t[i] = System.nanoTime() - t0;
            cpu[i] = mx.getCurrentThreadCpuTime() - c0;
        }
        Arrays.sort(t);
        Arrays.sort(cpu);
        double flops = 2.0 * m * n * k;
        // On a shared, loaded machine wall time includes time the thread waited for a core; with one
        // thread the calling thread's CPU time shows what the kernel does when it runs.
        String perCpu = threads == 1 ? String.format("  per CPU-second: median %.1f GFLOP/s", flops / cpu[RUNS / 2]) : "";
        System.out.printf("threads=%d M=%d N=%d K=%d  wall: median %.1f GFLOP/s, best %.1f GFLOP/s (median %.3f ms)%s%n",
                threads, m, n, k, flops / t[RUNS / 2], flops / t[0], t[RUNS / 2] / 1e6, perCpu);
    }
}
