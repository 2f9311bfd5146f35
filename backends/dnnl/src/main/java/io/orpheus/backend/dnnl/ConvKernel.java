package io.orpheus.backend.dnnl;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.NodeContext;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * One prepared convolution. Source, weights and destination layouts are left to oneDNN (format any):
 * constant weights are reordered into the chosen layout once per plan; activations are reordered from
 * and to row-major at the boundaries of each run when the chosen layout is blocked.
 */
final class ConvKernel extends DnnlKernel {

    private final boolean fused;
    private final FusedActivation activation;
    private final long group;

    ConvKernel(DnnlEngine engine, NodeContext ctx, String implementation, boolean fused) {
        super(engine, ctx, implementation);
        this.fused = fused;
        this.activation = fused ? FusedActivation.of(node) : FusedActivation.NONE;
        this.group = node.attrInt("group", 1);
        prepareKnownShapes(ctx);
    }

    @Override
    protected void build(Plan plan, long[][] shapes) {
        long[] x = shapes[0];
        long[] w = shapes[1];
        if (x == null || w == null || x.length != w.length || x.length < 3 || x.length > 5) {
            throw new IllegalArgumentException("X " + Arrays.toString(x) + " and W " + Arrays.toString(w)
                    + " must be of the same rank, 3 to 5");
        }
        if (x[1] != group * w[1] || w[0] % group != 0) {
            throw new IllegalArgumentException("X's " + x[1] + " channels, W " + Arrays.toString(w)
                    + " and group " + group + " do not agree");
        }
        boolean hasBias = shapes.length > 2 && shapes[2] != null;
        if (hasBias && (shapes[2].length != 1 || shapes[2][0] != w[0])) {
            throw new IllegalArgumentException("bias " + Arrays.toString(shapes[2]) + " is not (" + w[0] + ")");
        }
        boolean hasResidual = fused && shapes.length > 3 && shapes[3] != null;
        int spatial = x.length - 2;
        Window win = Window.of(node, Arrays.copyOfRange(x, 2, x.length), Arrays.copyOfRange(w, 2, w.length))
                .trimmedRightPad();
        long[] y = new long[x.length];
        y[0] = x[0];
        y[1] = w[0];
        System.arraycopy(win.output(), 0, y, 2, spatial);
        if (hasResidual && !Arrays.equals(shapes[3], y)) {
            throw new IllegalArgumentException("residual Z " + Arrays.toString(shapes[3]) + " is not of the output's shape "
                    + Arrays.toString(y));
        }
        long[] wDims = w;
        if (group > 1) {
            wDims = new long[w.length + 1];
            wDims[0] = group;
            wDims[1] = w[0] / group;
            System.arraycopy(w, 1, wDims, 2, w.length - 1);
        }
        if (Checks.hasZero(y) || Checks.hasZero(x)) {
            plan.setRunner((ctx, run) -> ctx.output(0, DataType.FLOAT, y));
            return;
        }
        Arena a = plan.arena();
        MemoryDesc srcAny = MemoryDesc.any(lib, a, x);
        MemoryDesc weiAny = MemoryDesc.any(lib, a, wDims);
        MemoryDesc dstAny = MemoryDesc.any(lib, a, y);
        MemoryDesc biasMd = hasBias ? MemoryDesc.plain(lib, a, w[0]) : null;
        PostOps ops = PostOps.none();
        if (hasResidual) {
            ops.sum(1f);
        }
        activation.appendTo(ops, node);
        Primitive conv = plan.own(Primitive.create(engine, a, "convolution",
                d -> lib.dnnl_dilated_convolution_forward_desc_init(d, DnnlConstants.FORWARD_INFERENCE,
                        DnnlConstants.CONVOLUTION_DIRECT, srcAny.pointer(), weiAny.pointer(),
                        biasMd == null ? null : biasMd.pointer(), dstAny.pointer(), pad(win.strides()),
                        pad(win.dilations()), pad(win.padL()), pad(win.padR())), ops), "conv");
        Boundary src = plan.own(Boundary.in(engine, a, MemoryDesc.plain(lib, a, x),
                conv.md(a, DnnlConstants.QUERY_SRC_MD, 0)));
        Boundary wei = plan.own(Boundary.in(engine, a, MemoryDesc.plain(lib, a, wDims),
                conv.md(a, DnnlConstants.QUERY_WEIGHTS_MD, 0)));
        MemoryDesc dstInner = conv.md(a, DnnlConstants.QUERY_DST_MD, 0);
        Boundary dst = plan.own(Boundary.out(engine, a, MemoryDesc.plain(lib, a, y), dstInner));
        Boundary residual = hasResidual ? plan.own(Boundary.in(engine, a, MemoryDesc.plain(lib, a, y), dstInner)) : null;
        if (src.reorders()) {
            plan.describe("src reorder", src.reorderPrimitive());
        }
        if (dst.reorders()) {
            plan.describe("dst reorder", dst.reorderPrimitive());
        }
        if (src.reorders()) {
            plan.carryIn(0, src.inner());
        }
        if (dst.reorders()) {
            plan.carryOut(dstInner);
            if (residual != null) {
                plan.carryIn(3, dstInner);
            }
        }
        MemorySegment constWeights = constant(1) != null ? prepareConstant(plan, wei, constant(1)) : null;
        MemorySegment constBias = hasBias && constant(2) != null ? prepareConstant(plan,
                plan.own(Boundary.in(engine, a, biasMd, biasMd)), constant(2)) : null;
        plan.setRunner((ctx, run) -> {
            // between oneDNN kernels activations may stay in the primitives' layout (see DnnlLayout)
            Tensor carriedOut = carriedOutput(ctx, y);
            Tensor out = carriedOut != null ? carriedOut : ctx.nativeOutput(0, DataType.FLOAT, y);
            MemorySegment carriedSrc = carried(ctx, 0);
            MemorySegment srcData = carriedSrc != null ? carriedSrc : src.enter(run, ctx.input(0), clock);
            MemorySegment weiData = constWeights != null ? constWeights : wei.enter(run, ctx.input(1), clock);
            MemorySegment dstData = carriedOut != null ? carriedOut.segment() : dst.allocateInner(run, out);
            if (residual != null) {
                MemorySegment carriedZ = carried(ctx, 3);
                if (carriedZ != null) {
                    MemorySegment.copy(carriedZ, 0, dstData, 0, dstInner.bytes());
                } else {
                    fillResidual(run, residual, ctx.input(3), dstData);
                }
            }
            Execution.Args args = new Execution.Args()
                    .add(DnnlConstants.ARG_SRC, run.memory(src.inner(), srcData))
                    .add(DnnlConstants.ARG_WEIGHTS, run.memory(wei.inner(), weiData))
                    .add(DnnlConstants.ARG_DST, run.memory(dstInner, dstData));
            if (biasMd != null) {
                MemorySegment b = constBias != null ? constBias : Boundary.toNativeOrSelf(run, ctx.input(2), clock);
                args.add(DnnlConstants.ARG_BIAS, run.memory(biasMd, b));
            }
            long t0 = System.nanoTime();
            run.execute(conv, args);
            clock.computed(t0);
            if (carriedOut == null) {
                dst.leave(run, dstData, out, clock);
            }
        });
    }

    /** Z into the destination buffer, in the destination's layout, for the sum post-op to add to. */
    private void fillResidual(Execution run, Boundary residual, Tensor z, MemorySegment dstData) {
        MemorySegment plainZ = Boundary.toNativeOrSelf(run, z, clock);
        if (residual.reorders()) {
            run.reorder(residual.reorderPrimitive(), residual.plain(), plainZ, residual.inner(), dstData);
        } else {
            long t0 = System.nanoTime();
            MemorySegment.copy(plainZ, 0, dstData, 0, (long) z.size() * Float.BYTES);
            clock.copied(t0, (long) z.size() * Float.BYTES);
        }
    }

    static long[] pad(long[] v) {
        return Arrays.copyOf(v, DnnlConstants.MAX_NDIMS);
    }
}
