package io.orpheus.backend.blas;

import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelException;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.backend.Support;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;

/**
 * Conv, or the fused {@code io.orpheus:FusedConv} (bias, residual Z and activation in the epilogue),
 * on sgemm: either pointwise (1x1, stride 1, no padding, one group: one sgemm per batch item straight on
 * the input) or im2col (any 1-D or 2-D convolution: one sgemm per batch item and group on the unfolded
 * input).
 */
final class ConvImplementation implements OpImplementation {

    /** Domain of the fused operators graph-passes makes. */
    static final String FUSED_DOMAIN = "io.orpheus";

    enum Algorithm { POINTWISE, IM2COL }

    private final boolean fused;
    private final Algorithm algorithm;

    ConvImplementation(boolean fused, Algorithm algorithm) {
        this.fused = fused;
        this.algorithm = algorithm;
    }

    @Override
    public String domain() {
        return fused ? FUSED_DOMAIN : "";
    }

    @Override
    public String opType() {
        return fused ? "FusedConv" : "Conv";
    }

    @Override
    public String name() {
        return "blas." + (fused ? "fusedconv" : "conv") + (algorithm == Algorithm.POINTWISE ? ".1x1" : ".im2col");
    }

    /** The pointwise form is the specialised one, preferred where it applies. */
    @Override
    public int priority() {
        return algorithm == Algorithm.POINTWISE ? 110 : 100;
    }

    @Override
    public Support supports(NodeContext ctx) {
        Support typeCheck = FloatInputs.check(ctx, 0, 1, 2, 3);
        if (typeCheck != null) {
            return typeCheck;
        }
        Node node = ctx.node();
        if (fused && Activation.of(node) == null) {
            return Support.no("activation '" + node.attrString(Activation.ATTR, "") + "' is not one of \"\", Relu, "
                    + "Relu6, LeakyRelu, HardSwish, Sigmoid");
        }
        int xRank = FloatInputs.rank(ctx, 0);
        int wRank = FloatInputs.rank(ctx, 1);
        if (xRank >= 0 && xRank != 3 && xRank != 4 || wRank >= 0 && wRank != 3 && wRank != 4) {
            return Support.no("only 1-D and 2-D convolutions (input rank 3 or 4) run on BLAS");
        }
        if (algorithm == Algorithm.IM2COL) {
            return Support.yes("im2col + sgemm per group");
        }
        return pointwiseSupport(ctx);
    }

    private static Support pointwiseSupport(NodeContext ctx) {
        Node node = ctx.node();
        ValueInfo x = ctx.inputType(0);
        ValueInfo w = ctx.inputType(1);
        if (x != null && x.isFullyKnown() && w != null && w.isFullyKnown()) {
            try {
                return ConvGeometry.of(node, x.concreteShape(), w.concreteShape()).isPointwise()
                        ? Support.yes("1x1: one sgemm per batch item, no im2col")
                        : Support.no("not 1x1 stride 1 without padding in one group");
            } catch (IllegalArgumentException e) {
                return Support.no(e.getMessage());
            }
        }
        // Shapes not fully known: decide on the attributes and the weights' kernel extent.
        if (node.attrInt("group", 1) != 1) {
            return Support.no("group > 1");
        }
        if (w == null || !w.isFullyKnown()) {
            return Support.no("weight shape unknown, cannot tell a 1x1 kernel");
        }
        long[] ws = w.concreteShape();
        for (int i = 2; i < ws.length; i++) {
            if (ws[i] != 1) {
                return Support.no("kernel is not 1x1");
            }
        }
        if (!allEqual(node.attrInts("strides", null), 1) || !allEqual(node.attrInts("pads", null), 0)) {
            return Support.no("stride or padding is not 1 / 0");
        }
        String autoPad = node.attrString("auto_pad", "NOTSET");
        return autoPad.equals("NOTSET") || autoPad.equals("VALID") || autoPad.startsWith("SAME")
                ? Support.yes("1x1: one sgemm per batch item, no im2col")
                : Support.no("auto_pad '" + autoPad + "' is unknown");
    }

    private static boolean allEqual(long[] v, long value) {
        if (v == null) {
            return true;
        }
        for (long x : v) {
            if (x != value) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Kernel prepare(NodeContext ctx) {
        Support s = supports(ctx);
        if (!s.supported()) {
            throw new KernelException(ctx.node(), name(), s.reason());
        }
        OpenBlas blas;
        try {
            blas = OpenBlas.get();
        } catch (IllegalStateException e) {
            throw new KernelException(ctx.node(), name(), e.getMessage(), e);
        }
        Activation act = fused ? Activation.of(ctx.node()) : Activation.NONE;
        float alpha = ctx.node().attrFloat(Activation.ALPHA_ATTR, Activation.DEFAULT_LEAKY_ALPHA);
        return new ConvKernel(blas, ctx, name(), algorithm == Algorithm.POINTWISE, fused, act, alpha);
    }
}
