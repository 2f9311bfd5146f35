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
 * Add and Mul on oneDNN's binary primitive: same shapes, or one operand of the result's shape and the
 * other broadcast along any of its dims (per-channel NCHW, scalars, rows). Both commute, so the full
 * operand goes first. Declined: both operands broadcast (e.g. (3,1) + (1,4)), unknown shapes, and the
 * pre-opset-7 legacy broadcast attribute.
 */
final class BinaryImplementation extends DnnlImplementation {

    private final boolean add;

    BinaryImplementation(DnnlBackend backend, boolean add) {
        super(backend, add ? "Add" : "Mul", add ? "dnnl.add" : "dnnl.mul");
        this.add = add;
    }

    @Override
    public Support supports(NodeContext ctx) {
        Support types = Checks.floatInputs(ctx, 0, 1);
        if (types != null) {
            return types;
        }
        if (ctx.inputType(0) == null || ctx.inputType(0).dtype() == null || ctx.inputType(1) == null
                || ctx.inputType(1).dtype() == null) {
            return Support.no("input types unknown");
        }
        if (ctx.opVersion() < 7) {
            return Support.no("opset " + ctx.opVersion() + " legacy broadcast (axis/broadcast attributes)");
        }
        long[] a = Checks.shape(ctx, 0);
        long[] b = Checks.shape(ctx, 1);
        if (a == null || b == null) {
            return Support.no("shapes not known: cannot tell which operand is broadcast");
        }
        try {
            Layout l = Layout.of(a, b);
            if (Checks.hasZero(l.dst())) {
                return Support.no("empty result");
            }
        } catch (IllegalArgumentException e) {
            return Support.no(e.getMessage());
        }
        return Support.yes("binary primitive");
    }

    @Override
    Kernel newKernel(DnnlEngine engine, NodeContext ctx) {
        return new BinaryKernel(engine, ctx, name(), add ? DnnlConstants.BINARY_ADD : DnnlConstants.BINARY_MUL);
    }

    /** Which input goes first (the one of the result's shape), and both padded to the result's rank. */
    record Layout(boolean swapped, long[] src0, long[] src1, long[] dst, long[] outShape) {
        static Layout of(long[] a, long[] b) {
            int r = Math.max(1, Math.max(a.length, b.length));
            if (r > DnnlConstants.MAX_NDIMS) {
                throw new IllegalArgumentException("rank above oneDNN's " + DnnlConstants.MAX_NDIMS);
            }
            long[] pa = ones(r, a);
            long[] pb = ones(r, b);
            long[] y = new long[r];
            for (int i = 0; i < r; i++) {
                if (pa[i] != pb[i] && pa[i] != 1 && pb[i] != 1) {
                    throw new IllegalArgumentException(Arrays.toString(a) + " and " + Arrays.toString(b) + " do not broadcast");
                }
                y[i] = pa[i] == 1 ? pb[i] : pa[i];
            }
            long[] out = new long[Math.max(a.length, b.length)];
            System.arraycopy(y, r - out.length, out, 0, out.length);
            if (Arrays.equals(pa, y)) {
                return new Layout(false, pa, pb, y, out);
            }
            if (Arrays.equals(pb, y)) {
                return new Layout(true, pb, pa, y, out);
            }
            throw new IllegalArgumentException("both " + Arrays.toString(a) + " and " + Arrays.toString(b)
                    + " are broadcast; oneDNN broadcasts the second operand only");
        }

        private static long[] ones(int r, long[] s) {
            long[] v = new long[r];
            Arrays.fill(v, 1);
            System.arraycopy(s, 0, v, r - s.length, s.length);
            return v;
        }
    }

    private static final class BinaryKernel extends DnnlKernel {

        private final int algorithm;

        BinaryKernel(DnnlEngine engine, NodeContext ctx, String implementation, int algorithm) {
            super(engine, ctx, implementation);
            this.algorithm = algorithm;
            prepareKnownShapes(ctx);
        }

        @Override
        protected void build(Plan plan, long[][] shapes) {
            Layout l = Layout.of(shapes[0], shapes[1]);
            if (Checks.hasZero(l.dst())) {
                plan.setRunner((ctx, run) -> ctx.output(0, DataType.FLOAT, l.outShape()));
                return;
            }
            Arena a = plan.arena();
            MemoryDesc s0 = MemoryDesc.plain(lib, a, l.src0());
            MemoryDesc s1 = MemoryDesc.plain(lib, a, l.src1());
            MemoryDesc dst = MemoryDesc.plain(lib, a, l.dst());
            Primitive p = plan.own(Primitive.create(engine, a, "binary",
                    d -> lib.dnnl_binary_desc_init(d, algorithm, s0.pointer(), s1.pointer(), dst.pointer()),
                    PostOps.none()), "binary");
            int first = l.swapped() ? 1 : 0;
            int second = 1 - first;
            MemorySegment c0 = constant(first) != null ? NativeData.constant(plan, constant(first).floats()) : null;
            MemorySegment c1 = constant(second) != null ? NativeData.constant(plan, constant(second).floats()) : null;
            plan.setRunner((ctx, run) -> {
                Tensor out = ctx.nativeOutput(0, DataType.FLOAT, l.outShape());
                MemorySegment d0 = c0 != null ? c0 : Boundary.toNativeOrSelf(run, ctx.input(first), clock);
                MemorySegment d1 = c1 != null ? c1 : Boundary.toNativeOrSelf(run, ctx.input(second), clock);
                MemorySegment dstData = out.segment();
                long t0 = System.nanoTime();
                run.execute(p, new Execution.Args().add(DnnlConstants.ARG_SRC, run.memory(s0, d0))
                        .add(DnnlConstants.ARG_SRC_1, run.memory(s1, d1)).add(DnnlConstants.ARG_DST, run.memory(dst, dstData)));
                clock.computed(t0);
            });
        }
    }
}
