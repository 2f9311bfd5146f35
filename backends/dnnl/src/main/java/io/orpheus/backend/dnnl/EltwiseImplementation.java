package io.orpheus.backend.dnnl;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.Support;
import io.orpheus.api.backend.Tolerance;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import java.lang.foreign.MemorySegment;

/**
 * The unary ONNX operators that are exactly one oneDNN eltwise algorithm: Relu, Sigmoid (logistic),
 * Tanh, Clip (clip_v2, bounds inclusive), LeakyRelu (relu with a slope), Elu and HardSwish, on any rank.
 */
final class EltwiseImplementation extends DnnlImplementation {

    enum Op {
        RELU("Relu", DnnlConstants.ELTWISE_RELU, false),
        SIGMOID("Sigmoid", DnnlConstants.ELTWISE_LOGISTIC, true),
        TANH("Tanh", DnnlConstants.ELTWISE_TANH, true),
        CLIP("Clip", DnnlConstants.ELTWISE_CLIP_V2, false),
        LEAKY_RELU("LeakyRelu", DnnlConstants.ELTWISE_RELU, false),
        ELU("Elu", DnnlConstants.ELTWISE_ELU, true),
        HARD_SWISH("HardSwish", DnnlConstants.ELTWISE_HARDSWISH, false);

        final String opType;
        final int algorithm;
        /** Evaluated through oneDNN's vectorised exp, a polynomial approximation. */
        final boolean transcendental;

        Op(String opType, int algorithm, boolean transcendental) {
            this.opType = opType;
            this.algorithm = algorithm;
            this.transcendental = transcendental;
        }
    }

    /** A few ulps of relative error from the exp approximation, plus slack for outputs near zero. */
    private static final Tolerance APPROXIMATION = new Tolerance(1e-6, 1e-4);

    private final Op op;

    EltwiseImplementation(DnnlBackend backend, Op op) {
        super(backend, op.opType, "dnnl.eltwise." + op.opType.toLowerCase(java.util.Locale.ROOT));
        this.op = op;
    }

    @Override
    public Tolerance tolerance() {
        return op.transcendental ? APPROXIMATION : null;
    }

    @Override
    public Support supports(NodeContext ctx) {
        Support types = Checks.allFloat(ctx);
        if (types != null) {
            return types;
        }
        if (ctx.inputType(0) == null || ctx.inputType(0).dtype() == null) {
            return Support.no("input type unknown");
        }
        if (Checks.rank(ctx, 0) > DnnlConstants.MAX_NDIMS) {
            return Support.no("rank above oneDNN's " + DnnlConstants.MAX_NDIMS);
        }
        if (op == Op.CLIP && ctx.opVersion() >= 11) {
            for (int i = 1; i < Math.min(3, ctx.inputCount()); i++) {
                ValueInfo v = ctx.inputType(i);
                if (ctx.node().hasInput(i) && v != null && v.hasRank() && v.rank() > 0
                        && !(v.isFullyKnown() && v.concreteShape()[0] == 1 && v.rank() == 1)) {
                    return Support.no("Clip bound is not a scalar");
                }
            }
        }
        return Support.yes("eltwise primitive");
    }

    @Override
    Kernel newKernel(DnnlEngine engine, NodeContext ctx) {
        float[] ab = parameters(ctx);
        boolean computedBounds = op == Op.CLIP && ctx.opVersion() >= 11 && computedBound(ctx);
        return new EltwiseKernel(engine, ctx, name(), op.algorithm, ab[0], ab[1], computedBounds);
    }

    /** Whether one of Clip's bounds is an input computed at run time. */
    private static boolean computedBound(NodeContext ctx) {
        for (int i = 1; i < Math.min(3, ctx.inputCount()); i++) {
            if (ctx.node().hasInput(i) && ctx.constantInput(i) == null) {
                return true;
            }
        }
        return false;
    }

