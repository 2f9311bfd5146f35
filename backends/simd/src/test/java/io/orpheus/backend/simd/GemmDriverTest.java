package io.orpheus.backend.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.orpheus.backend.simd.gemm.GemmDriver;
import io.orpheus.backend.simd.gemm.Gemv;
import io.orpheus.backend.simd.gemm.Operand;
import io.orpheus.backend.simd.gemm.PackedMatrix;
import io.orpheus.backend.simd.gemm.RuntimePanels;
import io.orpheus.backend.simd.gemm.TileHook;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The GEMM core against a double-precision triple loop, on shapes that are not multiples of the 8x32
 * tile, that span several K blocks (K > 256), several M blocks (M > 256) and several N blocks, with
 * transposed operands, packed-at-prepare and packed-per-run operands, one and two threads.
 */
class GemmDriverTest {

    @ParameterizedTest(name = "M={0} N={1} K={2} threads={3}")
    @CsvSource({"1,1,1,1", "7,31,5,1", "8,32,16,1", "9,33,17,2", "17,65,300,2", "300,70,13,2", "13,1100,40,2",
        "64,3,520,1", "33,17,513,2"})
    void packedAAndRuntimeB(int m, int n, int k, int threads) {
        SplittableRandom r = new SplittableRandom(m * 1000L + n * 10L + k);
        float[] a = random(r, m * k);
        float[] b = random(r, k * n);
        float[] c = new float[m * n];
        PackedMatrix pa = PackedMatrix.packA(new Operand(a, 0, k, 1), m, k, 1f);
        RuntimePanels pb = RuntimePanels.b(new Operand(b, 0, 1, n), n, k);
        try (DirectContext ctx = new DirectContext(threads)) {
            GemmDriver.multiply(ctx, pa, pb, c, 0, n, TileHook.ZERO, TileHook.NONE);
        }
        check(a, k, 1, b, n, 1, m, n, k, c, 1f);
    }

    @ParameterizedTest(name = "M={0} N={1} K={2} transposed")
    @CsvSource({"5,40,9", "19,3,270", "1,77,64"})
    void transposedRuntimeAAndPackedB(int m, int n, int k) {
        SplittableRandom r = new SplittableRandom(m + 31L * n + k);
        float[] at = random(r, k * m);   // A stored [K, M]
        float[] bt = random(r, n * k);   // B stored [N, K]
        float[] c = new float[m * n];
        PackedMatrix pb = PackedMatrix.packB(new Operand(bt, 0, k, 1), n, k, 0.5f);
        RuntimePanels pa = RuntimePanels.a(new Operand(at, 0, 1, m), m, k, 1f);
        try (DirectContext ctx = new DirectContext(2)) {
            GemmDriver.multiply(ctx, pa, pb, c, 0, n, TileHook.ZERO, TileHook.NONE);
        }
        // A(m, k) = at[k * m + m], B(k, n) = bt[n * k + k]
        check(at, 1, m, bt, 1, k, m, n, k, c, 0.5f);
    }

    @ParameterizedTest(name = "rows={0} K={1}")
    @CsvSource({"1,1", "3,15", "5,17", "10,128", "67,100", // scalar
        "40,512", "130,2048"})
    void gemv(int rows, int k) {
        SplittableRandom r = new SplittableRandom(rows * 7L + k);
        float[] a = random(r, rows * k);
        float[] x = random(r, k + 3);
        float[] y = new float[rows];
        try (DirectContext ctx = new DirectContext(2)) {
            Gemv.multiplyAdd(ctx, a, rows, k, x, 3, y, 0, 1);
        }
        checkGemv(a, 0, rows, k, x, y);
        // A from an offset of a longer array (an AlignedFloats' origin), into a y already holding the first result
        float[] shifted = new float[a.length + 13];
        System.arraycopy(a, 0, shifted, 13, a.length);
        try (DirectContext ctx = new DirectContext(2)) {
            Gemv.multiplyAdd(ctx, shifted, 13, rows, k, x, 3, y, 0, 1);
        }
        for (int i = 0; i < rows; i++) {
            y[i] /= 2;
        }
        checkGemv(a, 0, rows, k, x, y);
    }

    private static void checkGemv(float[] a, int aOff, int rows, int k, float[] x, float[] y) {
        for (int i = 0; i < rows; i++) {
            double s = 0;
            for (int j = 0; j < k; j++) {
                s += (double) a[aOff + i * k + j] * x[3 + j];
            }
            assertEquals(s, y[i], 1e-4 + 1e-4 * Math.abs(s), "row " + i);
        }
    }

    private static float[] random(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return v;
    }

    /** C == scale * A x B, A(i, p) = a[i * ars + p * acs], B(p, j) = b[p * brs + j * bcs]. */
    private static void check(float[] a, int ars, int acs, float[] b, int brs, int bcs, int m, int n, int k, float[] c,
                              float scale) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += (double) a[i * ars + p * acs] * b[p * brs + j * bcs];
                }
                s *= scale;
                assertEquals(s, c[i * n + j], 1e-4 + 1e-4 * Math.abs(s), "C[" + i + "," + j + "]");
            }
        }
    }
}
