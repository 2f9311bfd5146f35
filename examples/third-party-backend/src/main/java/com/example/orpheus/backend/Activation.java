package com.example.orpheus.backend;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.Support;
import io.orpheus.api.graph.Node;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;

/**
 * An element-wise activation on float or double tensors. The function is computed in double and
 * rounded once to the element type, which keeps float results within the reference's tolerance.
 */
final class Activation extends ExampleOp {

    private static final Set<DataType> TYPES = Set.of(DataType.FLOAT, DataType.DOUBLE);

    private final Function<Node, DoubleUnaryOperator> functionOf;

    private Activation(String opType, Function<Node, DoubleUnaryOperator> functionOf) {
        super(opType);
        this.functionOf = functionOf;
    }

    /** {@code max(0, x)}; NaN stays NaN, as in the reference. */
    static Activation relu() {
        return new Activation("Relu", n -> x -> x < 0 ? 0 : x);
    }

    /** {@code x < 0 ? alpha * x : x}, alpha from the node (default 0.01). */
    static Activation leakyRelu() {
        return new Activation("LeakyRelu", n -> {
            double alpha = n.attrFloat("alpha", 0.01f);
            return x -> x < 0 ? alpha * x : x;
        });
    }

    /** {@code 1 / (1 + e^-x)}, evaluated so that neither branch overflows. */
    static Activation sigmoid() {
        return new Activation("Sigmoid", n -> Activation::logistic);
    }

    private static double logistic(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }

    @Override
    public Support supports(NodeContext node) {
        return inputTypeIn(node, 0, TYPES);
    }

    @Override
    protected Kernel kernel(NodeContext node) {
        DoubleUnaryOperator f = functionOf.apply(node.node());
        return ctx -> run(ctx, f);
    }

    private static void run(KernelContext ctx, DoubleUnaryOperator f) {
        Tensor x = ctx.input(0).toHeap();
        Tensor y = ctx.output(0, x.dtype(), x.shape());
        if (x.dtype() == DataType.FLOAT) {
            float[] in = x.floats();
            float[] out = y.floats();
            forRanges(ctx, in.length, 1, (from, to) -> {
                for (int i = from; i < to; i++) {
                    out[i] = (float) f.applyAsDouble(in[i]);
                }
            });
        } else {
            double[] in = x.doubles();
            double[] out = y.doubles();
            forRanges(ctx, in.length, 1, (from, to) -> {
                for (int i = from; i < to; i++) {
                    out[i] = f.applyAsDouble(in[i]);
                }
            });
        }
    }
}
