package io.orpheus.backend.simd.nn;

import io.orpheus.backend.simd.Activation;
import io.orpheus.backend.simd.gemm.TileHook;

/** The post-product hook of a fused GEMM: add the residual (laid out as Y), then the activation. */
final class Epilogues {

    private Epilogues() {
    }

    static TileHook post(Activation act, float[] residual) {
        if (residual == null && act.isIdentity()) {
            return TileHook.NONE;
        }
        return (c, cOff, ldc, m0, m1, n0, n1) -> {
            for (int m = m0; m < m1; m++) {
                int row = cOff + m * ldc;
                if (residual != null) {
                    for (int j = n0; j < n1; j++) {
                        c[row + j] += residual[row + j];
                    }
                }
                act.apply(c, row + n0, n1 - n0);
            }
        };
    }
}
