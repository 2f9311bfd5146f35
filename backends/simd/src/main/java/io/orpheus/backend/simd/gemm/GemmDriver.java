package io.orpheus.backend.simd.gemm;

import io.orpheus.api.backend.KernelContext;
import io.orpheus.backend.simd.Scratch;

/**
 * C[M, N] = init, then += A[M, K] x B[K, N], then post, over packed panels: tasks are (MC x NC) blocks
 * of C spread over the session's workers; each task walks every K block itself (no two tasks write the
 * same C element, so no reduction), packing its run-time operand into its own scratch.
 */
public final class GemmDriver {

    private GemmDriver() {
    }

    /**
     * @param c   output, row m at {@code cOff + m * ldc}
     * @param a   M x K operand (panels of MR rows)
     * @param b   N x K operand (panels of NR columns)
     */
    public static void multiply(KernelContext ctx, PanelSource a, PanelSource b, float[] c, int cOff, int ldc,
                                TileHook init, TileHook post) {
        int m = a.rows();
        int n = b.rows();
        int k = a.depth();
        if (b.depth() != k) {
            throw new IllegalArgumentException("inner dimensions differ: " + k + " and " + b.depth());
        }
        int threads = Math.max(1, ctx.threads());
        int mc = GemmBlocking.step(m, GemmBlocking.MC, 1, GemmKernel8x32.MR);
        int mBlocks = (m + mc - 1) / mc;
        // Enough tasks to keep every worker busy (twice the threads evens out uneven blocks).
        int minNBlocks = threads == 1 ? 1 : (2 * threads + mBlocks - 1) / mBlocks;
        int nc = GemmBlocking.step(n, GemmBlocking.NC, minNBlocks, GemmKernel8x32.NR);
        int nBlocks = (n + nc - 1) / nc;
        int tasks = mBlocks * nBlocks;
        if (tasks == 1 || threads == 1) {
            for (int t = 0; t < tasks; t++) {
                block(a, b, c, cOff, ldc, init, post, m, n, k, mc, nc, t / nBlocks, t % nBlocks);
            }
            return;
        }
        ctx.parallelFor(tasks, t -> block(a, b, c, cOff, ldc, init, post, m, n, k, mc, nc, t / nBlocks,
                t % nBlocks));
    }

    private static void block(PanelSource a, PanelSource b, float[] c, int cOff, int ldc, TileHook init,
                              TileHook post, int m, int n, int k, int mc, int nc, int mb, int nb) {
        int m0 = mb * mc;
        int m1 = Math.min(m, m0 + mc);
        int n0 = nb * nc;
        int n1 = Math.min(n, n0 + nc);
        init.apply(c, cOff, ldc, m0, m1, n0, n1);
        int kStep = GemmBlocking.kStep(k);
        for (int k0 = 0; k0 < k; k0 += kStep) {
            int kc = Math.min(kStep, k - k0);
            float[] bArr = b.block(n0, n1 - n0, k0, kc, Scratch.PACK_B);
            int bBase = b.blockOffset(n0, k0, kc);
            float[] aArr = a.block(m0, m1 - m0, k0, kc, Scratch.PACK_A);
            int aBase = a.blockOffset(m0, k0, kc);
            for (int j0 = n0; j0 < n1; j0 += GemmKernel8x32.NR) {
                int cols = Math.min(GemmKernel8x32.NR, n1 - j0);
                int bOff = bBase + (j0 - n0) * kc;
                for (int i0 = m0; i0 < m1; i0 += GemmKernel8x32.MR) {
                    int rows = Math.min(GemmKernel8x32.MR, m1 - i0);
                    GemmKernel8x32.multiplyAdd(aArr, aBase + (i0 - m0) * kc, bArr, bOff, kc, c,
                            cOff + i0 * ldc + j0, ldc, rows, cols);
                }
            }
        }
        post.apply(c, cOff, ldc, m0, m1, n0, n1);
    }
}
