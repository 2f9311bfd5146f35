package io.orpheus.backend.reference.tensor;

import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.KernelException;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.backend.reference.ReferenceOp;

/** A reference operator whose kernel comes from a factory, so that each operator is one small function. */
final class TensorOp extends ReferenceOp {

    /** Builds the kernel for one node; {@code op} makes errors that name the node and implementation. */
    @FunctionalInterface
    interface KernelFactory {
        Kernel create(NodeContext node, TensorOp op);
    }

    private final KernelFactory factory;

    TensorOp(String opType, KernelFactory factory) {
        super(opType);
        this.factory = factory;
    }

    @Override
    protected Kernel kernel(NodeContext node) {
        Kernel k = factory.create(node, this);
        // Run-time failures (bad shapes, indices out of range) must name the node, as prepare-time ones do.
        return ctx -> {
            try {
                k.run(ctx);
            } catch (KernelException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new KernelException(node.node(), name(), String.valueOf(e.getMessage()), e);
            }
        };
    }

    /** An error naming the node, usable at prepare and run time. */
    KernelException error(NodeContext node, String reason) {
        return fail(node, reason);
    }

    /** Input {@code i}, which the operator requires; an error naming the node when it is missing. */
    Tensor required(NodeContext node, KernelContext ctx, int i) {
        Tensor t = i < ctx.inputCount() ? ctx.input(i) : null;
        if (t == null) {
            throw fail(node, "required input " + i + " is missing");
        }
        return t;
    }

    /** Input {@code i}, or null when the node omits it or lists fewer inputs. */
    static Tensor optional(KernelContext ctx, int i) {
        return i < ctx.inputCount() ? ctx.input(i) : null;
    }
}
