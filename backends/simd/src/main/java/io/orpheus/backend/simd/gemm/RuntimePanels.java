package io.orpheus.backend.simd.gemm;

import io.orpheus.backend.simd.Scratch;

/** A run-time operand, packed block by block into the calling worker's scratch. */
public final class RuntimePanels implements PanelSource {

    private final Operand src;
    private final int rows;
    private final int depth;
    private final int width;
    private final float scale;

    private RuntimePanels(Operand src, int rows, int depth, int width, float scale) {
        this.src = src;
        this.rows = rows;
        this.depth = depth;
        this.width = width;
        this.scale = scale;
    }

    public static RuntimePanels a(Operand src, int rows, int depth, float scale) {
        return new RuntimePanels(src, rows, depth, GemmKernel8x32.MR, scale);
    }

    public static RuntimePanels b(Operand src, int rows, int depth) {
        return new RuntimePanels(src, rows, depth, GemmKernel8x32.NR, 1f);
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int depth() {
        return depth;
    }

    @Override
    public float[] block(int r0, int rowCount, int k0, int kc, int scratchSlot) {
        float[] dst = Scratch.get(scratchSlot, GemmBlocking.roundUp(rowCount, width) * kc);
        src.pack(r0, rowCount, k0, kc, width, scale, dst, 0);
        return dst;
    }

    @Override
    public int blockOffset(int r0, int k0, int kc) {
        return 0;
    }
}
