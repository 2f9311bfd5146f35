package io.orpheus.backend.dnnl;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.Support;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Softmax on oneDNN's softmax primitive. From opset 13 along the given axis (default last); before 13,
 * ONNX flattens the input to 2-D at the axis (default 1) and normalises each row, which is a softmax
 * over axis 1 of that 2-D view.
 */
final class SoftmaxImplementation extends DnnlImplementation {

    SoftmaxImplementation(DnnlBackend backend) {
        super(backend, "Softmax", "dnnl.softmax");
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
        int rank = Checks.rank(ctx, 0);
        if (rank < 1 || rank > DnnlConstants.MAX_NDIMS) {
            return Support.no(rank < 0 ? "input rank unknown" : "rank " + rank + " is not 1 to " + DnnlConstants.MAX_NDIMS);
        }
        long axis = ctx.node().attrInt("axis", ctx.opVersion() >= 13 ? -1 : 1);
        if (axis < -rank || axis >= rank) {
            return Support.no("axis " + axis + " out of range for rank " + rank);
        }
        long[] x = Checks.shape(ctx, 0);
        if (x != null && Checks.hasZero(x)) {
            return Support.no("empty input");
        }
        return Support.yes(ctx.opVersion() >= 13 ? "softmax primitive on the axis" : "softmax primitive on the 2-D view");
    }

    @Override
    Kernel newKernel(DnnlEngine engine, NodeContext ctx) {
        return new SoftmaxKernel(engine, ctx, name(), ctx.opVersion() >= 13);
    }

    private static final class SoftmaxKernel extends DnnlKernel {

        private final boolean perAxis;

        SoftmaxKernel(DnnlEngine engine, NodeContext ctx, String implementation, boolean perAxis) {
            super(engine, ctx, implementation);
            this.perAxis = perAxis;
            prepareKnownShapes(ctx);
        }

        @Override
        protected void build(Plan plan, long[][] shapes) {
            long[] x = shapes[0];
            int rank = x.length;
            long ax = node.attrInt("axis", perAxis ? -1 : 1);
            int axis = (int) (ax < 0 ? ax + rank : ax);
            if (Checks.hasZero(x)) {
                plan.setRunner((ctx, run) -> ctx.output(0, DataType.FLOAT, x));
                return;
            }
            long[] dims = x;
            int primitiveAxis = axis;
            if (!perAxis) {
                long rows = 1;
                long cols = 1;
                for (int i = 0; i < rank; i++) {
                    if (i < axis) {
                        rows *= x[i];
                    } else {
                        cols *= x[i];
                    }
                }
                dims = new long[] {rows, cols};
                primitiveAxis = 1;
            }
            Arena a = plan.arena();
            MemoryDesc md = MemoryDesc.plain(lib, a, dims);
            int pAxis = primitiveAxis;
            Primitive p = plan.own(Primitive.create(engine, a, "softmax",
                    d -> lib.dnnl_softmax_forward_desc_init(d, DnnlConstants.FORWARD_INFERENCE, md.pointer(), pAxis),
                    PostOps.none()), "softmax");
            plan.setRunner((ctx, run) -> {
                Tensor out = ctx.nativeOutput(0, DataType.FLOAT, x);
                MemorySegment dst = out.segment();
                long t0 = System.nanoTime();
                run.execute(p, new Execution.Args()
                        .add(DnnlConstants.ARG_SRC, run.memory(md, Boundary.toNativeOrSelf(run, ctx.input(0), clock)))
                        .add(DnnlConstants.ARG_DST, run.memory(md, dst)));
                clock.computed(t0);
            });
        }
    }
}
