package io.orpheus.backend.simd.conv;

/**
 * Per-thread buffers of the convolution algorithms that need more than the shared
 * {@link io.orpheus.backend.simd.Scratch} slots (which the GEMM driver and micro-kernel use at the same
 * time): grown on demand and reused between runs, so that a steady-state inference allocates nothing.
 * A slot number keeps apart the buffers one task holds at once.
 */
final class ConvScratch {

    /** Float slots: transformed input, products, padded input planes, output staging. */
    static final int INPUT = 0;
    static final int PRODUCT = 1;
    static final int PLANES = 2;
    static final int STAGE = 3;
    private static final int FLOAT_SLOTS = 4;

    /** Int slots: per-tile offsets into the padded plane, into the output, the tiles' valid extents, an edge map. */
    static final int TILE_IN = 0;
    static final int TILE_OUT = 1;
    static final int TILE_ROWS = 2;
    static final int TILE_COLS = 3;
    static final int EDGE_MAP = 4;
    /** Int slot: a direct convolution's tap offsets into its padded planes. */
    static final int TAPS = 5;
    private static final int INT_SLOTS = 6;

    private static final ThreadLocal<float[][]> FLOATS = ThreadLocal.withInitial(() -> new float[FLOAT_SLOTS][]);
    private static final ThreadLocal<int[][]> INTS = ThreadLocal.withInitial(() -> new int[INT_SLOTS][]);

    private ConvScratch() {
    }

    /** This thread's float array for {@code slot}, at least {@code size} long (contents undefined). */
    static float[] floats(int slot, int size) {
        float[][] b = FLOATS.get();
        float[] a = b[slot];
        if (a == null || a.length < size) {
            a = new float[Math.max(size, a == null ? 0 : a.length + a.length / 2)];
            b[slot] = a;
        }
        return a;
    }

    /** This thread's int array for {@code slot}, at least {@code size} long (contents undefined). */
    static int[] ints(int slot, int size) {
        int[][] b = INTS.get();
        int[] a = b[slot];
        if (a == null || a.length < size) {
            a = new int[Math.max(size, a == null ? 0 : a.length + a.length / 2)];
            b[slot] = a;
        }
        return a;
    }
}
