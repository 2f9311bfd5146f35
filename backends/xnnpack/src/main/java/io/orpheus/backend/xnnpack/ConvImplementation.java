package io.orpheus.backend.xnnpack;

import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.StorageKind;
import io.orpheus.api.backend.KernelException;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.backend.Support;
import io.orpheus.api.graph.Node;
import java.util.Arrays;

/**
 * Conv, or the fused {@code io.orpheus:FusedConv} (bias, residual Z, activation), as one
 * {@code convolution2d_nhwc_f32} operator: groups (depthwise included), strides, dilations, pads; 1-D
 * convolutions lifted to 2-D. Weights and bias must be constant: XNNPACK packs them when the operator is
 * created, once, at prepare.
 */
final class ConvImplementation implements OpImplementation {

    /** Domain of the fused operators graph-passes makes. */
    static final String FUSED_DOMAIN = "io.orpheus";

    private final boolean fused;

    ConvImplementation(boolean fused) {
        this.fused = fused;
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
        return fused ? "xnnpack.fusedconv" : "xnnpack.conv";
    }

    @Override
    public Support supports(NodeContext ctx) {
        Support typeCheck = FloatInputs.check(ctx, 0, 1, 2, 3);
        if (typeCheck != null) {
            return typeCheck;
        }
        Node node = ctx.node();
        if (fused && ConvActivation.of(node) == null) {
            return Support.no("activation '" + node.attrString(ConvActivation.ATTR, "") + "' is not one of \"\", Relu, "
                    + "Relu6, LeakyRelu, HardSwish, Sigmoid");
        }
        Tensor w = ctx.constantInput(1);
        if (w == null) {
            return Support.no("weights are not constant: XNNPACK packs them when the operator is created");
        }
        if (FloatInputs.present(ctx, 2) && ctx.constantInput(2) == null) {
            return Support.no("bias is not constant: XNNPACK packs it with the weights");
        }
        try {
            ConvShape.of(node, w.shape(), ctx, fused ? ConvActivation.of(node) : ConvActivation.NONE);
        } catch (IllegalArgumentException e) {
            return Support.no(e.getMessage());
        }
        return Support.yes("convolution2d_nhwc_f32, NCHW<->NHWC at the kernel boundary");
    }

    /** Native: inputs from other native kernels arrive without a heap copy (see {@link ChannelsLast}). */
    @Override
    public StorageKind storage() {
        return StorageKind.NATIVE;
    }

    @Override
    public Kernel prepare(NodeContext ctx) {
        Support s = supports(ctx);
        if (!s.supported()) {
            throw new KernelException(ctx.node(), name(), s.reason());
        }
        Xnnpack xnn;
        try {
            xnn = Xnnpack.get();
        } catch (IllegalStateException e) {
            throw new KernelException(ctx.node(), name(), e.getMessage(), e);
        }
        Node node = ctx.node();
        ConvActivation act = fused ? ConvActivation.of(node) : ConvActivation.NONE;
        ConvShape shape = ConvShape.of(node, ctx.constantInput(1).shape(), ctx, act);
        return new ConvKernel(xnn, ctx, name(), shape, act);
    }

    /**
     * What is fixed at prepare: channels, groups, the window; checked against the input's shape where it is
     * known already.
     */
    record ConvShape(int inChannels, int outChannels, int groups, Window window, long[] weightShape) {

        static ConvShape of(Node node, long[] w, NodeContext ctx, ConvActivation act) {
            if (w.length != 3 && w.length != 4) {
                throw new IllegalArgumentException("weight rank " + w.length
                        + ": only 1-D and 2-D convolutions run on XNNPACK");
            }
            int xRank = FloatInputs.rank(ctx, 0);
            if (xRank >= 0 && xRank != w.length) {
                throw new IllegalArgumentException("input rank " + xRank + " differs from weight rank " + w.length);
            }
            for (long d : w) {
                if (d == 0) {
                    throw new IllegalArgumentException("empty weights " + Arrays.toString(w));
                }
            }
            long group = node.attrInt("group", 1);
            long m = w[0];
            long c = w[1] * group;
            long knownC = FloatInputs.dim(ctx, 0, 1);
            if (group < 1 || m % group != 0 || knownC >= 0 && knownC != c) {
                throw new IllegalArgumentException("group " + group + " does not fit input channels "
                        + (knownC >= 0 ? knownC : "?") + " and weights " + Arrays.toString(w));
            }
            long[] kernel = Arrays.copyOfRange(w, 2, w.length);
            long[] declared = node.attrInts("kernel_shape", kernel);
            if (!Arrays.equals(declared, kernel)) {
                throw new IllegalArgumentException("kernel_shape " + Arrays.toString(declared)
                        + " does not match weights " + Arrays.toString(w));
            }
            if (act == ConvActivation.LEAKY_RELU
                    && !Float.isFinite(node.attrFloat(ConvActivation.ALPHA_ATTR, ConvActivation.DEFAULT_LEAKY_ALPHA))) {
                throw new IllegalArgumentException("LeakyRelu alpha is not finite");
            }
            long[] spatial = FloatInputs.spatial(ctx, 0);
            Window window = Window.of(node, kernel, spatial);
            if (spatial != null) {
                long[] lifted = new long[2 + spatial.length];
                System.arraycopy(spatial, 0, lifted, 2, spatial.length);
                int[] plane = window.inputPlane(lifted);
                window.outputPlane(plane[0], plane[1]);
            }
            return new ConvShape(Math.toIntExact(c), Math.toIntExact(m), (int) group, window, w.clone());
        }

        int groupIn() {
            return inChannels / groups;
        }

        int groupOut() {
            return outChannels / groups;
        }
    }
}
