package io.orpheus.backend.simd;

import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelException;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.backend.Support;

/**
 * Base of the SIMD implementations: a name of the form {@code simd.<op>[.<algorithm>]}, a priority,
 * and a {@link #prepare} that turns any failure into a {@link KernelException} naming the node.
 * {@link #supports} never throws: a subclass's check that trips over a malformed node answers no.
 */
public abstract class SimdOp implements OpImplementation {

    /** Priority of a general kernel (the reference backend uses 0). */
    public static final int GENERAL = 100;
    /** Priority of a kernel specialised to a subset of nodes, so that it wins where it applies. */
    public static final int SPECIALISED = 120;

    private final String opType;
    private final String name;
    private final int priority;

    protected SimdOp(String opType, String name, int priority) {
        this.opType = opType;
        this.name = name;
        this.priority = priority;
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
    public final int priority() {
        return priority;
    }

    @Override
    public final Support supports(NodeContext node) {
        try {
            return check(node);
        } catch (RuntimeException e) {
            return Support.no("malformed node: " + e.getMessage());
        }
    }

    @Override
    public final Kernel prepare(NodeContext node) {
        Support s = supports(node);
        if (!s.supported()) {
            throw new KernelException(node.node(), name, "not supported: " + s.reason());
        }
        try {
            return kernel(node);
        } catch (KernelException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new KernelException(node.node(), name, String.valueOf(e.getMessage()), e);
        }
    }

    /** Whether this implementation runs the node; may throw on malformed attributes (answered as no). */
    protected abstract Support check(NodeContext node);

    /** Builds the kernel, packing constant operands once. */
    protected abstract Kernel kernel(NodeContext node);

    /** An error naming the node and this implementation. */
    protected final KernelException fail(NodeContext node, String reason) {
        return new KernelException(node.node(), name, reason);
    }
}