    /** oneDNN's alpha and beta for this node. */
    private float[] parameters(NodeContext ctx) {
        Node node = ctx.node();
        return switch (op) {
            case LEAKY_RELU -> new float[] {node.attrFloat("alpha", 0.01f), 0f};
            case ELU -> new float[] {node.attrFloat("alpha", 1f), 0f};
            case CLIP -> ctx.opVersion() >= 11
                    ? new float[] {bound(ctx, 1, Float.NEGATIVE_INFINITY), bound(ctx, 2, Float.POSITIVE_INFINITY)}
                    : new float[] {node.attrFloat("min", -Float.MAX_VALUE), node.attrFloat("max", Float.MAX_VALUE)};
            default -> new float[] {0f, 0f};
        };
    }

    private static float bound(NodeContext ctx, int i, float fallback) {
        Tensor c = i < ctx.inputCount() ? ctx.constantInput(i) : null;
        return c == null ? fallback : c.toHeap().floats()[0];
    }

    private static final class EltwiseKernel extends DnnlKernel {

        private final int algorithm;
        private final float alpha;
        private final float beta;

        /** Clip with a bound computed at run time: the primitive is made for the run's bound values. */
        private final boolean computedBounds;

        EltwiseKernel(DnnlEngine engine, NodeContext ctx, String implementation, int algorithm, float alpha,
                float beta, boolean computedBounds) {
            super(engine, ctx, implementation);
            this.algorithm = algorithm;
            this.alpha = alpha;
            this.beta = beta;
            this.computedBounds = computedBounds;
            prepareKnownShapes(ctx);
        }

        @Override
        protected int runtimeScalarCount() {
            return computedBounds ? 2 : 0;
        }

        /** Clip's min and max for this run: the inputs' values, or the constants', or no bound. */
        @Override
        protected float[] runtimeScalars(KernelContext ctx) {
            return new float[] {scalar(ctx, 1, alpha), scalar(ctx, 2, beta)};
        }

        private float scalar(KernelContext ctx, int i, float fallback) {
            Tensor t = i < ctx.inputCount() ? input(ctx, i) : null;
            if (t == null) {
                return fallback;
            }
            if (t.size() != 1) {
                throw fail("Clip bound " + i + " has " + t.size() + " elements, not one");
            }
            return t.toHeap().floats()[0];
        }

        @Override
        protected void build(Plan plan, long[][] shapes) {
            build(plan, shapes, null);
        }

        @Override
        protected void build(Plan plan, long[][] shapes, float[] scalars) {
            float beta = scalars == null ? this.beta : scalars[1];
            float given = scalars == null ? this.alpha : scalars[0];
            // ONNX's min(max(x, lo), hi) is hi everywhere when lo > hi; oneDNN refuses such bounds
            float alpha = algorithm == DnnlConstants.ELTWISE_CLIP_V2 && given > beta ? beta : given;
            long[] x = shapes[0];
            if (Checks.hasZero(x)) {
                plan.setRunner((ctx, run) -> ctx.output(0, DataType.FLOAT, x));
                return;
            }
            MemoryDesc md = MemoryDesc.plain(lib, plan.arena(), x);
            Primitive p = plan.own(Primitive.create(engine, plan.arena(), "eltwise",
                    d -> lib.dnnl_eltwise_forward_desc_init(d, DnnlConstants.FORWARD_INFERENCE, algorithm, md.pointer(),
                            alpha, beta), PostOps.none()), "eltwise");
            plan.setRunner((ctx, run) -> {
                Tensor out = ctx.nativeOutput(0, DataType.FLOAT, x);
                MemorySegment src = Boundary.toNativeOrSelf(run, ctx.input(0), clock);
                MemorySegment dst = out.segment();
                long t0 = System.nanoTime();
                run.execute(p, new Execution.Args().add(DnnlConstants.ARG_SRC, run.memory(md, src))
                        .add(DnnlConstants.ARG_DST, run.memory(md, dst)));
                clock.computed(t0);
            });
        }
    }
}
