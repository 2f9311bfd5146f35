package io.orpheus.backend.simd.gemm;

/**
 * Work on one task's region of C, rows {@code [m0, m1)} x columns {@code [n0, n1)}: before the
 * products are accumulated (bias, beta * C, zeroing) or after (activation, residual add), while the
 * region is still in cache.
 */
@FunctionalInterface
public interface TileHook {

    TileHook NONE = (c, cOff, ldc, m0, m1, n0, n1) -> { };

    /** Fills the region with zeros. */
    TileHook ZERO = (c, cOff, ldc, m0, m1, n0, n1) -> {
        for (int m = m0; m < m1; m++) {
            java.util.Arrays.fill(c, cOff + m * ldc + n0, cOff + m * ldc + n1, 0f);
        }
    };

    void apply(float[] c, int cOff, int ldc, int m0, int m1, int n0, int n1);
}
