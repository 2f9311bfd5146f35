package io.orpheus.api;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Copies between native segments (little-endian, as native backends lay them out) and heap arrays. */
final class NativeCopy {

    private NativeCopy() {
    }

    static void toHeap(MemorySegment src, Object dst, DataType t) {
        switch (dst) {
            case float[] f -> MemorySegment.copy(src, ValueLayout.JAVA_FLOAT_UNALIGNED, 0, f, 0, f.length);
            case double[] d -> MemorySegment.copy(src, ValueLayout.JAVA_DOUBLE_UNALIGNED, 0, d, 0, d.length);
            case long[] l -> MemorySegment.copy(src, ValueLayout.JAVA_LONG_UNALIGNED, 0, l, 0, l.length);
            case int[] n -> MemorySegment.copy(src, ValueLayout.JAVA_INT_UNALIGNED, 0, n, 0, n.length);
            case short[] s -> MemorySegment.copy(src, ValueLayout.JAVA_SHORT_UNALIGNED, 0, s, 0, s.length);
            case byte[] b -> MemorySegment.copy(src, ValueLayout.JAVA_BYTE, 0, b, 0, b.length);
            default -> throw new IllegalStateException(t + " tensors cannot live in native memory");
        }
    }
}
