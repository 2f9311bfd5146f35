package io.orpheus.backend.simd.gemm;

import io.orpheus.api.backend.KernelContext;
import io.orpheus.backend.simd.Vectors;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * y[m] += sum_k A[m, k] x[k] for a row-major constant A: the N = 1 product (a fully connected layer at
 * batch 1), bound by reading A once, so no packing; four rows at a time share each load of x. Small
 * products run scalar code ({@link #SCALAR_LIMIT}).
 */
public final class Gemv {

    private static final VectorSpecies<Float> S = Vectors.F;
    private static final int L = Vectors.LANES;
    /** Rows per parallel task: enough work (16 rows x K) to outweigh a hand-off. */
    private static final int ROWS_PER_TASK = 64;
    /**
     * Products up to this many elements run scalar code. A small layer (WRN's 128 -> 10 classifier) calls
     * the vector code a few times per inference, too rarely for C2 to compile it for thousands of runs;
     * the vector API's interim C1 code allocates per operation, and the layer took 69 us instead of ~1.
     */
    static final int SCALAR_LIMIT = 16 * 1024;

    private Gemv() {
    }

    /** y[yOff + m * yStride] += A[m, :] . x[xOff .. xOff + k) for m in [0, rows). */
    public static void multiplyAdd(KernelContext ctx, float[] a, int rows, int k, float[] x, int xOff, float[] y,
                                   int yOff, int yStride) {
        multiplyAdd(ctx, a, 0, rows, k, x, xOff, y, yOff, yStride);
    }

    /** As {@link #multiplyAdd(KernelContext, float[], int, int, float[], int, float[], int, int)}, A from {@code aOff}. */
    public static void multiplyAdd(KernelContext ctx, float[] a, int aOff, int rows, int k, float[] x, int xOff,
                                   float[] y, int yOff, int yStride) {
        if ((long) rows * k <= SCALAR_LIMIT) {
            for (int r = 0; r < rows; r++) {
                y[yOff + r * yStride] += scalarDot(a, aOff + r * k, k, x, xOff);
            }
            return;
        }
        int tasks = (rows + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        if (tasks <= 1 || ctx.threads() <= 1) {
            range(a, aOff, 0, rows, k, x, xOff, y, yOff, yStride);
            return;
        }
        ctx.parallelFor(tasks, t -> range(a, aOff, t * ROWS_PER_TASK, Math.min(rows, (t + 1) * ROWS_PER_TASK), k, x,
                xOff, y, yOff, yStride));
    }

    /*
     * Each block of rows is its own small method rather than a loop nest in one: a fully connected layer
     * runs range() once over millions of elements, so HotSpot compiles it on stack (OSR) mid-loop, and the
     * on-stack-compiled nest gave wrong sums on JDK 25.0.3 (the first inference of test_vgg19 was wrong:
     * 2 of 2 runs with OSR, 0 of 2 with -XX:-UseOnStackReplacement or with this method excluded from
     * compilation). Small methods called many times are compiled the ordinary way.
     */
    static void range(float[] a, int aOff, int r0, int r1, int k, float[] x, int xOff, float[] y, int yOff,
                      int yStride) {
        int r = r0;
        for (; r + 4 <= r1; r += 4) {
            dot4(a, aOff + r * k, k, x, xOff, y, yOff + r * yStride, yStride);
        }
        for (; r < r1; r++) {
            y[yOff + r * yStride] += dot(a, aOff + r * k, k, x, xOff);
        }
    }

    /** Four rows from {@code a0}, sharing each load of x; adds their sums to y at {@code yAt}, yAt + yStride, ... */
    private static void dot4(float[] a, int a0, int k, float[] x, int xOff, float[] y, int yAt, int yStride) {
        int full = k - k % L;
        int a1 = a0 + k;
        int a2 = a1 + k;
        int a3 = a2 + k;
        FloatVector s0 = FloatVector.zero(S), s1 = FloatVector.zero(S);
        FloatVector s2 = FloatVector.zero(S), s3 = FloatVector.zero(S);
        for (int i = 0; i < full; i += L) {
            FloatVector xv = FloatVector.fromArray(S, x, xOff + i);
            s0 = FloatVector.fromArray(S, a, a0 + i).fma(xv, s0);
            s1 = FloatVector.fromArray(S, a, a1 + i).fma(xv, s1);
            s2 = FloatVector.fromArray(S, a, a2 + i).fma(xv, s2);
            s3 = FloatVector.fromArray(S, a, a3 + i).fma(xv, s3);
        }
        if (full < k) {
            VectorMask<Float> tail = S.indexInRange(full, k);
            FloatVector xv = FloatVector.fromArray(S, x, xOff + full, tail);
            s0 = FloatVector.fromArray(S, a, a0 + full, tail).fma(xv, s0);
            s1 = FloatVector.fromArray(S, a, a1 + full, tail).fma(xv, s1);
            s2 = FloatVector.fromArray(S, a, a2 + full, tail).fma(xv, s2);
            s3 = FloatVector.fromArray(S, a, a3 + full, tail).fma(xv, s3);
        }
        y[yAt] += s0.reduceLanes(VectorOperators.ADD);
        y[yAt + yStride] += s1.reduceLanes(VectorOperators.ADD);
        y[yAt + 2 * yStride] += s2.reduceLanes(VectorOperators.ADD);
        y[yAt + 3 * yStride] += s3.reduceLanes(VectorOperators.ADD);
    }

    private static float dot(float[] a, int a0, int k, float[] x, int xOff) {
        int full = k - k % L;
        FloatVector s0 = FloatVector.zero(S);
        for (int i = 0; i < full; i += L) {
            s0 = FloatVector.fromArray(S, a, a0 + i).fma(FloatVector.fromArray(S, x, xOff + i), s0);
        }
        if (full < k) {
            VectorMask<Float> tail = S.indexInRange(full, k);
            s0 = FloatVector.fromArray(S, a, a0 + full, tail).fma(FloatVector.fromArray(S, x, xOff + full, tail), s0);
        }
        return s0.reduceLanes(VectorOperators.ADD);
    }

    /** Four partial sums, so that the adds do not wait on one another. */
    private static float scalarDot(float[] a, int a0, int k, float[] x, int xOff) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        int i = 0;
        for (; i + 4 <= k; i += 4) {
            s0 += a[a0 + i] * x[xOff + i];
            s1 += a[a0 + i + 1] * x[xOff + i + 1];
            s2 += a[a0 + i + 2] * x[xOff + i + 2];
            s3 += a[a0 + i + 3] * x[xOff + i + 3];
        }
        for (; i < k; i++) {
            s0 += a[a0 + i] * x[xOff + i];
        }
        return (s0 + s1) + (s2 + s3);
    }
}
