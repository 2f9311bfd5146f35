package io.orpheus.backend.dnnl;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Native memory one run of a kernel carves its buffers and scratchpads from, kept by the engine and
 * reused by later runs. Allocating them fresh on every run cost a malloc, an mmap and first-touch
 * page faults per large buffer: mobilenet_v1 on oneDNN ran 5.2 ms at best and 9 ms in the median.
 * A run that needs more than the block holds takes the rest from its own arena, and the block grows
 * to that run's total for the next run, so the block stays as large as the largest run of the kernels
 * sharing the engine, and no larger.
 */
final class RunMemory {

    private MemorySegment block = MemorySegment.NULL;
    private long used;
    private long requested;

    /**
     * {@code bytes} aligned to {@link Execution#ALIGNMENT}, from the block when it has room, else from
     * {@code overflow}, which the caller frees when the run ends.
     */
    MemorySegment allocate(long bytes, Arena overflow) {
        long size = Math.max(1, bytes);
        long at = align(used);
        requested = align(requested) + size;
        if (at + size <= block.byteSize()) {
            used = at + size;
            return block.asSlice(at, size);
        }
        return overflow.allocate(size, Execution.ALIGNMENT);
    }

    /** Ends a run: later allocations start at the beginning of a block large enough for this run. */
    void reset() {
        if (requested > block.byteSize()) {
            block = Arena.ofAuto().allocate(requested, Execution.ALIGNMENT);
        }
        used = 0;
        requested = 0;
    }

    long capacity() {
        return block.byteSize();
    }

    private static long align(long offset) {
        return (offset + Execution.ALIGNMENT - 1) & -Execution.ALIGNMENT;
    }
}
