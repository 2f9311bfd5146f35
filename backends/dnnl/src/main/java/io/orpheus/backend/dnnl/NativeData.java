package io.orpheus.backend.dnnl;

import io.orpheus.backend.nativesupport.TransferClock;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** Row-major floats between native memory and the heap: results copied out, constants copied in once. */
final class NativeData {

    private NativeData() {
    }

    static void copyOut(MemorySegment plainData, float[] out, TransferClock clock) {
        long t0 = System.nanoTime();
        MemorySegment.copy(plainData, ValueLayout.JAVA_FLOAT, 0, out, 0, out.length);
        clock.copied(t0, (long) out.length * Float.BYTES);
    }

    static MemorySegment constant(Plan plan, float[] values) {
        MemorySegment s = plan.arena().allocate(Math.max(1, (long) values.length * Float.BYTES), Execution.ALIGNMENT);
        MemorySegment.copy(values, 0, s, ValueLayout.JAVA_FLOAT, 0, values.length);
        plan.addConstantBytes(s.byteSize());
        return s;
    }
}
