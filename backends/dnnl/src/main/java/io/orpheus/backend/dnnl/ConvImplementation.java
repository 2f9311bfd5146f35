package io.orpheus.backend.dnnl;

import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelException;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.backend.StorageKind;
import io.orpheus.api.backend.Support;
import io.orpheus.api.graph.Node;
import java.util.Arrays;

/**
 * Conv, or the fused {@code io.orpheus:FusedConv} ({@code act(Conv(X, W, B) + Z)}), as one oneDNN
 * convolution primitive: bias as its bias argument, the residual Z as a sum post-op (Z is copied into
 * the destination first), the activation as an eltwise post-op. 1-D, 2-D and 3-D; groups (depthwise
 * included), strides, dilations, pads and auto_pad.
 */
final class ConvImplementation implements OpImplementation {

    static final String FUSED_DOMAIN = "io.orpheus";

    private final DnnlBackend backend;
    private final boolean fused;

    ConvImplementation(DnnlBackend backend, boolean fused) {
        this.backend = backend;
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
        return fused ? "dnnl.fusedconv" : "dnnl.conv";
    }

    @Override
    public StorageKind storage() {
        return StorageKind.NATIVE;
    }

    @Override
    public Support supports(NodeContext ctx) {
        Support types = Checks.floatInputs(ctx, 0, 1, 2, 3);
        if (types != null) {
            return types;
        }
        Node node = ctx.node();
        if (fused && FusedActivation.of(node) == null) {
            return Support.no("activation '" + node.attrString(FusedActivation.ATTR, "")
                    + "' is not one of \"\", Relu, Relu6, LeakyRelu, HardSwish, Sigmoid");
        }
        int xRank = Checks.rank(ctx, 0);
        int wRank = Checks.rank(ctx, 1);
        if (xRank < 3 || xRank > 5 || wRank != xRank) {
            return Support.no(xRank < 0 || wRank < 0 ? "input or weight rank unknown"
                    : "oneDNN convolutions are 1-D, 2-D or 3-D (X and W of rank 3 to 5)");
        }
        String autoPad = node.attrString("auto_pad", "NOTSET");
        if (!autoPad.equals("NOTSET") && !autoPad.equals("VALID") && !autoPad.startsWith("SAME_")) {
            return Support.no("auto_pad '" + autoPad + "' is unknown");
        }
        long[] x = Checks.shape(ctx, 0);
        long[] w = Checks.shape(ctx, 1);
        if (x != null && w != null) {
            long group = node.attrInt("group", 1);
            if (group < 1 || x[1] != group * w[1] || w[0] % group != 0) {
                return Support.no("X's " + x[1] + " channels, W's shape and group " + group + " do not agree");
            }
            if (Checks.hasZero(x) || Checks.hasZero(w)) {
                return Support.no("empty input or weights");
            }
            long[] xs = Arrays.copyOfRange(x, 2, x.length);
            long[] ks = Arrays.copyOfRange(w, 2, w.length);
            try {
                Window.of(node, xs, ks);
            } catch (IllegalArgumentException e) {
                return Support.no(e.getMessage());
            }
        }
        return Support.yes("one convolution primitive" + (fused ? " with bias/sum/eltwise post-ops" : ""));
    }

    @Override
    public Kernel prepare(NodeContext ctx) {
        Support s = supports(ctx);
        if (!s.supported()) {
            throw new KernelException(ctx.node(), name(), s.reason());
        }
        return new ConvKernel(backend.engine(ctx.node(), name()), ctx, name(), fused);
    }
}
