package io.orpheus.backend.dnnl;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.Support;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Concat on oneDNN's concat primitive, row-major in and out; inputs empty along the axis are left out. */
final class ConcatImplementation extends DnnlImplementation {

    ConcatImplementation(DnnlBackend backend) {
        super(backend, "Concat", "dnnl.concat");
    }

    @Override
    public Support supports(NodeContext ctx) {
        Support types = Checks.allFloat(ctx);
        if (types != null) {
            return types;
        }
        int rank = -1;
        for (int i = 0; i < ctx.inputCount(); i++) {
            if (ctx.inputType(i) == null || ctx.inputType(i).dtype() == null) {
                return Support.no("input types unknown");
            }
            int r = Checks.rank(ctx, i);
            if (r < 0) {
                return Support.no("input ranks unknown");
            }
            if (rank >= 0 && r != rank) {
                return Support.no("inputs of different ranks");
            }
            rank = r;
        }
        if (rank < 1 || rank > DnnlConstants.MAX_NDIMS) {
            return Support.no("rank " + rank + " is not 1 to " + DnnlConstants.MAX_NDIMS);
        }
        long axis = ctx.node().attrInt("axis", Long.MIN_VALUE);
        if (axis == Long.MIN_VALUE || axis < -rank || axis >= rank) {
            return Support.no("axis missing or out of range");
        }
        return Support.yes("concat primitive");
    }

    @Override
    Kernel newKernel(DnnlEngine engine, NodeContext ctx) {
        return new ConcatKernel(engine, ctx, name());
    }

    private static final class ConcatKernel extends DnnlKernel {

        ConcatKernel(DnnlEngine engine, NodeContext ctx, String implementation) {
            super(engine, ctx, implementation);
            prepareKnownShapes(ctx);
        }

        @Override
        protected void build(Plan plan, long[][] shapes) {
            int rank = shapes[0].length;
            long ax = node.attrInt("axis", 0);
            int axis = (int) (ax < 0 ? ax + rank : ax);
            long[] y = shapes[0].clone();
            y[axis] = 0;
            List<Integer> used = new ArrayList<>();
            for (int i = 0; i < shapes.length; i++) {
                long[] s = shapes[i];
                if (s.length != rank) {
                    throw new IllegalArgumentException("input " + i + " " + Arrays.toString(s) + " is not of rank " + rank);
                }
                for (int d = 0; d < rank; d++) {
                    if (d != axis && s[d] != shapes[0][d]) {
                        throw new IllegalArgumentException("input " + i + " " + Arrays.toString(s) + " differs from "
                                + Arrays.toString(shapes[0]) + " off the axis");
                    }
                }
                y[axis] += s[axis];
                if (!Checks.hasZero(s)) {
                    used.add(i);
                }
            }
            if (Checks.hasZero(y) || used.isEmpty()) {
                plan.setRunner((ctx, run) -> ctx.output(0, DataType.FLOAT, y));
                return;
            }
            Arena a = plan.arena();
            MemoryDesc[] srcs = new MemoryDesc[used.size()];
            for (int j = 0; j < srcs.length; j++) {
                srcs[j] = MemoryDesc.plain(lib, a, shapes[used.get(j)]);
            }
            MemoryDesc dst = MemoryDesc.plain(lib, a, y);
            Primitive p = plan.own(Primitive.concat(engine, a, dst, axis, srcs), "concat");
            plan.setRunner((ctx, run) -> {
                Tensor out = ctx.nativeOutput(0, DataType.FLOAT, y);
                Execution.Args args = new Execution.Args();
                for (int j = 0; j < srcs.length; j++) {
                    args.add(DnnlConstants.ARG_MULTIPLE_SRC + j,
                            run.memory(srcs[j], Boundary.toNativeOrSelf(run, input(ctx, used.get(j)), clock)));
                }
                MemorySegment dstData = out.segment();
                args.add(DnnlConstants.ARG_DST, run.memory(dst, dstData));
                long t0 = System.nanoTime();
                run.execute(p, args);
                clock.computed(t0);
            });
        }
    }
}
