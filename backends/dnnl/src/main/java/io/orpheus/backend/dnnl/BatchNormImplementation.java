package io.orpheus.backend.dnnl;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.Support;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * BatchNormalization in inference mode on oneDNN's batch normalization primitive with the given
 * statistics (use_global_stats) and separate scale and shift. Declined: training mode, the running
 * statistics outputs, and the pre-opset-7 per-activation (spatial = 0) form.
 */
final class BatchNormImplementation extends DnnlImplementation {

    BatchNormImplementation(DnnlBackend backend) {
        super(backend, "BatchNormalization", "dnnl.batchnorm");
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
        if (ctx.inputCount() != 5) {
            return Support.no("needs X, scale, B, mean and var");
        }
        if (ctx.node().attrInt("training_mode", 0) != 0) {
            return Support.no("training mode computes batch statistics; only inference maps");
        }
        if (ctx.node().attrInt("spatial", 1) != 1) {
            return Support.no("spatial = 0 (per-activation statistics) has no oneDNN equivalent");
        }
        if (Checks.extraOutputsUsed(ctx)) {
            return Support.no("the running-statistics outputs are not produced in inference");
        }
        int rank = Checks.rank(ctx, 0);
        if (rank < 2 || rank > 5) {
            return Support.no(rank < 0 ? "input rank unknown" : "oneDNN normalises inputs of rank 2 to 5");
        }
        for (int i = 1; i < 5; i++) {
            int r = Checks.rank(ctx, i);
            if (r != 1) {
                return Support.no("scale, B, mean and var must be 1-D");
            }
        }
        long[] x = Checks.shape(ctx, 0);
        if (x != null && Checks.hasZero(x)) {
            return Support.no("empty input");
        }
        return Support.yes("batch normalization primitive, global stats");
    }

    @Override
    Kernel newKernel(DnnlEngine engine, NodeContext ctx) {
        return new BatchNormKernel(engine, ctx, name(), ctx.node().attrFloat("epsilon", 1e-5f));
    }

    private static final class BatchNormKernel extends DnnlKernel {

        private static final int[] ARGS = {DnnlConstants.ARG_SCALE, DnnlConstants.ARG_SHIFT, DnnlConstants.ARG_MEAN,
            DnnlConstants.ARG_VARIANCE};

        private final float epsilon;

        BatchNormKernel(DnnlEngine engine, NodeContext ctx, String implementation, float epsilon) {
            super(engine, ctx, implementation);
            this.epsilon = epsilon;
            prepareKnownShapes(ctx);
        }

        @Override
        protected void build(Plan plan, long[][] shapes) {
            long[] x = shapes[0];
            long c = x[1];
            for (int i = 1; i < 5; i++) {
                if (shapes[i].length != 1 || shapes[i][0] != c) {
                    throw new IllegalArgumentException("input " + i + " " + Arrays.toString(shapes[i]) + " is not (" + c + ")");
                }
            }
            Arena a = plan.arena();
            MemoryDesc data = MemoryDesc.plain(lib, a, x);
            MemoryDesc channel = MemoryDesc.plain(lib, a, c);
            Primitive p = plan.own(Primitive.create(engine, a, "batch normalization",
                    d -> lib.dnnl_batch_normalization_forward_desc_init(d, DnnlConstants.FORWARD_INFERENCE,
                            data.pointer(), epsilon, DnnlConstants.BN_USE_GLOBAL_STATS | DnnlConstants.BN_USE_SCALE
                                    | DnnlConstants.BN_USE_SHIFT), PostOps.none()), "bnorm");
            MemorySegment[] constants = new MemorySegment[5];
            for (int i = 1; i < 5; i++) {
                if (constant(i) != null) {
                    constants[i] = NativeData.constant(plan, constant(i).floats());
                }
            }
            plan.setRunner((ctx, run) -> {
                Tensor out = ctx.nativeOutput(0, DataType.FLOAT, x);
                MemorySegment dst = out.segment();
                Execution.Args args = new Execution.Args()
                        .add(DnnlConstants.ARG_SRC, run.memory(data, Boundary.toNativeOrSelf(run, ctx.input(0), clock)))
                        .add(DnnlConstants.ARG_DST, run.memory(data, dst));
                for (int i = 1; i < 5; i++) {
                    MemorySegment v = constants[i] != null ? constants[i] : Boundary.toNativeOrSelf(run, ctx.input(i), clock);
                    args.add(ARGS[i - 1], run.memory(channel, v));
                }
                long t0 = System.nanoTime();
                run.execute(p, args);
                clock.computed(t0);
            });
        }
    }
}
