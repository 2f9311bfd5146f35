package io.orpheus.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openjdk.jmh.annotations.Param;

/**
 * Each GEMM engine, driven through its benchmark method once (no JMH), computes A x B: the benchmarks
 * time the right thing. Shapes are small and ragged (not multiples of the 8 x 32 tile).
 */
class GemmBenchTest {

    @ParameterizedTest
    @CsvSource({"simd, 1", "simd, 2", "naive, 1", "naive, 2", "openblas, 1", "openblas, 2"})
    void everyEngineComputesTheProduct(String engine, int threads) {
        for (String shape : new String[] {"19x45x37", "70x1x50", "9x33x300"}) {
            if (engine.equals(GemmBench.OPENBLAS)) {
                assumeTrue(openBlasInstalled(), "libopenblas is not installed");
            }
            GemmBench bench = new GemmBench();
            bench.shape = shape;
            bench.threads = threads;
            bench.setUp(engine);
            try {
                switch (engine) {
                    case GemmBench.SIMD -> bench.simd();
                    case GemmBench.NAIVE -> bench.naive();
                    default -> bench.openblas();
                }
                // twice: a benchmark call must not depend on what the previous one left in C
                switch (engine) {
                    case GemmBench.SIMD -> bench.simd();
                    case GemmBench.NAIVE -> bench.naive();
                    default -> bench.openblas();
                }
                assertProduct(GemmShape.parse(shape), bench.result(engine), engine + " " + shape);
            } finally {
                bench.tearDown();
            }
        }
    }

    @Test
    void everyDefaultShapeParses() throws NoSuchFieldException {
        String[] shapes = GemmBench.class.getField("shape").getAnnotation(Param.class).value();
        assertEquals(6, shapes.length);
        for (String s : shapes) {
            assertEquals(s, GemmShape.parse(s).toString());
        }
        assertEquals(2.0 * 64 * 3136 * 576, GemmShape.parse("64x3136x576").flops());
        assertThrows(IllegalArgumentException.class, () -> GemmShape.parse("64x3136"));
        assertThrows(IllegalArgumentException.class, () -> GemmShape.parse("0x1x1"));
    }

    /** Checks C against a double-precision product of the operands the bench draws (seed 42, A then B). */
    private static void assertProduct(GemmShape s, float[] c, String what) {
        SplittableRandom rng = new SplittableRandom(42);
        double[] a = new double[s.m() * s.k()];
        double[] b = new double[s.k() * s.n()];
        Arrays.setAll(a, i -> (float) rng.nextDouble(-1, 1));
        Arrays.setAll(b, i -> (float) rng.nextDouble(-1, 1));
        for (int i = 0; i < s.m(); i++) {
            for (int j = 0; j < s.n(); j++) {
                double sum = 0;
                for (int k = 0; k < s.k(); k++) {
                    sum += a[i * s.k() + k] * b[k * s.n() + j];
                }
                assertEquals(sum, c[i * s.n() + j], 1e-4 * Math.sqrt(s.k()) + 1e-5, what + " at (" + i + ", " + j + ")");
            }
        }
    }

    static boolean openBlasInstalled() {
        try {
            OpenBlas.load();
            return true;
        } catch (UnsatisfiedLinkError e) {
            return false;
        }
    }
}
