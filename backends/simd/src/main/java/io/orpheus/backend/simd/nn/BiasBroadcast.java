package io.orpheus.backend.simd.nn;

import io.orpheus.api.Tensor;
import io.orpheus.api.backend.KernelException;
import io.orpheus.backend.simd.gemm.TileHook;
import java.util.Arrays;

/** Gemm's beta * C, broadcast to [M, N], as the starting value of the output. */
final class BiasBroadcast {

    private BiasBroadcast() {
    }

    static TileHook of(io.orpheus.api.backend.NodeContext node, String impl, Tensor c, int m, int n, float beta) {
        long[] s = c.shape();
        if (s.length > 2) {
            throw new KernelException(node.node(), impl, "C " + Arrays.toString(s) + " has rank above 2");
        }
        long c0 = s.length == 2 ? s[0] : 1;
        long c1 = s.length >= 1 ? s[s.length - 1] : 1;
        if ((c0 != 1 && c0 != m) || (c1 != 1 && c1 != n)) {
            throw new KernelException(node.node(), impl, "C " + Arrays.toString(s) + " does not broadcast to [" + m
                    + ", " + n + "]");
        }
        float[] cd = c.floats();
        int rowStride = c0 == 1 ? 0 : (int) c1;
        int colStride = c1 == 1 ? 0 : 1;
        return (y, yOff, ldy, m0, m1, n0, n1) -> {
            for (int i = m0; i < m1; i++) {
                int row = yOff + i * ldy;
                int src = i * rowStride;
                if (colStride == 0) {
                    Arrays.fill(y, row + n0, row + n1, beta * cd[src]);
                } else {
                    for (int j = n0; j < n1; j++) {
                        y[row + j] = beta * cd[src + j];
                    }
                }
            }
        };
    }
}
