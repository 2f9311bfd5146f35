package io.orpheus.backend.blas;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.KernelException;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.graph.Node;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * One prepared convolution. The weights, (M, C/group, kH, kW) row-major, are already one row-major
 * (M/group) x (C/group * kH * kW) matrix per group, so they go to native memory as they are, once.
 * Activations are copied to native memory and back on every run: this backend works on heap tensors
 * until the planner places storage boundaries between backends.
 */
final class ConvKernel extends NativeKernel {

    private final Node node;
    private final String implementation;
    private final boolean pointwise;
    private final boolean fused;
    private final Activation activation;
    private final float alpha;
    private final Operand weight;
    private final long[] weightShape;
    private final float[] constantBias;

    ConvKernel(OpenBlas blas, NodeContext ctx, String implementation, boolean pointwise, boolean fused,
            Activation activation, float alpha) {
        super(blas);
        this.node = ctx.node();
        this.implementation = implementation;
        this.pointwise = pointwise;
        this.fused = fused;
        this.activation = activation;
        this.alpha = alpha;
        Tensor w = ctx.constantInput(1);
        this.weightShape = w == null ? null : w.shape();
        Tensor b = ctx.inputCount() > 2 ? ctx.constantInput(2) : null;
        this.constantBias = b == null ? null : b.toHeap().floats().clone();
        try {
            this.weight = Operand.prepare(w, weights);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    @Override
    long nativeWeightBytes() {
        return weight.bytes();
    }

    @Override
    String algorithm() {
        return pointwise ? "1x1 convolution: sgemm per batch item" : "im2col + sgemm per batch item and group";
    }

    @Override
    public void run(KernelContext ctx) {
        Tensor x = ctx.input(0);
        Tensor w = ctx.input(1);
        ConvGeometry g;
        try {
            g = ConvGeometry.of(node, x.shape(), weightShape != null ? weightShape : w.shape());
        } catch (IllegalArgumentException e) {
            throw new KernelException(node, implementation, e.getMessage(), e);
        }
        if (pointwise && !g.isPointwise()) {
            throw new KernelException(node, implementation, "input " + Arrays.toString(x.shape())
                    + " makes this convolution other than 1x1 stride 1 unpadded");
        }
        Tensor y = ctx.output(0, DataType.FLOAT, g.outputShape());
        float[] out = y.floats();
        if (out.length == 0) {
            return;
        }
        clock.run();
        blas.useThreads(ctx.threads());
        try (Arena run = Arena.ofConfined()) {
            MemorySegment wSeg = weight.segment(w, run, clock);
            MemorySegment ySeg = NativeFloats.allocate(run, out.length);
            if (g.groupDepth() > 0) {
                if (pointwise) {
                    runPointwise(g, x, wSeg, ySeg, run);
                } else {
                    runIm2col(g, x.toHeap().floats(), wSeg, ySeg, run);
                }
            }
            NativeFloats.copyOut(ySeg, out, out.length, clock);
        }
        epilogue(ctx, g).apply(out, residual(ctx, out.length), g.batch(), g.outChannels(), g.outPlane());
    }

    private void runPointwise(ConvGeometry g, Tensor x, MemorySegment wSeg, MemorySegment ySeg, Arena run) {
        MemorySegment xSeg = NativeFloats.of(x, run, clock);
        int m = g.outChannels();
        int c = g.inChannels();
        int p = g.outPlane();
        long t0 = System.nanoTime();
        for (int n = 0; n < g.batch(); n++) {
            blas.sgemm(false, false, m, p, c, 1f, wSeg, 0, c, xSeg, (long) n * c * p, p, 0f, ySeg, (long) n * m * p, p);
        }
        clock.computed(t0);
    }

    private void runIm2col(ConvGeometry g, float[] x, MemorySegment wSeg, MemorySegment ySeg, Arena run) {
        int depth = g.groupDepth();
        int p = g.outPlane();
        int mg = g.groupOut();
        float[] col = new float[depth * p];
        MemorySegment colSeg = NativeFloats.allocate(run, col.length);
        for (int n = 0; n < g.batch(); n++) {
            for (int grp = 0; grp < g.groups(); grp++) {
                Im2col.unfold(g, x, n, grp, col);
                NativeFloats.copyIn(col, 0, colSeg, 0, col.length, clock);
                long t0 = System.nanoTime();
                blas.sgemm(false, false, mg, p, depth, 1f, wSeg, (long) grp * mg * depth, depth, colSeg, 0, p, 0f,
                        ySeg, ((long) n * g.outChannels() + (long) grp * mg) * p, p);
                clock.computed(t0);
            }
        }
    }

    private ConvEpilogue epilogue(KernelContext ctx, ConvGeometry g) {
        float[] bias = constantBias;
        if (bias == null && ctx.inputCount() > 2 && ctx.input(2) != null) {
            bias = ctx.input(2).toHeap().floats();
        }
        if (bias != null && bias.length != g.outChannels()) {
            throw new KernelException(node, implementation, "bias has " + bias.length + " values for "
                    + g.outChannels() + " output channels");
        }
        return new ConvEpilogue(bias, activation, alpha);
    }

    private float[] residual(KernelContext ctx, int outputSize) {
        if (!fused || ctx.inputCount() < 4 || ctx.input(3) == null) {
            return null;
        }
        Tensor z = ctx.input(3);
        if (z.size() != outputSize) {
            throw new KernelException(node, implementation, "residual Z " + Arrays.toString(z.shape())
                    + " does not have the output's " + outputSize + " elements");
        }
        return z.toHeap().floats();
    }
}
