package io.orpheus.backend.blas;

import io.orpheus.backend.nativesupport.TransferClock;
import io.orpheus.api.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A matrix operand of sgemm: a constant (weights) copied to native memory once, when the kernel is
 * prepared, or a per-run input copied in on every run.
 */
final class Operand {

    private final MemorySegment prepared;

    private Operand(MemorySegment prepared) {
        this.prepared = prepared;
    }

    /** {@code constant} copied into {@code kernelArena} now, or a per-run operand when it is null. */
    static Operand prepare(Tensor constant, Arena kernelArena) {
        if (constant == null) {
            return new Operand(null);
        }
        Tensor heap = constant.toHeap();
        return new Operand(NativeFloats.copyOf(heap.floats(), 0, heap.size(), kernelArena, null));
    }

    /** The native floats for this run: the prepared copy, or {@code runValue} copied into {@code runArena}. */
    MemorySegment segment(Tensor runValue, Arena runArena, TransferClock clock) {
        return prepared != null ? prepared : NativeFloats.of(runValue, runArena, clock);
    }

    long bytes() {
        return prepared == null ? 0 : prepared.byteSize();
    }
}
