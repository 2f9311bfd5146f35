package io.orpheus.backend.reference.nn;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.Support;
import io.orpheus.api.graph.Node;
import io.orpheus.backend.reference.ReferenceOp;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.function.LongUnaryOperator;

/**
 * An elementwise activation computed in double and rounded to the element type. The function is
 * built once per node from its attributes. Integer inputs, where the operator allows them, use an
 * exact 64-bit function instead.
 */
final class UnaryActivation extends ReferenceOp {

    private final Function<Node, DoubleUnaryOperator> factory;
    private final LongUnaryOperator integerFunction;

    UnaryActivation(String opType, Function<Node, DoubleUnaryOperator> factory) {
        this(opType, factory, null);
    }

    /** With {@code integerFunction} null the operator accepts floating-point types only. */
    UnaryActivation(String opType, Function<Node, DoubleUnaryOperator> factory, LongUnaryOperator integerFunction) {
        super(opType);
        this.factory = factory;
        this.integerFunction = integerFunction;
    }

    @Override
    public Support supports(NodeContext node) {
        return FloatData.supportsInput(node, integerFunction != null);
    }

    @Override
    protected Kernel kernel(NodeContext node) {
        DoubleUnaryOperator f = factory.apply(node.node());
        return ctx -> run(node, ctx, f);
    }

    private void run(NodeContext node, KernelContext ctx, DoubleUnaryOperator f) {
        Tensor x = ctx.input(0).toHeap();
        DataType dt = x.dtype();
        if (!FloatData.isFloat(dt) && !(integerFunction != null && dt.isInteger())) {
            throw fail(node, "element type " + dt + " is not supported");
        }
        Tensor y = ctx.output(0, dt, x.shape());
        int n = x.size();
        if (dt == DataType.FLOAT) {
            float[] in = x.floats();
            float[] out = y.floats();
            for (int i = 0; i < n; i++) {
                out[i] = (float) f.applyAsDouble(in[i]);
            }
        } else if (dt == DataType.DOUBLE) {
            double[] in = x.doubles();
            double[] out = y.doubles();
            for (int i = 0; i < n; i++) {
                out[i] = f.applyAsDouble(in[i]);
            }
        } else if (dt.isInteger()) {
            for (int i = 0; i < n; i++) {
                y.setLong(i, integerFunction.applyAsLong(x.getLong(i)));
            }
        } else {
            for (int i = 0; i < n; i++) {
                y.setDouble(i, f.applyAsDouble(x.getDouble(i)));
            }
        }
    }
}
