package io.orpheus.backend.dnnl;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of one kernel: a stream, the memory objects and buffers the run needs, and the scratchpads
 * of the primitives it executes, all freed when the run ends. Nothing here is shared between runs, so
 * several threads may run the same kernel at once.
 */
final class Execution implements AutoCloseable {

    /** Cache-line alignment; oneDNN's kernels want 64 bytes for vector loads. */
    static final long ALIGNMENT = 64;

    private final DnnlEngine engine;
    private final DnnlLibrary lib;
    private final Arena arena = Arena.ofConfined();
    private final RunMemory runMemory;
    private final List<Pointer> memories = new ArrayList<>();
    private Pointer stream;

    Execution(DnnlEngine engine) {
        this.engine = engine;
        this.lib = engine.lib();
        this.runMemory = engine.takeRunMemory();
        PointerByReference ref = new PointerByReference();
        try {
            Dnnl.check(lib.dnnl_stream_create(ref, engine.handle(), DnnlConstants.STREAM_DEFAULT_FLAGS),
                    "dnnl_stream_create");
        } catch (RuntimeException e) {
            arena.close();
            engine.release(runMemory);
            throw e;
        }
        this.stream = ref.getValue();
    }

    Arena arena() {
        return arena;
    }

    /**
     * A zeroed, aligned native buffer for this run. Zeroed because a blocked layout's padding must
     * read as zero and not every reorder writes it.
     */
    MemorySegment buffer(long bytes) {
        return runMemory.allocate(bytes, arena).fill((byte) 0);
    }

    /** An aligned native buffer for this run whose contents the primitive writes before it reads. */
    private MemorySegment scratchpad(long bytes) {
        return runMemory.allocate(bytes, arena);
    }

    /** A memory object of layout {@code md} over {@code data}, destroyed when the run ends. */
    Pointer memory(MemoryDesc md, MemorySegment data) {
        if (data.byteSize() < md.bytes()) {
            throw new IllegalArgumentException("buffer of " + data.byteSize() + " bytes is smaller than the "
                    + md.bytes() + " its layout needs");
        }
        return memory(md.pointer(), new Pointer(data.address()));
    }

    private Pointer memory(Pointer md, Pointer data) {
        PointerByReference ref = new PointerByReference();
        Dnnl.check(lib.dnnl_memory_create(ref, md, engine.handle(), data), "dnnl_memory_create");
        memories.add(ref.getValue());
        return ref.getValue();
    }

    /**
     * Executes {@code p} with the given (argument id, memory object) pairs, adding a scratchpad of this
     * run's own when the primitive needs one.
     */
    void execute(Primitive p, Args args) {
        if (p.scratchpad() != null) {
            args.add(DnnlConstants.ARG_SCRATCHPAD, memory(p.scratchpad(), scratchpad(p.scratchpadBytes())));
        }
        MemorySegment a = arena.allocate((long) DnnlConstants.EXEC_ARG_BYTES * args.size(), 8);
        for (int i = 0; i < args.size(); i++) {
            long at = (long) i * DnnlConstants.EXEC_ARG_BYTES;
            a.set(ValueLayout.JAVA_INT, at, args.id(i));
            a.set(ValueLayout.JAVA_LONG, at + 8, Pointer.nativeValue(args.memory(i)));
        }
        Dnnl.check(lib.dnnl_primitive_execute(p.handle(), stream, args.size(), new Pointer(a.address())),
                "dnnl_primitive_execute(" + p.implementation() + ")");
    }

    /** Reorders {@code from} (layout {@code fromMd}) into {@code to} (layout {@code toMd}). */
    void reorder(Primitive reorder, MemoryDesc fromMd, MemorySegment from, MemoryDesc toMd, MemorySegment to) {
        execute(reorder, new Args().add(DnnlConstants.ARG_FROM, memory(fromMd, from))
                .add(DnnlConstants.ARG_TO, memory(toMd, to)));
    }

    @Override
    public void close() {
        try {
            for (Pointer m : memories) {
                lib.dnnl_memory_destroy(m);
            }
            memories.clear();
            if (stream != null) {
                lib.dnnl_stream_destroy(stream);
                stream = null;
            }
        } finally {
            arena.close();
            engine.release(runMemory);
        }
    }

    /** Arguments of one primitive execution. */
    static final class Args {
        private final List<Integer> ids = new ArrayList<>();
        private final List<Pointer> mems = new ArrayList<>();

        Args add(int id, Pointer memory) {
            ids.add(id);
            mems.add(memory);
            return this;
        }

        int size() {
            return ids.size();
        }

        int id(int i) {
            return ids.get(i);
        }

        Pointer memory(int i) {
            return mems.get(i);
        }
    }
}
