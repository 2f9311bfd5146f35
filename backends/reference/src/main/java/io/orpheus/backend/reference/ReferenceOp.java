package io.orpheus.backend.reference;

import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelException;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.backend.Support;
import java.util.Locale;

/**
 * Base of the reference implementations: named {@code reference.<op>}, lowest priority (any admitted
 * faster implementation wins unless the user forces this one), and supporting every node of its
 * operator unless a subclass says otherwise.
 */
public abstract class ReferenceOp implements OpImplementation {

    private final String opType;
    private final String name;

    protected ReferenceOp(String opType) {
        this.opType = opType;
        this.name = "reference." + opType.toLowerCase(Locale.ROOT);
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
    public int priority() {
        return 0;
    }

    @Override
    public Support supports(NodeContext node) {
        return Support.yes();
    }

    @Override
    public final Kernel prepare(NodeContext node) {
        try {
            return kernel(node);
        } catch (KernelException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new KernelException(node.node(), name, String.valueOf(e.getMessage()), e);
        }
    }

    /** Builds the kernel; read attributes here once, not per run. */
    protected abstract Kernel kernel(NodeContext node);

    /** An error naming the node and this implementation. */
    protected final KernelException fail(NodeContext node, String reason) {
        return new KernelException(node.node(), name, reason);
    }
}
