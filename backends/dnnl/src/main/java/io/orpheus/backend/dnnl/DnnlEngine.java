package io.orpheus.backend.dnnl;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.lang.ref.Cleaner;

/**
 * One CPU engine, made by a backend instance when it prepares its first kernel. Kernels keep it
 * reachable while they live; it is destroyed once neither the backend nor any kernel refers to it.
 */
final class DnnlEngine {

    private static final Cleaner CLEANER = Cleaner.create();

    private final Dnnl dnnl;
    private final Pointer handle;

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
}
