package io.orpheus.backend.simd.gemm;

/**
 * One GEMM operand as packed panels, block by block: a constant one packed once at prepare time, or a
 * run-time one packed into the worker's scratch on demand.
 */
public interface PanelSource {

    /** Rows (M or N) of the operand. */
    int rows();

    /** Depth (K) of the operand. */
    int depth();

    /**
     * Makes the block of rows {@code [r0, r0+rows)} (r0 a multiple of the panel width) and K
     * {@code [k0, k0+kc)} available; returns its array. Panel p of the block starts at
     * {@code blockOffset(r0, k0, kc) + p * width * kc}.
     */
    float[] block(int r0, int rows, int k0, int kc, int scratchSlot);

    int blockOffset(int r0, int k0, int kc);
}
