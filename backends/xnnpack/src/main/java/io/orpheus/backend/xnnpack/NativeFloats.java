package io.orpheus.backend.xnnpack;

import io.orpheus.backend.nativesupport.TransferClock;
import com.sun.jna.Pointer;
import io.orpheus.api.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Float buffers in native memory, and the one copy per tensor per run between them and heap tensors:
 * straight, for the operators whose order is the same either way (fully connected, element-wise); the
 * spatial ones go through {@link ChannelsLast}.
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

    /** The tensor's floats, in their order, in a fresh native buffer. */
    static MemorySegment copyIn(Tensor t, Arena arena, TransferClock clock) {
        long t0 = System.nanoTime();
        MemorySegment s = allocate(arena, t.size());
        if (t.isNative()) {
            MemorySegment.copy(t.segment(), 0, s, 0, (long) t.size() * Float.BYTES);
        } else {
            MemorySegment.copy(t.floats(), 0, s, ValueLayout.JAVA_FLOAT, 0, t.size());
        }
        clock.copied(t0, (long) t.size() * Float.BYTES);
        return s;
    }

    /** {@code count} floats from native memory into {@code dst}. */
    static void copyOut(MemorySegment src, float[] dst, TransferClock clock) {
        long t0 = System.nanoTime();
        MemorySegment.copy(src, ValueLayout.JAVA_FLOAT, 0, dst, 0, dst.length);
        clock.copied(t0, (long) dst.length * Float.BYTES);
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
