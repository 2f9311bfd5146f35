package io.orpheus.backend.simd.nchwc;

/**
 * Reads one float of every pixel (one cache line in NCHW16c) of a run of pixels in every input block, so that
 * a kernel that then broadcasts those pixels finds them in L1 or L2.
 *
 * <p>Why: a pointwise tile broadcasts its pixels from 16 or more input blocks, each a plane apart, and its
 * loads wait behind the FMAs of the blocks before them, so few misses are in flight at once and the hardware
 * prefetchers did not follow that many streams. A layer whose input came from L3 or memory paid the full
 * latency per line: 1x1, 256 -> 64 at 56x56 took 0.79-1.03 ms with its input in L3 and 0.95-1.58 ms after a
 * cache flush, against 0.55 and 0.57 ms with this pass first (ONNX Runtime, whose GEMM first copies its input
 * into panels: 0.44-0.56 ms either way). This pass has nothing but independent loads, so the core keeps many
 * misses in flight. On input already in L2 it costs about 5%, hence {@link #worthIt}.
 */
final class InputReadAhead {

    /** Input bytes (all channels of an image) from which the input no longer stays in one core's 1 MiB L2. */
    static final long MIN_INPUT_BYTES = 1L << 20;
    /** Fewer blocks are few enough streams for the prefetchers (MobileNet-v1's 32 -> 64 at 112x112: 6% slower). */
    static final int MIN_BLOCKS = 4;

    /** Written so that the reads are not dead code; its value means nothing. */
    @SuppressWarnings("unused")
    private static int consumed;

    private InputReadAhead() {
    }

    /** Whether an image's input of {@code blocks} blocks of {@code plane} pixels is worth reading ahead. */
    static boolean worthIt(int blocks, int plane) {
        return blocks >= MIN_BLOCKS && (long) blocks * plane * NchwcOps.BLOCK * Float.BYTES >= MIN_INPUT_BYTES;
    }

    /** Reads pixels {@code [at, at + pixels)} of the {@code blocks} blocks from {@code base}, {@code blockStride} apart. */
    static void pixels(float[] x, int base, int blockStride, int blocks, int at, int pixels) {
        int seen = 0;
        int from = base + at * NchwcOps.BLOCK;
        int to = from + pixels * NchwcOps.BLOCK;
        for (int b = 0; b < blocks; b++) {
            int offset = b * blockStride;
            for (int i = from + offset; i < to + offset; i += NchwcOps.BLOCK) {
                seen ^= Float.floatToRawIntBits(x[i]);
            }
        }
        consumed = seen;
    }
}
