package com.example.orpheus.swish;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.KernelException;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.backend.Support;
import io.orpheus.api.graph.ValueInfo;

/**
 * {@code swish.swish}: a plain loop over float32 elements, split into one contiguous range per
 * thread of the session when the tensor is large enough to pay for it.
 */
final class SwishImplementation implements OpImplementation {

    /** Below this many elements per thread, splitting costs more than it saves. */
    private static final int MIN_RANGE = 1 << 14;

    @Override
    public String domain() {
        return SwishOperators.DOMAIN;
    }

    @Override
    public String opType() {
        return SwishSchema.OP;
    }

    @Override
    public String name() {
        return SwishBackend.ID + ".swish";
    }

    /** Above the reference's 0, as for any general-purpose kernel. */
    @Override
    public int priority() {
        return 100;
    }

    @Override
    public Support supports(NodeContext node) {
        ValueInfo x = node.inputType(0);
        if (x == null || x.dtype() == null) {
            return Support.no("element type of input 0 is unknown");
        }
        return x.dtype() == DataType.FLOAT ? Support.yes() : Support.no("float32 only, input 0 is " + x.dtype());
    }

    @Override
    public Kernel prepare(NodeContext node) {
        Support s = supports(node);
        if (!s.supported()) {
            throw new KernelException(node.node(), name(), s.reason());
        }
        double beta = node.node().attrFloat(SwishSchema.BETA, SwishSchema.DEFAULT_BETA);
        return ctx -> run(ctx, beta);
    }

    private static void run(KernelContext ctx, double beta) {
        Tensor x = ctx.input(0).toHeap();
        float[] in = x.floats();
        float[] out = ctx.output(0, DataType.FLOAT, x.shape()).floats();
        int n = in.length;
        int parts = (int) Math.max(1, Math.min(ctx.threads(), n / MIN_RANGE));
        if (parts == 1) {
            swish(in, out, 0, n, beta);
        } else {
            ctx.parallelFor(parts, p -> swish(in, out, (int) ((long) n * p / parts), (int) ((long) n * (p + 1) / parts),
                    beta));
        }
    }

    /** In double, rounded once: within a few ulps of the Mul, Sigmoid, Mul sequence in float. */
    static void swish(float[] in, float[] out, int from, int to, double beta) {
        for (int i = from; i < to; i++) {
            double v = in[i];
            out[i] = (float) (v * logistic(beta * v));
        }
    }

    /** {@code 1 / (1 + e^-z)}, evaluated so that neither branch overflows. */
    private static double logistic(double z) {
        if (z >= 0) {
            return 1 / (1 + Math.exp(-z));
        }
        double e = Math.exp(z);
        return e / (1 + e);
    }
}
