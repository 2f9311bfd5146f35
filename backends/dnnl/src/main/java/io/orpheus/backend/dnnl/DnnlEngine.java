package io.orpheus.backend.dnnl;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.lang.ref.Cleaner;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * One CPU engine, made by a backend instance when it prepares its first kernel. Kernels keep it
 * reachable while they live; it is destroyed once neither the backend nor any kernel refers to it.
 */
final class DnnlEngine {

    private static final Cleaner CLEANER = Cleaner.create();

    private final Dnnl dnnl;
    private final Pointer handle;
    /** Run memory not in use; as many as runs on this engine have overlapped. */
    private final ConcurrentLinkedDeque<RunMemory> spareRunMemory = new ConcurrentLinkedDeque<>();

    DnnlEngine(Dnnl dnnl) {
        this.dnnl = dnnl;
        PointerByReference ref = new PointerByReference();
        Dnnl.check(dnnl.lib().dnnl_engine_create(ref, DnnlConstants.ENGINE_CPU, 0), "dnnl_engine_create");
        this.handle = ref.getValue();
        DnnlLibrary lib = dnnl.lib();
        Pointer h = handle;
        CLEANER.register(this, () -> lib.dnnl_engine_destroy(h));
    }

    Dnnl dnnl() {
        return dnnl;
    }

    DnnlLibrary lib() {
        return dnnl.lib();
    }

    Pointer handle() {
        return handle;
    }

    /** Run memory for one run, handed back with {@link #release(RunMemory)} when the run ends. */
    RunMemory takeRunMemory() {
        RunMemory m = spareRunMemory.pollFirst();
        return m != null ? m : new RunMemory();
    }

    void release(RunMemory m) {
        m.reset();
        spareRunMemory.offerFirst(m);
    }
}
