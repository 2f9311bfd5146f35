package io.orpheus.backend.simd;

/**
 * Per-thread scratch arrays for packing and transforms. Kernels keep no per-run state, and runs may be
 * concurrent, so each worker thread reuses its own arrays, grown on demand; a slot number keeps the
 * buffers one task uses at once apart. (Buffer planning by the runtime will replace this.)
 */
public final class Scratch {

    /**
     * Slots: packed A block, packed B block, im2col staging, padded plane, one micro-kernel edge tile, one
     * task's band of padded input rows, a blocked Winograd band's transformed input and its products.
     */
    public static final int PACK_A = 0;
    public static final int PACK_B = 1;
    public static final int STAGE = 2;
    public static final int PLANE = 3;
    public static final int TILE = 4;
    public static final int BAND = 5;
    public static final int WINOGRAD_INPUT = 6;
    public static final int WINOGRAD_PRODUCTS = 7;
    private static final int SLOTS = 8;

    private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(() -> new float[SLOTS][]);

    private Scratch() {
    }

    /** This thread's array for {@code slot}, at least {@code size} long (contents undefined). */
    public static float[] get(int slot, int size) {
        float[][] b = BUFFERS.get();
        float[] a = b[slot];
        if (a == null || a.length < size) {
            a = new float[Math.max(size, a == null ? 0 : a.length + a.length / 2)];
            b[slot] = a;
        }
        return a;
    }
}
