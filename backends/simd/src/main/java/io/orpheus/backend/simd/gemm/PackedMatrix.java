package io.orpheus.backend.simd.gemm;

/**
 * A constant operand packed once into panels of {@code width} rows for every K block: K block b
 * (starting at k0) occupies {@code [k0 * paddedRows, (k0 + kc) * paddedRows)}, its panels in row order.
 */
public final class PackedMatrix implements PanelSource {

    private final int rows;
    private final int depth;
    private final int width;
    private final int paddedRows;
    private final float[] data;

    private PackedMatrix(int rows, int depth, int width, float[] data) {
        this.rows = rows;
        this.depth = depth;
        this.width = width;
        this.paddedRows = GemmBlocking.roundUp(rows, width);
        this.data = data;
    }

    /** Packs the operand as the A side (panels of {@link GemmKernel8x32#MR} rows). */
    public static PackedMatrix packA(Operand src, int rows, int depth, float scale) {
        return pack(src, rows, depth, GemmKernel8x32.MR, scale);
    }

    /** Packs the operand as the B side (panels of {@link GemmKernel8x32#NR} columns). */
    public static PackedMatrix packB(Operand src, int rows, int depth, float scale) {
        return pack(src, rows, depth, GemmKernel8x32.NR, scale);
    }

    private static PackedMatrix pack(Operand src, int rows, int depth, int width, float scale) {
        int padded = GemmBlocking.roundUp(rows, width);
        float[] data = new float[padded * depth];
        int step = GemmBlocking.kStep(depth);
        for (int k0 = 0; k0 < depth; k0 += step) {
            int kc = Math.min(step, depth - k0);
            src.pack(0, rows, k0, kc, width, scale, data, k0 * padded);
        }
        return new PackedMatrix(rows, depth, width, data);
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
    public float[] block(int r0, int rows, int k0, int kc, int scratchSlot) {
        return data;
    }

    @Override
    public int blockOffset(int r0, int k0, int kc) {
        return k0 * paddedRows + r0 * kc;
    }

    /** Floats held (for plans and memory reports). */
    public int footprint() {
        return data.length;
    }

    int width() {
        return width;
    }
}
