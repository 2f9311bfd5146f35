package io.orpheus.backend.simd.tensor;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.Support;
import io.orpheus.backend.simd.Activation;
import io.orpheus.backend.simd.Checks;
import io.orpheus.backend.simd.SimdOp;
import java.util.Locale;
import java.util.function.Function;

/**
 * The vectorised activations: Relu, LeakyRelu, Sigmoid, Tanh, HardSwish, HardSigmoid, and Clip (bounds
 * as attributes before opset 11, as optional inputs from 11, read per run when they are not constant).
 * Large tensors are split into chunks across the workers.
 */
public final class SimdUnary extends SimdOp {

    /** Elements per parallel chunk (a multiple of every vector length). */
    private static final int CHUNK = 16384;

    private final Function<NodeContext, Activation> fixed;

    private SimdUnary(String opType, Function<NodeContext, Activation> fixed) {
        super(opType, "simd." + opType.toLowerCase(Locale.ROOT), SimdOp.GENERAL);
        this.fixed = fixed;
    }

    public static SimdUnary relu() {
        return new SimdUnary("Relu", n -> Activation.RELU);
    }

    public static SimdUnary leakyRelu() {
        return new SimdUnary("LeakyRelu", n -> Activation.leakyRelu(n.node().attrFloat("alpha", 0.01f)));
    }

    public static SimdUnary sigmoid() {
        return new SimdUnary("Sigmoid", n -> Activation.sigmoid());
    }

    public static SimdUnary tanh() {
        return new SimdUnary("Tanh", n -> Activation.tanh());
    }

    public static SimdUnary hardSwish() {
        return new SimdUnary("HardSwish", n -> Activation.hardSwish());
    }

    public static SimdUnary hardSigmoid() {
        return new SimdUnary("HardSigmoid", n -> Activation.hardSigmoid(n.node().attrFloat("alpha", 0.2f),
                n.node().attrFloat("beta", 0.5f)));
    }

    /** Clip: the activation depends on the bounds, which may arrive at run time. */
    public static SimdUnary clip() {
        return new SimdUnary("Clip", null);
    }

    @Override
    protected Support check(NodeContext node) {
        return Checks.allFloat(node);
    }

    @Override
    protected Kernel kernel(NodeContext node) {
        if (fixed != null) {
            Activation act = fixed.apply(node);
            return ctx -> apply(ctx, act);
        }
        if (node.opVersion() < 11) {
            Activation act = Activation.clip(node.node().attrFloat("min", -Float.MAX_VALUE),
                    node.node().attrFloat("max", Float.MAX_VALUE));
            return ctx -> apply(ctx, act);
        }
        return ctx -> apply(ctx, Activation.clip(bound(node, ctx, 1, Float.NEGATIVE_INFINITY),
                bound(node, ctx, 2, Float.POSITIVE_INFINITY)));
    }

    private float bound(NodeContext node, KernelContext ctx, int i, float dflt) {
        if (!Checks.present(node, i)) {
            return dflt;
        }
        Tensor t = ctx.input(i);
        if (t == null) {
            return dflt;
        }
        if (t.size() != 1) {
            throw fail(node, "bound " + i + " has " + t.size() + " elements; it must be a scalar");
        }
        return t.toHeap().floats()[0];
    }

    private static void apply(KernelContext ctx, Activation act) {
        Tensor x = ctx.input(0).toHeap();
        Tensor y = ctx.uninitializedOutput(0, DataType.FLOAT, x.shape());
        float[] in = x.floats();
        float[] out = y.floats();
        int n = in.length;
        int tasks = (n + CHUNK - 1) / CHUNK;
        if (tasks <= 1) {
            act.apply(in, 0, out, 0, n);
            return;
        }
        ctx.parallelFor(tasks, t -> act.apply(in, t * CHUNK, out, t * CHUNK, Math.min(CHUNK, n - t * CHUNK)));
    }
}
