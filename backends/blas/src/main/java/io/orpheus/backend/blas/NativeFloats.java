package io.orpheus.backend.blas;

import io.orpheus.backend.nativesupport.TransferClock;
import io.orpheus.api.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Float buffers in native memory and the copies between them and heap tensors. */
final class NativeFloats {

    /** Cache-line alignment, which OpenBLAS's packing routines read fastest. */
    private static final long ALIGNMENT = 64;

    private NativeFloats() {
    }

    static MemorySegment allocate(Arena arena, long floats) {
        return arena.allocate(Math.max(1, floats) * Float.BYTES, ALIGNMENT);
    }

    /** The tensor's floats in native memory: its own segment when it is native already, else a copy. */
    static MemorySegment of(Tensor t, Arena arena, TransferClock clock) {
        if (t.isNative()) {
            return t.segment();
        }
        return copyOf(t.floats(), 0, t.size(), arena, clock);
    }

    static MemorySegment copyOf(float[] src, int from, int count, Arena arena, TransferClock clock) {
        long t0 = System.nanoTime();
        MemorySegment s = allocate(arena, count);
        MemorySegment.copy(src, from, s, ValueLayout.JAVA_FLOAT, 0, count);
        if (clock != null) {
            clock.copied(t0, (long) count * Float.BYTES);
        }
        return s;
    }

    static void copyIn(float[] src, int from, MemorySegment dst, long dstFloat, int count, TransferClock clock) {
        long t0 = System.nanoTime();
        MemorySegment.copy(src, from, dst, ValueLayout.JAVA_FLOAT, dstFloat * Float.BYTES, count);
        clock.copied(t0, (long) count * Float.BYTES);
    }

    static void copyOut(MemorySegment src, float[] dst, int count, TransferClock clock) {
        long t0 = System.nanoTime();
        MemorySegment.copy(src, ValueLayout.JAVA_FLOAT, 0, dst, 0, count);
        clock.copied(t0, (long) count * Float.BYTES);
    }
}
