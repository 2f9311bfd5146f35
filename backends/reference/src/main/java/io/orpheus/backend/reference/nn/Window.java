package io.orpheus.backend.reference.nn;

import java.util.Arrays;

/**
 * The spatial geometry of a convolution or pooling window, always in three spatial dimensions:
 * 1-D and 2-D operators are lifted by prepending unit dimensions (kernel 1, stride 1, no padding),
 * so that one loop nest serves every rank.
 */
record Window(int[] in, int[] out, int[] kernel, int[] strides, int[] dilations, int[] padBegin) {

    static final int DIMS = 3;

    /** Lifts per-axis values of {@code spatialRank} axes to three, filling leading axes with {@code fill}. */
    static int[] lift(long[] values, int spatialRank, int fill) {
        int[] r = new int[DIMS];
        Arrays.fill(r, fill);
        for (int i = 0; i < spatialRank; i++) {
            r[DIMS - spatialRank + i] = Math.toIntExact(values[i]);
        }
        return r;
    }

    /** Lifts the leading spatial dims of a full NC... shape. */
    static int[] liftShape(long[] shape) {
        return lift(Arrays.copyOfRange(shape, 2, shape.length), shape.length - 2, 1);
    }

    /** Number of elements in one (n, c) plane. */
    int inPlane() {
        return in[0] * in[1] * in[2];
    }

    int outPlane() {
        return out[0] * out[1] * out[2];
    }

    /** The extent of the dilated kernel along axis {@code a}. */
    int span(int a) {
        return (kernel[a] - 1) * dilations[a] + 1;
    }

    /** Output dims in the original spatial rank, after N and C. */
    long[] outShape(long n, long c, int spatialRank) {
        long[] s = new long[2 + spatialRank];
        s[0] = n;
        s[1] = c;
        for (int i = 0; i < spatialRank; i++) {
            s[2 + i] = out[DIMS - spatialRank + i];
        }
        return s;
    }

    /**
     * The kernel taps {@code [lo, hi)} along one axis whose position {@code base + tap * dilation}
     * falls in {@code [0, size)}, packed as {@code lo << 32 | hi}. Iterating only these keeps a
     * window whose kernel dwarfs the input (a hostile 10^9 kernel with SAME padding) proportional
     * to the input, not to the kernel.
     */
    static long taps(long base, int dilation, int kernel, long size) {
        long lo = base >= 0 ? 0 : ceilDiv(-base, dilation);
        long hi = Math.min(kernel, size - 1 - base < 0 ? 0 : (size - 1 - base) / dilation + 1);
        lo = Math.min(lo, kernel);
        hi = Math.max(hi, lo);
        return lo << 32 | hi;
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
