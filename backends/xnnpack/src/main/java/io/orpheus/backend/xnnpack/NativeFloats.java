package io.orpheus.backend.xnnpack;

import com.sun.jna.Pointer;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Float buffers in native memory with XNNPACK's over-read margin, their pointers, and the weight
 * transposition done once at prepare; activations cross to and from native memory through
 * {@link ChannelsLast}.
 */
final class NativeFloats {

    /** XNNPACK may read (never write) this many bytes past the end of any tensor it is given. */
    static final long XNN_EXTRA_BYTES = 16;
    private static final long ALIGNMENT = 64;

    private NativeFloats() {
    }

    /** Room for {@code floats} floats plus XNNPACK's over-read margin. */
    static MemorySegment allocate(Arena arena, long floats) {
        return arena.allocate(floats * Float.BYTES + XNN_EXTRA_BYTES, ALIGNMENT);
    }

    static Pointer pointer(MemorySegment s) {
        return new Pointer(s.address());
    }

    /** Per batch item, the (rows, cols) matrix of {@code src} into {@code dst} as (cols, rows). */
    static void transpose(float[] src, float[] dst, int batch, int rows, int cols) {
        int item = rows * cols;
        for (int n = 0; n < batch; n++) {
            int base = n * item;
            for (int r = 0; r < rows; r++) {
                int from = base + r * cols;
                for (int c = 0; c < cols; c++) {
                    dst[base + c * rows + r] = src[from + c];
                }
            }
        }
    }
}
