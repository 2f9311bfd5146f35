package io.orpheus.backend.dnnl;

import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelException;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.backend.StorageKind;
import io.orpheus.api.backend.Support;

/**
 * What the implementations here share: native storage (native inputs are read in place), and a
 * prepare that checks support first, so a kernel is never made for a node it would compute wrongly.
 */
abstract class DnnlImplementation implements OpImplementation {

    protected final DnnlBackend backend;
    private final String opType;
    private final String name;

    DnnlImplementation(DnnlBackend backend, String opType, String name) {
        this.backend = backend;
        this.opType = opType;
        this.name = name;
    }

    @Override
    public final String opType() {
        return opType;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public StorageKind storage() {
        return StorageKind.NATIVE;
    }

    /** The kernel for a node this implementation supports. */
    abstract Kernel newKernel(DnnlEngine engine, NodeContext ctx);

    @Override
    public final Kernel prepare(NodeContext ctx) {
        Support s = supports(ctx);
        if (!s.supported()) {
            throw new KernelException(ctx.node(), name, s.reason());
        }
        return newKernel(backend.engine(ctx.node(), name), ctx);
    }
}
